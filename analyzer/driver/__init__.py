"""The driver model: one per folder, built when a rule first asks (`ctx.driver`), shared by all.

What a rule asks of it:
  - `graph`: the call graph with C linkage and calls through the driver's ops tables
    (kmodlint.driver.callgraph);
  - `contexts`: entry points by kind and what runs where: `hard_irq_root(ref)`,
    `kinds(ref)`, `registrations` (kmodlint.driver.contexts);
  - `held(ref, offset)`: the locks held at a statement, the callers' included
    (kmodlint.driver.locks);
  - `before_irq(ref, offset)` / `after_irq_freed(ref, offset)`: registration order;
  - `sharing`: what a hard-IRQ handler shares with the rest of the driver and how each side
    updates it: `irq_shared(path, facts)` (kmodlint.driver.sharing).

Only the folder's parsed files are known (FolderIndex.files), and the syntax
trees are read while the run holds them: a model is built and used within one
folder's check.
"""
from __future__ import annotations

from kmodlint import cfg, kernel
from kmodlint.facts import LockKind

from .callgraph import CallGraph, FunctionRef, extractor_of
from .contexts import Contexts
from .locks import LOCK_CALLS, FunctionLocks, Held, State, Summary
from .sharing import Sharing

__all__ = ["DriverModel", "FunctionRef", "Held", "driver_of"]

# What a subsystem holds when it calls a driver's method (the serial core's port lock, kernel.CALLED_LOCKED).
SUBSYSTEM_LOCK = Held(LockKind.SPIN, "the subsystem's lock", "subsystem")


