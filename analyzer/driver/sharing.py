"""State a hard-IRQ handler shares with the rest of the driver, and how each side updates it.

`DriverModel.sharing.irq_shared(path, facts)` answers, for one file: the file-scope variables
and driver-struct fields its IRQ side updates with a read-modify-write (or stores, in a handler
registered with a thread_fn), each a `SharedState` with

  - `writes`: the handler's writes of it (outside interrupts-off regions), each with the
    handler it runs for and the spinlock held (`IrqWrite`); `lock`, the lock all of them hold;
  - `operators` of the handler's updates (`|=`, `++`, ...; not `x = a; x |= b;`, which composes
    a new value), and whether the handler only `gathers` (adds or sets bits, never stores);
  - `others`: the accesses outside hard-IRQ context with no spinlock, no interrupts-off or
    masked region, no atomic accessor (READ_ONCE/WRITE_ONCE, atomic_*(), the bitops,
    acquire/release), while the handler is registered, and not in code that runs only while
    its line is masked (`OtherAccess`); a read only beside a write of its function, or in a
    wait_event*() condition;
  - what orders or owns it beyond the code's locks: an `atomic` type (atomic_t, refcount_t,
    ...; a `volatile` is not), accesses `ordered_by_barriers` (smp_wmb() on every IRQ-side
    writer, smp_rmb() on every other side), a word `tested_in_wait` (a wait_event*()
    condition: a handshake), a `kernel_struct` (sk_buff, uart_port: other instances, owners).

and, for each other access, how it meets the handler's update (`OtherAccess`):

  - `loses`: BITS (both sides change bits of one word with |=/&=/^=), BALANCE_UP/BALANCE_DOWN
    (one side counts up, the other down; both counting the same way is statistics, ""), TAKE
    (its function reads what the handler updated, then resets it; not when it resets first, then
    reads: it starts the round the interrupt ends, as an IRQ self-test does), DEPTH (the handler
    stores it beside disable_irq_nosync() of its line, a flag mirroring the disable depth, and
    this is the test of it before its function's disable_irq(): `if (on) { disable_irq(); on =
    false; }`, a second disable when the handler's came between), "" otherwise; a
    copy_to_user()/memcpy() from a pointer to the struct reads each field, a memset() of it
    resets each;
  - `published_later`: its function takes the handler's lock after it (an object prepared
    before it is linked where the handler finds it);
  - `locks_it_elsewhere`: its function takes the handler's lock itself around another access
    of the state (an access past its unlock is a slip, not a locking design elsewhere);
  - `handed_off`: it runs only in work, tasklets, timers or NAPI polls that the handler alone
    schedules; `asynchronous`: its function is an entry point that runs at any time;
  - `live`: it surely overlaps the handler (a system call, work, a timer, a thread: not setup);
  - `thread_fn_resets`: it is in the thread_fn of a threaded registration without
    IRQF_ONESHOT and reads, then resets what the hard half stored.

Which of these combinations is a bug is the rule's (rules/unlocked_shared_flag.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from kmodlint import kernel, macros
from kmodlint.facts import Access, AccessKey, AccessKind, FileFacts, LockKind, irq_roots, reachable

from .callgraph import FunctionRef
from .contexts import HARDIRQ
from .locks import Held

# What protects an access outside hard-IRQ context from the handler.
PROCESS_SIDE_LOCKS = kernel.SPIN_KINDS | {LockKind.IRQ_OFF, LockKind.IRQ_MASKED}
# A helper named for one of these runs while the device is stopped or not yet started.
QUIESCED = ("reset", "stop", "disable", "init", "shutdown", "remove", "free", "cleanup", "setup", "down")
WRITE_BARRIERS = ("smp_wmb", "wmb", "smp_mb", "mb", "smp_store_release", "smp_mb__before_atomic")
READ_BARRIERS = ("smp_rmb", "rmb", "smp_mb", "mb", "smp_load_acquire", "smp_mb__after_atomic")
BITWISE = frozenset({"|=", "&=", "^="})
# Calls that read or reset a whole struct through a pointer to it: the argument's position.
WHOLE_READS = {"copy_to_user": 1, "memcpy": 1}
WHOLE_RESETS = {"memset": 0}
# The handler's disable of its own line, and the other side's disable, around a flag mirroring it.
NOSYNC_DISABLE, IRQ_DISABLES = "disable_irq_nosync", ("disable_irq", "disable_irq_nosync")
ADDS, SUBTRACTS = frozenset({"++", "+="}), frozenset({"--", "-="})
# How an access outside the handler loses the handler's update (OtherAccess.loses).
BITS, BALANCE_UP, BALANCE_DOWN, TAKE = "bits", "balance-up", "balance-down", "take"
DEPTH = "depth"  # a flag mirroring the line's disable depth, tested and then acted on


class SharedKey(NamedTuple):
    """What the two sides share: an access key, and the file that owns it when it is a static
    variable ("" when the folder shares it: a global, or a field matched by struct type)."""
    access: AccessKey
    owner: str = ""


def key_scope(key: AccessKey, path: str, facts: FileFacts) -> SharedKey:
    """A static variable is its file's own; everything else is shared by the folder."""
    variable = facts.global_var(key)
    return SharedKey(key, path) if variable is not None and variable.static else SharedKey(key)


