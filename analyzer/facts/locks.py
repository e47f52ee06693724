"""The lock_regions family: the code between a lock's acquire and its release, per function.

Textual pairing of the calls (spin_lock/spin_unlock, mutex_lock/mutex_unlock, the irq
save/restore pairs of kmodlint.kernel.LOCKS), scoped_guard() bodies and guard() to the end of
its block: what a reader sees as "under the lock". The driver model (kmodlint.driver.locks)
follows locks along the control flow for the rules that need more.
"""
from __future__ import annotations

import re

from .. import kernel
from .family import Family, FamilySpec
from .records import Call, LockKind, LockRegion

_SCOPED_GUARD = re.compile(rb"\bscoped_guard\s*\(\s*(\w+)")


class LockFacts:
    """The lock_regions family's part of the Extractor."""

    def extract_lock_regions(self) -> None:
        """Pair each acquire with the next matching release of the same lock in the same function.

        Textual pairing, not control flow: the code between an acquire and its
        release is what a reader sees as "under the lock".
        """
        releases = {release for _, release in kernel.LOCKS.values()}
        by_function: dict[str, list[Call]] = {}
        for call in self.facts.calls_to(*kernel.LOCKS, *releases):  # in document order
            if call.function:
                by_function.setdefault(call.function, []).append(call)
        for function, calls in by_function.items():
            for index, call in enumerate(calls):
                if call.callee not in kernel.LOCKS:
                    continue
                kind, release = kernel.LOCKS[call.callee]
                lock = call.args[0] if call.args and kind is not LockKind.IRQ_OFF else ""
                for later in calls[index + 1:]:
                    if later.callee == release and (not lock or (later.args and later.args[0] == lock)):
                        self.facts.lock_regions.append(LockRegion(
                            function, kind, lock, call.end_byte, later.start_byte,
                            self.source.span(call.start_byte, later.end_byte)))
                        break
        # scoped_guard(spinlock_irqsave, &lock) { ... }: masking turned it into a
        # `while` loop; the lock is held for its body.
        for match in _SCOPED_GUARD.finditer(self.source.data):
            kind = kernel.GUARD_KINDS.get(match.group(1).decode())
            node = self.root.descendant_for_byte_range(match.start(), match.start() + 5)
            while node is not None and node.type != "while_statement":
                node = node.parent
            if kind is None or node is None or node.start_byte != match.start():
                continue
            body = node.child_by_field_name("body")
            function = self.function_name(node.start_byte)
            if body is not None and function:
                self.facts.lock_regions.append(LockRegion(
                    function, kind, "", body.start_byte, body.end_byte, self.span(node)))
        # guard(spinlock_irqsave)(&lock): held until the end of the enclosing block.
        for call in self.facts.calls_to("guard"):
            if call.args and call.args[0] in kernel.GUARD_KINDS and call.function:
                node = self.root.descendant_for_byte_range(call.start_byte, call.end_byte)
                block = node
                while block is not None and block.type != "compound_statement":
                    block = block.parent
                if block is not None:
                    self.facts.lock_regions.append(LockRegion(
                        call.function, kernel.GUARD_KINDS[call.args[0]], "", call.end_byte, block.end_byte,
                        self.source.span(call.start_byte, block.end_byte)))


SPEC = FamilySpec(Family.LOCK_REGIONS, queries=(), builds_on=(Family.FUNCTIONS, Family.CALLS),
                  extract=LockFacts.extract_lock_regions)