class DriverModel:
    def __init__(self, folder):
        self.folder = folder
        self.graph = CallGraph(folder)
        self._contexts: Contexts | None = None
        self._sharing: Sharing | None = None
        self._locks: dict[FunctionRef, FunctionLocks | None] = {}
        self._callers_hold: dict[FunctionRef, frozenset] = {}
        self._order: dict[tuple[str, FunctionRef], bool] = {}
        self._calls_by_function: dict[str, dict[str, list]] = {}
        self._summary_depth = 0

    @property
    def contexts(self) -> Contexts:
        if self._contexts is None:
            self._contexts = Contexts(self.graph)
        return self._contexts

    @property
    def sharing(self) -> Sharing:
        if self._sharing is None:
            self._sharing = Sharing(self)
        return self._sharing

    def ref(self, path: str, function: str) -> FunctionRef:
        return FunctionRef(path, function)

    # -- locks

    def locks(self, ref: FunctionRef) -> FunctionLocks | None:
        """The lock state along `ref`'s body (None when its tree is not at hand)."""
        if ref not in self._locks:
            node = self.graph.function_node(ref)
            facts = self.folder.files.get(ref.path)
            if node is None or facts is None:
                self._locks[ref] = None
            else:
                calls = [c for c in self._calls_of(ref.path).get(ref.name, ()) if node.start_byte <= c.start_byte < node.end_byte]
                self._locks[ref] = None  # while it is walked: a recursive call summarises as nothing
                extractor = extractor_of(facts)
                body = node.child_by_field_name("body")
                graph = cfg.graph_of(extractor.function_graphs, body, extractor.source.data) if body is not None else None
                self._locks[ref] = FunctionLocks(node, extractor.source.data, calls,
                                                 lambda name: self._summary(ref.path, name), graph)
        return self._locks[ref]

    def _summary(self, path: str, name: str) -> Summary | None:
        """The lock effect of calling the driver's function `name` from the file `path`."""
        callee = self.graph.resolve(name, path)
        # Only a helper that itself takes or drops a lock, and two levels of them at most.
        if callee is None or self._summary_depth >= 2 or not any(
                c.callee in LOCK_CALLS for c in self._calls_of(callee.path).get(callee.name, ())):
            return None
        self._summary_depth += 1
        try:
            locks = self.locks(callee)
        finally:
            self._summary_depth -= 1
        definition = self.graph.definition(callee) if locks is not None else None
        if locks is None or definition is None:
            return None
        return Summary(tuple(p.name for p in definition.params), locks.takes, locks.drops)

    def _calls_of(self, path: str) -> dict[str, list]:
        """The calls of each function of the file `path`."""
        if path not in self._calls_by_function:
            index: dict[str, list] = {}
            for call in self.folder.files[path].calls:
                index.setdefault(call.function, []).append(call)
            self._calls_by_function[path] = index
        return self._calls_by_function[path]

    def state(self, ref: FunctionRef, offset: int) -> State:
        locks = self.locks(ref)
        return locks.state_at(offset) if locks is not None else State()

    def callers_hold(self, ref: FunctionRef, _seen: frozenset = frozenset()) -> frozenset:
        """The locks held at every call of `ref` (by the caller, or by every caller of the
        caller): empty when a caller may be unknown (stored in a table, called from outside)."""
        if ref in self._callers_hold:
            return self._callers_hold[ref]
        if ref in _seen or not self.graph.callers_complete(ref):
            return frozenset()
        common, names, every_spin = None, None, True
        for caller, call in self.graph.callers(ref):
            at_call = self.held(caller, call.start_byte, _seen | {ref})
            common = at_call if common is None else common & at_call
            # The same lock reached through other pointers at other calls (`port`, `&up->port`),
            # or taken by another acquire (spin_lock_irqsave, a uart_port_lock*): held all the same.
            spins = {h.name for h in at_call if h.kind in kernel.SPIN_KINDS and h != SUBSYSTEM_LOCK}
            if SUBSYSTEM_LOCK not in at_call:
                names = spins if names is None else names & spins
            every_spin = every_spin and (bool(spins) or SUBSYSTEM_LOCK in at_call)
            if not common and not names and names is not None:
                break
        result = common or frozenset()
        if not result and every_spin and names:
            result = frozenset({Held(LockKind.SPIN, min(names), "callers")})
        if not _seen:
            self._callers_hold[ref] = result
        return result

    def held(self, ref: FunctionRef, offset: int, _seen: frozenset = frozenset()) -> frozenset:
        """What is held at `offset` of `ref`: its own locks, and those every caller holds
        (less the ones it drops before `offset`)."""
        state = self.state(ref, offset)
        if ref in self.contexts.called_locked:
            return state.held | {SUBSYSTEM_LOCK}
        inherited = self.callers_hold(ref, _seen)
        return state.held | frozenset(h for h in inherited if h.lock not in state.dropped)

    def release_label(self, ref: FunctionRef, held: Held, after: int) -> str:
        """The first goto label after `after` in `ref` from which `held` is released (`out_unlock:`)."""
        locks, facts = self.locks(ref), self.folder.files.get(ref.path)
        release = held.release
        if locks is None or facts is None or not release:
            return ""
        unlocks = [c.start_byte for c in facts.calls_to(release)
                   if c.function == ref.name and c.args and c.args[0] == held.lock]
        for name, node in sorted(locks.label_nodes.items(), key=lambda item: item[1].start_byte):
            if node.start_byte > after and any(start >= node.start_byte for start in unlocks):
                return name
        return ""

    # -- registration order

    def _site_order(self, which: str, ref: FunctionRef, offset: int, seen: frozenset) -> bool:
        facts = self.folder.files.get(ref.path)
        if facts is None:
            return False
        if which == "before":
            sites = [r.call for r in self.contexts.irq_registrations() if r.site == ref and r.path == ref.path]
            if any(offset < call.start_byte for call in sites):
                return True
        else:
            if any(c.function == ref.name and c.end_byte <= offset for c in facts.calls_to(*kernel.IRQ_RELEASE)):
                return True
        return self._all_callers(which, ref, seen)

    def _all_callers(self, which: str, ref: FunctionRef, seen: frozenset) -> bool:
        """Is every call of `ref` itself before the handlers exist (or after they are freed)?"""
        key = (which, ref)
        if key in self._order:
            return self._order[key]
        if ref in seen or not self.graph.callers_complete(ref) or ref in self.contexts.entry_points:
            return False
        result = all(self._site_order(which, caller, call.start_byte, seen | {ref})
                     for caller, call in self.graph.callers(ref))
        if not seen:
            self._order[key] = result
        return result

    def before_irq(self, ref: FunctionRef, offset: int) -> bool:
        """Does `offset` of `ref` run before any IRQ handler of the folder is registered: earlier in
        the function that registers it, or in a helper only ever called at such a point?"""
        return self._site_order("before", ref, offset, frozenset())

    def after_irq_freed(self, ref: FunctionRef, offset: int) -> bool:
        """Does `offset` of `ref` run after free_irq(): later in the function that frees it, or
        in a helper only called at such a point?"""
        return self._site_order("after", ref, offset, frozenset())


def driver_of(folder) -> DriverModel:
    """The folder's model, built once."""
    return folder.memo("driver-model", lambda: DriverModel(folder))