def is_atomic_type(key: AccessKey, facts: FileFacts, folder) -> bool:
    """Is the variable's or the field's declared type atomic by itself (atomic_t, refcount_t, a
    lock, ...)? `volatile int` is not: it orders nothing and makes no update atomic."""
    if key.struct:
        definition = folder.struct_def(key.struct, facts)
        field_type = (definition.field_type(key.name) or "") if definition is not None else ""
        return field_type in kernel.ATOMIC_TYPES or "atomic" in field_type
    variable = facts.global_var(key.name)
    return variable is not None and (variable.type in kernel.ATOMIC_TYPES or "atomic" in variable.type)


class IrqWrite(NamedTuple):
    """A write of the IRQ side: the access, the registered handler it runs for, and the
    spinlock held there (the least by name; None when none)."""
    access: Access
    handler: FunctionRef
    lock: Held | None


@dataclass(eq=False)
class OtherAccess:
    """An unprotected access outside hard-IRQ context of a SharedState (see the module's doc)."""
    state: SharedState = field(repr=False)
    path: str
    access: Access

    @property
    def ref(self) -> FunctionRef:
        return FunctionRef(self.path, self.access.function)

    @functools.cached_property
    def loses(self) -> str:
        """How it loses the handler's read-modify-writes: BITS, BALANCE_UP (the handler counts
        up, this down), BALANCE_DOWN, TAKE (reads, then resets), or ""."""
        operators, access = self.state.operators, self.access
        if access.kind is AccessKind.READ and self.state.mirrors_disable and self.state.lock is None \
                and self.tests_before_disable:
            return DEPTH
        if not operators:
            return ""
        if access.kind is AccessKind.RMW:
            if access.operator in BITWISE and operators & BITWISE:
                return BITS
            if access.operator in ADDS and operators & SUBTRACTS:
                return BALANCE_DOWN
            if access.operator in SUBTRACTS and operators & ADDS:
                return BALANCE_UP
        return TAKE if access.kind is AccessKind.WRITE and self.reads_then_resets and not self.only_logs else ""

    @property
    def reads_then_resets(self) -> bool:
        """Is it a write after its function's first access of the state, a read (`v = p->st;
        p->st = 0;`; not: reset first, then read)? Of the other side's accesses; functions are
        matched by name (two files' static functions of one name count as one)."""
        if self.access.kind is AccessKind.READ:
            return False
        first = self.state.first_access[self.access.function]
        return first.kind is AccessKind.READ and first.start_byte < self.access.start_byte

    @functools.cached_property
    def only_logs(self) -> bool:
        """Does its function read the state only to print it (`foo_info("irqs=%u", p->irqs);` then
        `p->irqs = 0;`: a status method's counters)? A count lost between is a log line off by
        one, not a lost event. Log calls are the kernel's (kernel.LOG_CALLS), also through the
        driver's own wrapper macros."""
        reads = [o.access for o in self.state.others if o.path == self.path
                 and o.access.function == self.access.function and o.access.kind is AccessKind.READ]
        if not reads:
            return False
        logging = self.state.sharing.log_calls(self.path)
        return all(any(call.start_byte <= read.start_byte < call.end_byte for call in logging) for read in reads)

    @property
    def tests_before_disable(self) -> bool:
        """Is it the last read of the state before its function calls disable_irq() (or _nosync),
        and does the function store the state after that call? The test of a flag that says the
        line is enabled: the handler's own disable between the two makes a second one."""
        if self.path != self.state.path:
            return False
        function, key = self.access.function, self.state.key.access
        mine = [a for a in self.state._file_accesses if a.key == key and a.function == function]
        for call in self.state.facts.calls_to(*IRQ_DISABLES):
            if call.function != function or call.start_byte < self.access.start_byte:
                continue
            last_read = max((a.start_byte for a in mine if a.kind is AccessKind.READ and a.start_byte < call.start_byte),
                            default=-1)
            if last_read == self.access.start_byte and \
                    any(a.kind is AccessKind.WRITE and a.start_byte > call.start_byte for a in mine):
                return True
        return False

    @property
    def locks_it_elsewhere(self) -> bool:
        """Does its function take the handler's lock itself around another access of the state
        (it knows the lock covers the state; an access past the unlock is a slip, not a design)?"""
        lock, ref = self.state.lock, self.ref
        if lock is None or self.path != self.state.path:
            return False
        return any(a.key == self.state.key.access and a.function == self.access.function and
                   any(h.name == lock.name for h in self.state.sharing.driver.held(ref, a.start_byte))
                   for a in self.state._file_accesses)

    @property
    def published_later(self) -> bool:
        """Does its function take the lock of the handler's writes after it (`cmd->command |= X;`
        then, under the lock, link `cmd` where the handler finds it)? False when they hold none."""
        lock = self.state.lock
        locks = self.state.sharing.driver.locks(self.ref) if lock is not None else None
        return locks is not None and any(site.start_byte > self.access.start_byte and held.name == lock.name
                                         for site, held in locks.acquires)

    @property
    def asynchronous(self) -> bool:
        """Is its function an entry point that runs at any time (work, a timer, a thread, a
        user's read()/ioctl()), not a helper or a subsystem's method?"""
        return self.ref in self.state.sharing.asynchronous

    @property
    def handed_off(self) -> bool:
        """Does it run only as work the handler alone schedules (after the handler stored)?"""
        return self.ref in self.state.handed

    @property
    def live(self) -> bool:
        """Does it surely overlap the handler: a wait on the state, an entry point that runs while
        the device is live, or code only those reach that is not named for setup (QUIESCED)?"""
        contexts, access = self.state.sharing.contexts, self.access
        return access.in_wait_condition or contexts.live(self.ref) or \
            contexts.live(self.ref, direct=False) and not any(word in access.function for word in QUIESCED)

    @property
    def thread_fn_resets(self) -> bool:
        """Is it in the thread_fn of the handler's registration without IRQF_ONESHOT (the hard
        half runs again meanwhile), reading, then resetting what the hard half stored?"""
        return self.ref in self.state.threads and self.reads_then_resets


