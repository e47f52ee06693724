"""State shared between a hard-IRQ handler and the rest of the driver, with no lock."""
from __future__ import annotations

import functools

from kmodlint import kernel
from kmodlint.facts import reachable
from kmodlint.rule import Rule
from kmodlint.rules._irq import defines_registered_handler, registered_handler_names

RULE = Rule(
    id="unlocked-shared-flag",
    title="Variable shared between an IRQ handler and process context without a lock or atomic",
    severity="warning",
    tags=("concurrency", "correctness", "irq"),
    precision="medium",
    triggers=(b"request_irq", b"request_threaded_irq", b"request_any_context_irq", b"irqreturn_t"),
    # Only the file that defines a handler the folder registers can report (no registration: none).
    folder_admits=defines_registered_handler,
    needs=("accesses", "structs", "struct_inits", "lock_regions"),
    # Of the other files: the registrations, and the structs they define (a sibling's accesses of
    # a shared global are read from its tree when this file's handler writes one).
    folder_needs=("calls", "structs"),
    help="""
Finds a file-scope variable, or a field of a driver struct reached through a
pointer of that struct type, that a hard-IRQ handler writes (the handler given
to request_irq/devm_request_irq/request_threaded_irq/..., and the static
functions it calls) and that the rest of the driver (fops, ioctl, read/write,
probe/remove, work items, the thread_fn of a threaded IRQ) reads or writes,
where neither side holds a spinlock, the variable is not atomic_t/atomic64_t/
refcount_t (`volatile` is no exemption), and the accesses do not go through
READ_ONCE/WRITE_ONCE, atomic_*(), set_bit/test_bit/clear_bit or
smp_load_acquire/smp_store_release.

Not reported: accesses between local_irq_save()/local_irq_restore() or
disable_irq()/enable_irq(), before the handler is registered or after
free_irq(), in a static function only ever called with a lock held, and a
local or parameter that shadows the variable.

**Why:** the handler can run between any two instructions of process context,
on this CPU or another. A read-modify-write (`count++`, `flags |= X`) in both
contexts loses updates; two variables written together can be seen half
updated; and the compiler may cache, tear or re-order plain accesses.

**Fix:** a spinlock taken with `spin_lock_irqsave()` in process context and
`spin_lock()` in the handler (never `spin_lock_irq()` in the handler: its
unlock re-enables interrupts), or make the variable `atomic_t`. For the single
flag set in the handler and waited for with `wait_event*()`/`wake_up*()`
(reported as a note), the wait/wake functions give the barriers, but
`WRITE_ONCE()`/`READ_ONCE()` (or atomic_t) state the intent, and anything
more than one flag needs the lock:

```c
spin_lock_irqsave(&priv->lock, flags);   /* process context */
priv->ready = false;
spin_unlock_irqrestore(&priv->lock, flags);

spin_lock(&priv->lock);                  /* in the handler */
priv->ready = true;
spin_unlock(&priv->lock);
```
""",
)

IRQ_SIDE_LOCKS = kernel.SPIN_KINDS | {"irq_off"}
USER_ENTRY_STRUCTS = frozenset({"file_operations", "proc_ops"})
PROCESS_SIDE_LOCKS = kernel.SPIN_KINDS | {"irq_off", "irq_masked"}


def _registered_handlers(folder):
    """Hard-IRQ handler names registered anywhere in the folder, and thread_fns."""
    hard, threads = {}, set()
    for path, facts in folder.files.items():
        for call in facts.calls_to(*kernel.IRQ_REGISTRATION):
            handler_index, thread_index = kernel.IRQ_REGISTRATION[call.callee]
            if handler_index < len(call.args) and kernel.function_argument(call.args[handler_index]).isidentifier():
                hard.setdefault(kernel.function_argument(call.args[handler_index]), []).append((path, call))
            if 0 <= thread_index < len(call.args):
                threads.add(kernel.function_argument(call.args[thread_index]))
    return hard, threads


def _held_by_callers(facts, function: str, kinds, seen=frozenset()) -> bool:
    """Is a static `function` only ever called with one of the lock `kinds` held?"""
    defined = facts.function(function)
    callers = facts.callers(function)
    if defined is None or not defined.static or not callers or function in seen:
        return False
    return all(any(r.kind in kinds for r in facts.regions_at(c.function, c.start_byte))
               or _held_by_callers(facts, c.function, kinds, seen | {function}) for c in callers)


def _protected(access, facts, kinds, registrations=()) -> bool:
    if any(r.kind in kinds for r in facts.regions_at(access.function, access.start_byte)):
        return True
    if _held_by_callers(facts, access.function, kinds):
        return True
    for call in registrations:  # before the handler exists
        if call.function == access.function and access.start_byte < call.start_byte:
            return True
    for call in facts.calls_to(*kernel.IRQ_RELEASE):  # after it is gone
        if call.function == access.function and call.end_byte <= access.start_byte:
            return True
    return False


