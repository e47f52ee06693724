"""What is held at each statement of a function: locks and interrupts-off, along its control flow.

A forward dataflow over the function's control-flow graph (kmodlint.cfg) carries
the set of locks held. It follows the structure a reader follows, not the text: a branch
that unlocks and returns does not end the region on the path that goes on; a
lock taken before a loop is held in its body (the body's exit state is merged
into its entry); a `goto out` brings its state to the label; `guard()` holds to
the end of its block and `scoped_guard()` for its body; `if (spin_trylock(l))`
holds on the true branch, `if (mutex_lock_interruptible(m)) return ...` after
the test. Where paths meet, a lock counts as held only when it is held on every
one of them.

The result is a list of (start, end, state) per leaf statement (and per
condition, and a `for`'s initializer and update), looked up by offset. A lock the function releases without having
taken it (the caller's) is remembered as dropped, so that "held by every
caller" does not cover the code after the drop.
"""
from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass
from typing import NamedTuple

from kmodlint import cfg, kernel
from kmodlint.facts import LockKind

# acquire -> its release, for the acquires kernel.LOCKS pairs and those tested in a condition
RELEASE_OF = {acquire: release for acquire, (_, release) in kernel.LOCKS.items()}
RELEASE_OF.update({"mutex_lock_killable": "mutex_unlock", "mutex_trylock": "mutex_unlock",
                   "down_interruptible": "up", "down_killable": "up", "down_trylock": "up",
                   "spin_trylock": "spin_unlock", "raw_spin_trylock": "raw_spin_unlock",
                   "spin_trylock_irqsave": "spin_unlock_irqrestore", "spin_trylock_bh": "spin_unlock_bh",
                   "read_trylock": "read_unlock", "write_trylock": "write_unlock"})
_RELEASES: dict[str, set[str]] = {}
for _acquire, _release in RELEASE_OF.items():
    _RELEASES.setdefault(_release, set()).add(_acquire)
# Acquires that return 0 when they got the lock (the lock is held where the test is false).
_ZERO_ON_SUCCESS = frozenset({"mutex_lock_interruptible", "mutex_lock_killable", "down_interruptible",
                              "down_killable", "down_trylock"})
# Acquires that return nonzero when they got the lock.
_TRYLOCKS = frozenset({"spin_trylock", "raw_spin_trylock", "spin_trylock_irqsave", "spin_trylock_bh",
                       "mutex_trylock", "read_trylock", "write_trylock"})
_TRY_KIND = {"spin_trylock": LockKind.SPIN, "raw_spin_trylock": LockKind.SPIN,
             "spin_trylock_irqsave": LockKind.SPIN_IRQSAVE, "spin_trylock_bh": LockKind.SPIN_BH,
             "mutex_trylock": LockKind.MUTEX, "read_trylock": LockKind.SPIN, "write_trylock": LockKind.SPIN,
             "mutex_lock_killable": LockKind.MUTEX, "down_interruptible": LockKind.SEMAPHORE,
             "down_killable": LockKind.SEMAPHORE, "down_trylock": LockKind.SEMAPHORE}
# Every call that takes or drops a lock (a function of the driver calling one may be a lock helper).
LOCK_CALLS = frozenset(RELEASE_OF) | frozenset(_RELEASES)
# Node visits of the dataflow per function, beyond 8 per node (a node is visited again when the state
# coming in changes, which it does a few times at most: held only shrinks, dropped only grows).
_MAX_VISITS = 50_000


@dataclass(frozen=True, order=True)
class Held:
    """One lock (or interrupts-off) held: `lock` is the lock expression as written ("" for
    local_irq_save/disable), `kind` as in kernel.LOCKS, `taken_by` the acquire's name."""

    kind: LockKind
    lock: str
    taken_by: str

    @property
    def name(self) -> str:
        """The lock's own name, whatever pointer reaches it: `&priv->lock` -> lock."""
        text = self.lock.lstrip("&*( ").rstrip(") ")
        for separator in ("->", "."):
            text = text.rpartition(separator)[2]
        return text.strip()

    @property
    def release(self) -> str:
        return RELEASE_OF.get(self.taken_by, "")

    def describe(self) -> str:
        if self.kind is LockKind.IRQ_OFF:
            return "interrupts off"
        if self.taken_by.startswith("uart_port_"):  # uart_port_lock(&up->port): up->port.lock
            return f"{self.lock[1:].strip()}.lock" if self.lock.startswith("&") else f"{self.lock}->lock"
        return self.lock.lstrip("&") if self.lock else self.taken_by + "()"


@dataclass(frozen=True)
class State:
    held: frozenset = frozenset()
    dropped: frozenset = frozenset()  # lock expressions released here without being taken here

    def merge(self, other: "State | None") -> "State":
        if other is None:
            return self
        return State(self.held & other.held, self.dropped | other.dropped)