class SharedState:
    """One variable or field the IRQ side of a file updates (see the module's doc)."""

    def __init__(self, sharing: Sharing, path: str, facts: FileFacts, key: SharedKey, writes: list[IrqWrite],
                 file_accesses: list[Access], outside):
        self.sharing, self.path, self.facts, self.key, self.writes = sharing, path, facts, key, writes
        self._file_accesses, self._outside = file_accesses, outside
        self.handlers = {w.handler for w in writes}
        self.lock = None if any(w.lock is None for w in writes) else min(w.lock for w in writes)
        # `x = a; x |= b;` in one handler function composes a new value, it does not update one.
        composing = {w.access.function for w in writes if w.access.kind is AccessKind.WRITE}
        self.updates = [w for w in writes if w.access.kind is AccessKind.RMW and w.access.function not in composing]
        self.operators = frozenset(w.access.operator for w in self.updates)
        # A handler that also stores a whole value reports a status; one that only adds or sets
        # bits gathers what the other side takes.
        self.gathers = all(w.access.kind is AccessKind.RMW for w in writes)
        # A store beside the handler's disable_irq_nosync() of its line mirrors the disable depth.
        nosync = {c.function for c in facts.calls_to(NOSYNC_DISABLE)}
        self.mirrors_disable = any(w.access.kind is AccessKind.WRITE and w.access.function in nosync for w in writes)

    @functools.cached_property
    def masked(self) -> set:
        """The functions that run only while a handler's line is masked."""
        return set().union(*(self.sharing.contexts.masked_while(h) for h in self.handlers))

    @functools.cached_property
    def threads(self) -> set:
        """The thread_fns of the handlers' threaded registrations without IRQF_ONESHOT."""
        return {r.partner for r in self.sharing.contexts.irq_registrations()
                if r.function in self.handlers and r.partner is not None} - self.masked

    @functools.cached_property
    def handed(self) -> set:
        """The functions that run only as work the handlers alone schedule."""
        return set().union(*(self.sharing.contexts.handed_off_by(h) for h in self.handlers))

    @functools.cached_property
    def others(self) -> list[OtherAccess]:
        return [OtherAccess(self, p, a) for p, a in self._outside(self.key)
                if FunctionRef(p, a.function) not in self.masked]

    @functools.cached_property
    def first_access(self) -> dict[str, Access]:
        """Function name -> its first access among `others` (the earliest in its file)."""
        first: dict[str, Access] = {}
        for other in self.others:
            known = first.get(other.access.function)
            if known is None or other.access.start_byte < known.start_byte:
                first[other.access.function] = other.access
        return first

    @functools.cached_property
    def tested_in_wait(self) -> bool:
        """Does a wait_event*() condition test it (here or on the other side)?"""
        return any(o.access.in_wait_condition for o in self.others) or \
            any(a.in_wait_condition for a in self._file_accesses if a.key == self.key.access)

    @functools.cached_property
    def ordered_by_barriers(self) -> bool:
        """Does every IRQ-side writer issue a write barrier, and every other side a read barrier?"""
        files = self.sharing.folder.files

        def calls(path: str, function: str, names) -> bool:
            facts = files.get(path)
            return facts is not None and any(c.function == function for c in facts.calls_to(*names))
        return all(calls(self.path, w.access.function, WRITE_BARRIERS) for w in self.writes) and \
            all(calls(o.path, o.access.function, READ_BARRIERS) for o in self.others)

    @functools.cached_property
    def atomic(self) -> bool:
        return is_atomic_type(self.key.access, self.facts, self.sharing.folder)

    @functools.cached_property
    def kernel_struct(self) -> bool:
        """A field of a struct no file of the folder defines (sk_buff, uart_port)."""
        return bool(self.key.access.struct) and self.sharing.folder.struct_def(self.key.access.struct) is None


