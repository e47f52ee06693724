"""What is held at each statement of a function: locks and interrupts-off, along the syntax tree.

One walk of a function's body, statement by statement, carries the set of
locks held. It follows the structure a reader follows, not the text: a branch
that unlocks and returns does not end the region on the path that goes on; a
lock taken before a loop is held in its body (the body's exit state is merged
into its entry); a `goto out` brings its state to the label; `guard()` holds to
the end of its block and `scoped_guard()` for its body; `if (spin_trylock(l))`
holds on the true branch, `if (mutex_lock_interruptible(m)) return ...` after
the test. Where paths meet, a lock counts as held only when it is held on every
one of them.

The result is a list of (start, end, state) per leaf statement (and per
condition), looked up by offset. A lock the function releases without having
taken it (the caller's) is remembered as dropped, so that "held by every
caller" does not cover the code after the drop.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from kmodlint import kernel
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
_LEAVES = frozenset({"expression_statement", "declaration", "return_statement"})
_LOOPS = frozenset({"while_statement", "for_statement", "do_statement"})
_MAX_VISITS = 50_000  # statement visits per function (a loop body is walked again when its head state changes)
_MAX_DEPTH = 120  # statements nested deeper than any real driver (the walk recurses; Python's stack is ~1000)


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


def _merge(states) -> State | None:
    result = None
    for state in states:
        if state is not None:
            result = state if result is None else result.merge(state)
    return result


def _text(data: bytes, node) -> str:
    return " ".join(data[node.start_byte:node.end_byte].decode("latin-1").split())


class Place(NamedTuple):
    """Where a statement of the walk was (what FunctionLocks keeps of a label or a return)."""

    start_byte: int
    end_byte: int


class FunctionLocks:
    """The lock state at every statement of one function (see the module doc)."""

    def __init__(self, function_node, data: bytes, calls, summary=None):
        self.data = data
        self.summary = summary  # callee name -> Summary of a function of the driver (its own lock helpers)
        self.calls = sorted(calls, key=lambda c: c.start_byte)  # the function's calls (facts)
        self._call_starts = [c.start_byte for c in self.calls]
        self._records: dict[int, tuple[int, State]] = {}  # statement start -> (end, state before it)
        self._acquires: dict = {}  # (start, Held) -> (call or node, Held): a loop body is walked again
        self.labels: dict[str, list[State]] = {}
        self.label_nodes: dict[str, object] = {}
        self._loops: list[tuple[list, list]] = []  # (breaks, continues) of enclosing loops/switches
        self.returns: list[tuple[object, State]] = []
        self._depth = self._visits = 0
        body = function_node.child_by_field_name("body")
        end = self._statement(body, State()) if body is not None else State()
        exits = [state for _, state in self.returns] + ([end] if end is not None else [])
        exit_state = _merge(exits) or State()
        # What a call of this function does to its caller's locks: a helper that takes a lock
        # (or masks the line) and returns with it held, or drops one it did not take.
        self.takes = frozenset(h for h in exit_state.held if h.kind is not LockKind.IRQ_OFF)
        self.drops = exit_state.dropped
        self.acquires = sorted(self._acquires.values(), key=lambda pair: pair[0].start_byte)
        items = sorted((start, end, state) for start, (end, state) in self._records.items())
        self._starts = [start for start, _, _ in items]
        self._items = items
        # Where the walk's nodes were, not the nodes: a model lives as long as its folder's check,
        # and one node holds its whole syntax tree (kmodlint.trees lets a large folder's trees go).
        self.returns = [(Place(node.start_byte, node.end_byte), state) for node, state in self.returns]
        self.label_nodes = {name: Place(node.start_byte, node.end_byte) for name, node in self.label_nodes.items()}
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

    # -- the walk

    def _record(self, node, state: State) -> None:
        # A loop body is walked again with the merged state at its head: the last walk wins.
        self._records[node.start_byte] = (node.end_byte, state)

    def _calls_in(self, node):
        first = bisect.bisect_left(self._call_starts, node.start_byte)
        last = bisect.bisect_left(self._call_starts, node.end_byte)
        return self.calls[first:last]

    def _apply_calls(self, node, state: State) -> State:
        for call in self._calls_in(node):
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
            return state  # handled by the statement walk (it needs the block)
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

    def _guarded(self, node, state: State) -> State:
        """`guard(kind)(&lock);`: held to the end of the enclosing block."""
        expression = node.named_children[0] if node.named_children else None
        if expression is None or expression.type != "call_expression":
            return state
        inner = expression.child_by_field_name("function")
        if inner is None or inner.type != "call_expression":
            return state
        name = inner.child_by_field_name("function")
        arguments = inner.child_by_field_name("arguments")
        if name is None or _text(self.data, name) != "guard" or arguments is None or not arguments.named_children:
            return state
        kind = kernel.GUARD_KINDS.get(_text(self.data, arguments.named_children[0]))
        if kind is None:
            return state
        outer_args = expression.child_by_field_name("arguments")
        lock = _text(self.data, outer_args.named_children[0]) if outer_args and outer_args.named_children else ""
        held = Held(kind, lock, "guard(" + _text(self.data, arguments.named_children[0]) + ")")
        self._acquired(node, held)
        return State(state.held | {held}, state.dropped)

    def _condition(self, condition, state: State) -> tuple[State, State]:
        """(state where the condition is true, where it is false)."""
        self._record(condition, state)
        expression, negated = condition, False
        while expression.type in ("parenthesized_expression", "unary_expression"):
            if expression.type == "unary_expression":
                operator = expression.child_by_field_name("operator")
                if operator is None or operator.type != "!":
                    break
                negated = not negated
                expression = expression.child_by_field_name("argument")
            else:
                if not expression.named_children:
                    break
                expression = expression.named_children[0]
        if expression is not None and expression.type == "call_expression":
            callee = expression.child_by_field_name("function")
            name = _text(self.data, callee) if callee is not None else ""
            if name in _TRYLOCKS or name in _ZERO_ON_SUCCESS:
                arguments = expression.child_by_field_name("arguments")
                lock = _text(self.data, arguments.named_children[0]) if arguments and arguments.named_children else ""
                kind = _TRY_KIND.get(name) or kernel.LOCKS[name][0]
                held = Held(kind, lock, name)
                self._acquired(expression, held)
                locked = State(state.held | {held}, state.dropped)
                success_when_true = (name in _TRYLOCKS) != negated
                return (locked, state) if success_when_true else (state, locked)
        after = self._apply_calls(condition, state)
        return after, after

    def _statement(self, node, state: State | None) -> State | None:
        """The state after `node`, or None when control does not come out of it."""
        self._depth += 1
        self._visits += 1
        try:
            # Hostile nesting, or loops in loops each re-walked: what is beyond is not followed.
            if self._depth > _MAX_DEPTH or self._visits > _MAX_VISITS:
                return state
            return self._walk_statement(node, state)
        finally:
            self._depth -= 1

    def _walk_statement(self, node, state: State | None) -> State | None:
        kind = node.type
        if kind == "compound_statement" or kind == "translation_unit" or kind.startswith("preproc_") \
                or kind == "ERROR":
            for child in node.named_children:
                if child.type in ("comment", "preproc_arg") or (kind.startswith("preproc_") and child == node.child_by_field_name("condition")):
                    continue
                if child.type == "identifier" and kind.startswith("preproc_"):
                    continue
                if child.type == "labeled_statement" or state is not None:
                    state = self._statement(child, state)
            if kind == "compound_statement" and state is not None:
                # guard()s taken in this block end with it
                own = {h for h in state.held if h.taken_by.startswith("guard(")
                       and any(a[1] == h and node.start_byte <= a[0].start_byte < node.end_byte for a in self._acquires.values())}
                if own:
                    state = State(state.held - own, state.dropped)
            return state
        if kind == "labeled_statement":
            label = node.child_by_field_name("label")
            name = _text(self.data, label) if label is not None else ""
            self.label_nodes[name] = node
            state = _merge([state, *self.labels.get(name, ())])
            if state is None:  # no goto to it seen yet (a backward one): not followed
                return None
            for child in node.named_children:
                if child != label and child.type != "comment":
                    state = self._statement(child, state)
            return state
        if state is None:
            return None
        if kind in _LEAVES:
            self._record(node, state)
            if kind == "expression_statement":
                guarded = self._guarded(node, state)
                if guarded is not state:
                    return guarded
            after = self._apply_calls(node, state)
            if kind == "return_statement":
                self.returns.append((node, after))
                return None
            return after
        if kind == "if_statement":
            condition = node.child_by_field_name("condition")
            true, false = self._condition(condition, state) if condition is not None else (state, state)
            consequence = node.child_by_field_name("consequence")
            out_true = self._statement(consequence, true) if consequence is not None else true
            alternative = node.child_by_field_name("alternative")
            if alternative is not None:
                body = alternative.named_children[-1] if alternative.type == "else_clause" and alternative.named_children else alternative
                out_false = self._statement(body, false)
            else:
                out_false = false
            return _merge([out_true, out_false])
        if kind in _LOOPS:
            return self._loop(node, state)
        if kind == "switch_statement":
            condition = node.child_by_field_name("condition")
            if condition is not None:
                state, _ = self._condition(condition, state)
            breaks: list = []
            self._loops.append((breaks, None))
            entry, current, has_default = state, None, False
            body = node.child_by_field_name("body")
            for case in (body.named_children if body is not None else ()):
                if case.type == "case_statement":
                    has_default = has_default or case.child_by_field_name("value") is None
                    current = entry.merge(current)
                    value = case.child_by_field_name("value")
                    for child in case.named_children:
                        if child == value or child.type == "comment":
                            continue
                        if current is not None or child.type == "labeled_statement":
                            current = self._statement(child, current)
                else:
                    current = self._statement(case, current if current is not None else entry)
            self._loops.pop()
            return _merge([current, *breaks] + ([] if has_default else [entry]))
        if kind == "break_statement":
            if self._loops:
                self._loops[-1][0].append(state)
            return None
        if kind == "continue_statement":
            for breaks, continues in reversed(self._loops):
                if continues is not None:
                    continues.append(state)
                    break
            return None
        if kind == "goto_statement":
            label = node.child_by_field_name("label")
            if label is not None:
                self.labels.setdefault(_text(self.data, label), []).append(state)
            return None
        if kind == "attributed_statement":
            for child in node.named_children:
                if child.type != "attribute_declaration":
                    state = self._statement(child, state)
            return state
        # anything else (an expression in an odd place): look for lock calls in it
        self._record(node, state)
        return self._apply_calls(node, state)

    def _scoped_guard(self, node) -> Held | None:
        """`scoped_guard(kind, &lock) { ... }` (masked into a `while` by kmodlint.source)."""
        if not self.data.startswith(b"scoped_guard", node.start_byte):
            return None
        condition = node.child_by_field_name("condition")
        inner = condition.named_children[0] if condition is not None and condition.named_children else None
        if inner is None:
            return None
        parts = inner.named_children if inner.type == "comma_expression" else [inner]
        kind = kernel.GUARD_KINDS.get(_text(self.data, parts[0]))
        if kind is None:
            return None
        lock = _text(self.data, parts[1]) if len(parts) > 1 else ""
        return Held(kind, lock, "scoped_guard(" + _text(self.data, parts[0]) + ")")

    def _loop(self, node, state: State) -> State | None:
        body = node.child_by_field_name("body")
        condition = node.child_by_field_name("condition")
        guard = self._scoped_guard(node) if node.type == "while_statement" else None
        if guard is not None:
            self._acquired(node, guard)
            inside = State(state.held | {guard}, state.dropped)
            self._loops.append(([], []))
            out = self._statement(body, inside) if body is not None else inside
            breaks, continues = self._loops.pop()
            ends = [s for s in [out, *breaks, *continues] if s is not None]
            merged = _merge(ends)
            return None if merged is None else State(merged.held - {guard}, merged.dropped)
        if node.type == "for_statement":
            initializer = node.child_by_field_name("initializer")
            if initializer is not None:
                self._record(initializer, state)
                state = self._apply_calls(initializer, state)
        endless = condition is None or _text(self.data, condition).strip("() ") in ("1", "true")
        entry, after = state, None
        for _ in range(3):  # the state at the loop head: the entry merged with each way back
            breaks, continues = [], []
            self._loops.append((breaks, continues))
            if node.type == "do_statement":
                out = self._statement(body, entry) if body is not None else entry
                back = _merge([out, *continues])
                true, false = self._condition(condition, back) if condition is not None and back is not None else (back, back)
            else:
                true, false = self._condition(condition, entry) if condition is not None else (entry, entry)
                out = self._statement(body, true) if body is not None else true
                back = _merge([out, *continues])
                if back is not None and node.type == "for_statement":
                    update = node.child_by_field_name("update")
                    if update is not None:
                        self._record(update, back)
                        back = self._apply_calls(update, back)
            self._loops.pop()
            after = _merge(([] if endless else [false]) + breaks)
            new_entry = entry.merge(back) if node.type != "do_statement" else state.merge(back)
            if new_entry == entry:
                break
            entry = new_entry
        return after