def _is_atomic_type(key: str, facts, folder) -> bool:
    if key.startswith("struct "):
        struct, _, field = key[len("struct "):].rpartition(".")
        definition = folder.struct_def(struct, facts)
        field_type = (definition.field_type(field) or "") if definition is not None else ""
        return field_type in kernel.ATOMIC_TYPES or "atomic" in field_type
    variable = facts.global_var(key)
    return variable is not None and (variable.type in kernel.ATOMIC_TYPES or "atomic" in variable.type)


def _key_scope(key: str, path: str, facts) -> str:
    """A static variable is its file's own; everything else is shared by the folder."""
    variable = facts.global_var(key)
    return f"{path}::{key}" if variable is not None and variable.static else key


def _contexts(facts, hard):
    """(functions that run only in hard-IRQ context, functions that run only outside it).

    A static helper called both from the handler and from process context is
    in neither: which accesses race there depends on its callers' locking,
    which this rule does not guess at.
    """
    in_irq = reachable(facts, {f.name for f in facts.functions if f.name in hard})
    outside = reachable(facts, {f.name for f in facts.functions if f.name not in in_irq})
    return in_irq - outside, outside - in_irq


def _registers(name: bytes, data: bytes) -> bool:
    """Does `data` pass `name` as the handler of an IRQ registration (or one it cannot read)?"""
    names = registered_handler_names([data])
    return names is None or name in names


@RULE.folder_tokens_from
def shared_names(facts):
    """Variables the IRQ side writes that this file does not own: a sibling defines them. (The
    struct whose field it writes, when defined elsewhere, is looked up when a check gets that
    far, FolderIndex.struct_def: only a struct a file of the folder defines is the driver's
    own, and its field types say what is atomic.)"""
    roots = {f.name for f in facts.functions if f.return_type == "irqreturn_t"}
    # The sibling that registers a handler of this file (the file is admitted only when some
    # file of the folder does, and that file is the one the rule must read the call from): the
    # name inside the arguments of a request_*() call, not a prototype in a header.
    for name in sorted(f.name for f in facts.functions if f.name in roots and not f.static):
        yield name, functools.partial(_registers, name.encode())
    in_irq = reachable(facts, roots)
    for access in facts.accesses:
        if access.function not in in_irq or access.kind == "read":
            continue
        if access.key.startswith("struct "):
            continue
        variable = facts.global_var(access.key)
        if variable is None or variable.extern or not variable.static:
            yield access.key


class _FolderState:
    """What the whole driver folder says: the registered handlers; and, per file when a check
    asks, the accesses outside the handlers that nothing protects."""

    def __init__(self, folder):
        self.hard, _ = _registered_handlers(folder)
        self._per_file: dict[str, tuple] = {}

    def registrations(self, path: str) -> list:
        return [call for regs in self.hard.values() for p, call in regs if p == path]

    def _file(self, path: str, facts) -> tuple:
        """(functions outside the IRQ side, callbacks the subsystem calls locked) of one file."""
        if path not in self._per_file:
            _, outside = _contexts(facts, self.hard)
            locked = {value for init in facts.struct_inits if init.struct in kernel.CALLED_LOCKED
                      for key, value in init.fields if key in kernel.CALLED_LOCKED[init.struct]}
            self._per_file[path] = outside, locked
        return self._per_file[path]

    def unprotected_outside(self, path: str, facts, accesses) -> list:
        """(path, access) of `accesses` (of the file `path`) made outside the IRQ side with no
        lock, no atomic accessor, before the handler is registered or after it is freed."""
        outside, locked = self._file(path, facts)
        registrations = self.registrations(path)
        return [(path, access) for access in accesses
                if access.function in outside and not access.accessor and access.function not in locked
                and not _protected(access, facts, PROCESS_SIDE_LOCKS, registrations)]


def _entry_points(facts) -> set[str]:
    """Userspace entry points (what the seed's write() is) and asynchronous callbacks (work
    items, timers, threads): code that runs while the handler can fire."""
    found = {value for init in facts.struct_inits if init.struct in USER_ENTRY_STRUCTS for _, value in init.fields}
    for call in facts.calls_to(*kernel.ASYNC_CALLBACKS):
        index = kernel.ASYNC_CALLBACKS[call.callee]
        if index < len(call.args):
            found.add(call.args[index])
    return found