class Sharing:
    """Folder-wide: which functions run only in hard-IRQ context (-> their handler), which only
    outside it, and, per file, what the two share (`irq_shared`)."""

    def __init__(self, driver):
        self.driver, self.folder, self.contexts = driver, driver.folder, driver.contexts
        self.irq, self.outside = self.contexts.sides()
        # The hard-IRQ handlers registered with a thread_fn of their own.
        self.threaded = {r.function for r in self.contexts.irq_registrations()
                         if r.kind == HARDIRQ and r.partner is not None}
        self.asynchronous = self.contexts.asynchronous()
        self._log_calls: dict[str, list] = {}

    def log_calls(self, path: str) -> list:
        """The calls of the file `path` that print: the kernel's log functions, and the driver's
        macros that expand to one (macros.resolve through the folder's definitions)."""
        if path not in self._log_calls:
            facts = self.folder.files[path]
            tables = macros.folder_tables(path, facts, self.folder)
            self._log_calls[path] = [call for call in facts.calls if call.callee in kernel.LOG_CALLS
                                     or facts.function(call.callee) is None and self._prints(call.callee, tables)]
        return self._log_calls[path]

    def _prints(self, name: str, tables) -> bool:
        """Is the macro `name` a wrapper of a log call (as its value or as a statement)? Looked up
        in the parsed files, then in the folder's unparsed headers that define it."""
        if macros.lookup(name, tables) is None:
            late = self.folder.unparsed_macro_tables(name)
            if not late:
                return False
            tables = [(tables.path, tables.own), *late,
                      *sorted((path, facts.macros) for path, facts in self.folder.files.items() if path != tables.path)]
        return bool(macros.resolve(name, tables, kernel.LOG_CALLS) or macros.dropped_calls(name, tables, kernel.LOG_CALLS))

    def unprotected_outside(self, path: str, accesses) -> list:
        """(path, access) of `accesses` (of the file `path`) made outside hard-IRQ context with no
        lock, no IRQ-off or masked region, no atomic accessor, while the handlers are registered."""
        found = []
        # A read matters only beside a write of its function (read, then reset): the locks of
        # the others are not worked out.
        writing = {a.function for a in accesses if a.kind is not AccessKind.READ}
        for access in accesses:
            ref = FunctionRef(path, access.function)
            if ref not in self.outside or access.accessor or \
                    access.function not in writing and not access.in_wait_condition:
                continue
            if any(h.kind in PROCESS_SIDE_LOCKS for h in self.driver.held(ref, access.start_byte)):
                continue
            if self.driver.before_irq(ref, access.start_byte) or self.driver.after_irq_freed(ref, access.start_byte):
                continue
            found.append((path, access))
        return found

    def irq_shared(self, path: str, facts: FileFacts) -> list[SharedState]:
        """What the IRQ side of the file `path` updates with a read-modify-write (or stores from a
        handler with a thread_fn): the states whose update the other side can lose."""
        if not self.irq:
            return []
        # The facts hold the accesses of what this file's handlers and their static helpers write;
        # the model also knows the functions reached through ops tables and from a sibling's handler.
        seen = reachable(facts, set(irq_roots(facts)))
        more = {ref.name for ref in self.irq if ref.path == path and ref.name not in seen}
        accesses = list(facts.accesses)
        if more:
            known = {(a.key, a.start_byte) for a in accesses}
            accesses += [a for a in facts.accesses_written_by(more) if (a.key, a.start_byte) not in known]
        found: dict[SharedKey, list] = {}
        for access in accesses:
            root = self.irq.get(FunctionRef(path, access.function))
            if root is not None and access.kind is not AccessKind.READ and not access.accessor:
                found.setdefault(key_scope(access.key, path, facts), []).append((access, root))
        # The locks are worked out only for what can be lost: a handler's read-modify-write, a
        # store a thread_fn of its own resets, or a store beside disable_irq_nosync().
        irq_writes: dict[SharedKey, list] = {}
        nosync = {c.function for c in facts.calls_to(NOSYNC_DISABLE)}
        for key, writes in found.items():
            composing = {a.function for a, _ in writes if a.kind is AccessKind.WRITE}
            if not any(a.kind is AccessKind.RMW and a.function not in composing for a, _ in writes) and \
                    not any(root in self.threaded or a.function in nosync for a, root in writes):
                continue
            for access, root in writes:
                held = self.driver.held(FunctionRef(path, access.function), access.start_byte)
                if not any(h.kind is LockKind.IRQ_OFF for h in held):
                    lock = min((h for h in held if h.kind in kernel.SPIN_KINDS), default=None)
                    irq_writes.setdefault(key, []).append(IrqWrite(access, root, lock))
        outside = _Outside(self, path, facts, accesses)
        return [SharedState(self, path, facts, key, writes, accesses, outside) for key, writes in irq_writes.items()]