@dataclass(frozen=True)
class Summary:
    """What calling a function of the driver does to the caller's locks, in its parameters' names."""

    params: tuple[str, ...]
    takes: frozenset
    drops: frozenset

    def bind(self, args):
        """A lock expression of the callee -> the same lock in the caller's words."""
        names = dict(zip(self.params, args))

        def rename(lock: str) -> str:
            head = lock.lstrip("&*( ")
            word = head.split("->")[0].split(".")[0].strip()
            if word in names:
                prefix = lock[:len(lock) - len(head)]
                return prefix + names[word] + head[len(word):]
            return lock
        return rename


class Place(NamedTuple):
    """Where a statement was (what FunctionLocks keeps of a label, a return, an acquire that is no call)."""

    start_byte: int
    end_byte: int


class FunctionLocks:
    """The lock state at every statement of one function (see the module doc)."""

    def __init__(self, function_node, data: bytes, calls, summary=None, graph: cfg.Graph | None = None):
        self.data = data
        self.summary = summary  # callee name -> Summary of a function of the driver (its own lock helpers)
        self.calls = sorted(calls, key=lambda c: c.start_byte)  # the function's calls (facts)
        self._call_starts = [c.start_byte for c in self.calls]
        self._acquires: dict = {}  # (start, Held) -> (call or Place, Held)
        self._guard_sites: dict[Held, list[int]] = {}  # a guard()'s Held -> where it was taken
        self.labels: dict[str, list[State]] = {}
        self.label_nodes: dict[str, Place] = {}
        self.returns: list[tuple[Place, State]] = []
        self.takes = self.drops = frozenset()
        self._starts: list[int] = []
        self._items: list[tuple[int, int, State]] = []
        body = function_node.child_by_field_name("body")
        if graph is None and body is not None:
            graph = cfg.build(body, data)
        # The graph names nodes by offsets: a model lives as long as its folder's check, and one
        # tree node would hold its whole syntax tree (kmodlint.trees lets a large folder's trees go).
        if graph is not None:
            self._solve(graph)
        self.acquires = sorted(self._acquires.values(), key=lambda pair: pair[0].start_byte)
        self._acquires = {}

    def _acquired(self, site, held: Held) -> None:
        self._acquires.setdefault((site.start_byte, held), (site, held))

    # -- queries

    def state_at(self, offset: int) -> State:
        """The state before the innermost recorded statement (or condition) holding `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0:  # recorded statements and conditions do not nest
            start, end, state = self._items[index]
            if start <= offset < end:
                return state
        return State()

    def held_at(self, offset: int) -> frozenset:
        return self.state_at(offset).held

    # -- the dataflow

    def _solve(self, graph: cfg.Graph) -> None:
        """The state before each node of `graph`: a worklist to a fixpoint, in node order (which is
        the source's, loops and gotos aside). Held is what every way in holds, dropped what any drops."""
        for name, nodes in graph.labels.items():
            self.label_nodes[name] = Place(graph.start[nodes[-1]], graph.end[nodes[-1]])
        if graph.truncated:
            return  # too large to follow: nothing known (as if nothing were held)
        preds = graph.predecessors()
        before: list[State | None] = [None] * len(graph)
        after: list = [None] * len(graph)  # State, or (true, false) for a condition that takes a lock
        before[graph.entry] = State()
        queue, queued = [graph.entry], {graph.entry}
        budget = _MAX_VISITS + 8 * len(graph)
        while queue:
            budget -= 1
            if budget < 0:  # past any real function's work: nothing known
                self._acquires = {}
                return
            node = heapq.heappop(queue)
            queued.discard(node)
            if node != graph.entry:
                state = None
                for pred, label in preds[node]:
                    out = after[pred]
                    if isinstance(out, tuple):
                        out = out[0] if label == cfg.TRUE else out[1]
                    if out is not None:
                        state = out if state is None else state.merge(out)
                if state is None:
                    continue
                before[node] = state
            out = self._transfer(graph, node, before[node])
            if out != after[node]:
                after[node] = out
                for target, _ in graph.succ[node]:
                    if target not in queued:
                        queued.add(target)
                        heapq.heappush(queue, target)
        items = []
        for node, state in enumerate(before):
            if state is None:
                continue
            kind = graph.kind[node]
            if kind in cfg.RECORDED:
                items.append((graph.start[node], graph.end[node], state))
            if kind == cfg.LEAF and graph.type[node] == "return_statement":
                self.returns.append((Place(graph.start[node], graph.end[node]), after[node]))
            elif kind == cfg.JUMP and graph.type[node] == "goto_statement":
                for target, _ in graph.succ[node]:
                    name = next((n for n, ids in graph.labels.items() if target in ids), None)
                    if name is not None:
                        self.labels.setdefault(name, []).append(state)
        # A statement holding another (a `for`'s initializer declaration) is looked up by its start.
        items.sort()
        self._items = items
        self._starts = [start for start, _, _ in items]
        exit_state = before[graph.exit] or State()
        # What a call of this function does to its caller's locks: a helper that takes a lock
        # (or masks the line) and returns with it held, or drops one it did not take.
        self.takes = frozenset(h for h in exit_state.held if h.kind is not LockKind.IRQ_OFF)
        self.drops = exit_state.dropped

    def _transfer(self, graph: cfg.Graph, node: int, state: State):
        kind = graph.kind[node]
        if kind == cfg.LEAF:
            guard = graph.guards.get(node)
            if guard is not None and guard[0] in kernel.GUARD_KINDS:
                held = Held(kernel.GUARD_KINDS[guard[0]], guard[1], "guard(" + guard[0] + ")")
                self._acquired(Place(guard[2], guard[3]), held)
                self._guard_sites.setdefault(held, []).append(guard[2])
                return State(state.held | {held}, state.dropped)
            return self._apply_calls(graph.start[node], graph.end[node], state)
        if kind == cfg.CONDITION:
            test = graph.tests.get(node)
            if test is not None and (test[0] in _TRYLOCKS or test[0] in _ZERO_ON_SUCCESS):
                name, lock, negated, start, end = test
                held = Held(_TRY_KIND.get(name) or kernel.LOCKS[name][0], lock, name)
                self._acquired(Place(start, end), held)
                locked = State(state.held | {held}, state.dropped)
                success_when_true = (name in _TRYLOCKS) != negated
                return (locked, state) if success_when_true else (state, locked)
            return self._apply_calls(graph.start[node], graph.end[node], state)
        if kind == cfg.INITIALIZER or kind == cfg.UPDATE:
            return self._apply_calls(graph.start[node], graph.end[node], state)
        if kind == cfg.BLOCK_END:  # guard()s taken in this block end with it
            start, end = graph.start[node], graph.end[node]
            own = {h for h in state.held if h.taken_by.startswith("guard(")
                   and any(start <= site < end for site in self._guard_sites.get(h, ()))}
            return State(state.held - own, state.dropped) if own else state
        if kind == cfg.GUARD_ENTER:
            held = self._scoped(graph, node)
            self._acquired(Place(graph.start[node], graph.end[node]), held)
            return State(state.held | {held}, state.dropped)
        if kind == cfg.GUARD_EXIT:
            return State(state.held - {self._scoped(graph, graph.guard_of_exit[node])}, state.dropped)
        return state

    @staticmethod
    def _scoped(graph: cfg.Graph, node: int) -> Held:
        """The Held of a `scoped_guard(kind, &lock) { ... }` (masked into a `while` by kmodlint.source)."""
        kind, lock = graph.scoped[node]
        return Held(kernel.GUARD_KINDS[kind], lock, "scoped_guard(" + kind + ")")

    def _apply_calls(self, start: int, end: int, state: State) -> State:
        first = bisect.bisect_left(self._call_starts, start)
        last = bisect.bisect_left(self._call_starts, end)
        for call in self.calls[first:last]:
            state = self._apply(call, state)
        return state

    def _apply(self, call, state: State) -> State:
        callee = call.callee
        if callee in kernel.LOCKS and callee not in _ZERO_ON_SUCCESS and callee not in _TRYLOCKS:
            kind = kernel.LOCKS[callee][0]
            held = Held(kind, "" if kind is LockKind.IRQ_OFF else (call.args[0] if call.args else ""), callee)
            self._acquired(call, held)
            # A caller's lock dropped and taken again (around a call that must not hold it) is held again.
            return State(state.held | {held}, state.dropped - {held.lock})
        if callee == "guard" and call.args and call.args[0] in kernel.GUARD_KINDS:
            return state  # the graph knows the statement (it ends with its block)
        if callee in _RELEASES:
            lock = call.args[0] if call.args else ""
            kept = frozenset(h for h in state.held
                             if not (h.taken_by in _RELEASES[callee] and (h.kind is LockKind.IRQ_OFF or h.lock == lock)))
            if kept == state.held and lock:
                return State(kept, state.dropped | {lock})
            return State(kept, state.dropped)
        summary = self.summary(callee) if self.summary is not None else None
        if summary is not None and (summary.takes or summary.drops):
            bound = summary.bind(call.args)
            taken = frozenset(Held(h.kind, bound(h.lock), h.taken_by) for h in summary.takes)
            for held in taken:
                self._acquired(call, held)
            dropped = {bound(lock) for lock in summary.drops}
            kept = frozenset(h for h in state.held if h.lock not in dropped)
            return State(kept | taken, (state.dropped - {h.lock for h in taken}) | (dropped - {h.lock for h in state.held}))
        return state