@RULE.check
def check(ctx):
    state = ctx.folder.memo(RULE.id, lambda: _FolderState(ctx.folder))
    if not state.hard:
        return
    facts = ctx.facts
    irq, _ = _contexts(facts, state.hard)
    # Unprotected writes on the IRQ side, per variable.
    irq_writes: dict[str, list] = {}
    for access in facts.accesses:
        if access.function in irq and access.kind != "read" and not access.accessor \
                and not _protected(access, facts, IRQ_SIDE_LOCKS):
            irq_writes.setdefault(_key_scope(access.key, ctx.source.path, facts), []).append(access)
    writes_per_handler: dict[str, set] = {}
    for key, writes in irq_writes.items():
        for write in writes:
            writes_per_handler.setdefault(write.function, set()).add(key)
    own_outside: dict[str, list] = {}
    for path_access in state.unprotected_outside(ctx.source.path, facts, facts.accesses):
        own_outside.setdefault(_key_scope(path_access[1].key, ctx.source.path, facts), []).append(path_access)
    waiting = {c.function for c in facts.calls if c.callee.startswith(kernel.HANDSHAKE_WAIT_PREFIXES)}
    memo: dict[str, list] = {}

    def outside(key):
        if key in memo:
            return memo[key]
        if key.startswith("struct "):
            # A field is matched by struct type; another driver of the same folder
            # can use a struct of that name too: only this file's accesses count,
            # and only outside a wait-for-the-handler handshake.
            accesses = [(path, a) for path, a in own_outside.get(key, []) if a.function not in waiting]
        elif "::" in key:  # a static variable: this file's own
            accesses = own_outside.get(key, [])
        else:  # a variable the folder shares: every file that does not have its own static one
            accesses = []
            for path, other in sorted(ctx.folder.files.items()):
                if path == ctx.source.path:
                    accesses += own_outside.get(key, [])
                elif not ((variable := other.global_var(key)) is not None and variable.static):
                    accesses += state.unprotected_outside(path, other, other.accesses_of({key}))
        memo[key] = accesses
        return accesses

    def contended(key):
        """Does code outside the handler write it, or wait for it to change?"""
        return any(a.kind != "read" or a.in_wait_condition for _, a in outside(key))

    entry_points = _entry_points(facts)
    registrations = state.registrations(ctx.source.path)

    def racing(access) -> bool:
        """For a field: is this access one that surely overlaps the handler?

        Setup code (probe, start_streaming, hw_init) writes fields before it
        starts the hardware that raises the interrupt, an ordering no parser
        sees: for fields only userspace entry points (fops), asynchronous
        callbacks (work, timers, threads), accesses after the handler was
        registered in the same function, and waits on the field count.
        """
        return (access.function in entry_points or access.in_wait_condition
                or any(r.function == access.function and r.end_byte <= access.start_byte for r in registrations))

    for key, writes in irq_writes.items():
        accesses = outside(key)
        if not accesses or _is_atomic_type(key.rpartition("::")[2], facts, ctx.folder):
            continue
        if key.startswith("struct ") and ctx.folder.struct_def(key[len("struct "):].rpartition(".")[0]) is None:
            continue  # a kernel struct (sk_buff, uart_port): other instances, other owners
        if key.startswith("struct "):
            rmw_both = any(w.kind == "rmw" for w in writes) and any(a.kind == "rmw" for _, a in accesses)
            accesses = accesses if rmw_both else [(p, a) for p, a in accesses if racing(a)]
            if not accesses:
                continue
        if key.startswith("struct ") and not contended(key):
            # A field the handler fills and others only read is mostly ordered by a
            # completion or wait queue: reported only as part of a multi-field
            # protocol, when the same handler also writes a field others change.
            partners = {k for w in writes for k in writes_per_handler[w.function] if k != key}
            if not any(contended(k) for k in partners):
                continue
        first = min(writes, key=lambda a: a.start_byte)
        name = key.rpartition("::")[2]
        if name.startswith("struct "):
            struct, _, field_name = name[len("struct "):].rpartition(".")
            name = f"{field_name}' of 'struct {struct}"
        handler = f"hard-IRQ context ({first.function}())"
        single_flag = (
            all(a.kind == "write" for a in writes)
            and all(a.kind == "write" or a.in_wait_condition for _, a in accesses)
            and any(a.in_wait_condition for _, a in accesses)
            and all(len(writes_per_handler[w.function]) == 1 for w in writes)
        )
        related = [ctx.related(a, f"{a.kind} in {a.function}(), outside the handler, without a lock", path)
                   for path, a in accesses[:4]]
        where = ", ".join(sorted({f"{a.function}()" for _, a in accesses})[:3])
        if single_flag:
            yield ctx.finding(
                first,
                f"'{name}' is set in {handler} and waited for with wait_event*() in "
                f"{where}: the wait/wake functions order the accesses, but use WRITE_ONCE()/READ_ONCE() or "
                f"atomic_t to say so, and take a lock once more than this one flag is shared",
                severity="note", related=related,
            )
            continue
        rmw = any(a.kind == "rmw" for a in writes) and any(a.kind == "rmw" for _, a in accesses)
        what = "; both sides read-modify-write it, so updates are lost" if rmw else ""
        yield ctx.finding(
            first,
            f"'{name}' is written in {handler} and used in {where} with no lock or atomic "
            f"access{what}; protect it with a spinlock (spin_lock_irqsave() in process context, "
            f"spin_lock() in the handler) or make it atomic_t",
            related=related,
        )