class _Outside:
    """The unprotected accesses outside hard-IRQ context of a state of the file `path`."""

    def __init__(self, sharing: Sharing, path: str, facts: FileFacts, accesses: list[Access]):
        self.sharing, self.path, self.facts = sharing, path, facts
        self.own_accesses: dict[SharedKey, list] = {}
        for access in accesses:
            self.own_accesses.setdefault(key_scope(access.key, path, facts), []).append(access)
        self.whole = self._whole_struct_calls(facts)
        # Functions that wait for the handler (wait_for_completion(), a poll of the device).
        self.waiting = {c.function for c in facts.calls if c.callee.startswith(kernel.HANDSHAKE_WAIT_PREFIXES)}

    @staticmethod
    def _whole_struct_calls(facts: FileFacts) -> dict[str, list]:
        """struct tag -> (kind, call) of the calls that read (copy_to_user, memcpy from) or reset
        (memset) a whole struct through a pointer variable to it: each reads or resets every field."""
        whole: dict[str, list] = {}
        for kind, positions in ((AccessKind.READ, WHOLE_READS), (AccessKind.WRITE, WHOLE_RESETS)):
            for call in facts.calls_to(*positions):
                position = positions[call.callee]
                name = call.args[position].strip() if position < len(call.args) else ""
                if not name.isidentifier():
                    continue
                declared = (facts.variable_type(call.function, name) or "").replace("const ", "")
                if declared.startswith("struct ") and declared.endswith("*") and declared.count("*") == 1:
                    whole.setdefault(declared[len("struct "):].rstrip(" *"), []).append((kind, call))
        return whole

    def _own(self, key: SharedKey) -> list:
        accesses = self.own_accesses.get(key, [])
        calls = self.whole.get(key.access.struct) if key.access.struct else None
        if calls:
            accesses = accesses + [Access(key.access, call.function, kind, call.span, call.start_byte)
                                   for kind, call in calls]
        return self.sharing.unprotected_outside(self.path, accesses)

    def __call__(self, key: SharedKey) -> list:
        if key.access.struct:
            # A field is matched by struct type; another driver of the folder can use a struct of
            # that name too: only this file's accesses, outside a wait-for-the-handler handshake.
            return [(p, a) for p, a in self._own(key) if a.function not in self.waiting]
        if key.owner:  # a static variable: this file's own
            return self._own(key)
        found = []  # shared by the folder: every file that does not have its own static one
        for other_path, other in sorted(self.sharing.folder.files.items()):
            if other_path == self.path:
                found += self._own(key)
            elif not ((variable := other.global_var(key.access)) is not None and variable.static):
                found += self.sharing.unprotected_outside(other_path, other.accesses_of({key.access}))
        return found
