"""State shared between a hard-IRQ handler and the rest of the driver, with no lock."""
from __future__ import annotations

import functools
from typing import NamedTuple

from kmodlint import kernel
from kmodlint.driver import FunctionRef, contexts
from kmodlint.driver.admission import defines_registered_handler, reaching_irq_shared_state, registered_handler_names
from kmodlint.facts import AccessKey, reachable
from kmodlint.rule import Rule

RULE = Rule(
    id="unlocked-shared-flag",
    title="Variable shared between an IRQ handler and process context without a lock or atomic",
    severity="warning",
    tags=("concurrency", "correctness", "irq"),
    # 9 of 10 right on linux 6.12 drivers/ (benchmarks/precision/): what loses the handler's
    # update, not what a device-ordered protocol or a wake-up hands over.
    precision="high",
    # Opt-in for its cost, not its precision: on drivers/ it parses and reads 2,025 IRQ files no
    # default rule needs, and the default audit goes from 0.86x to 1.19x parse-only CPU (session 6).
    opt_in=True,
    triggers=(b"request_irq", b"request_threaded_irq", b"request_any_context_irq", b"irqreturn_t"),
    # Only the file that defines a handler the folder registers can report (no registration: none).
    folder_admits=defines_registered_handler,
    needs=("accesses", "structs", "struct_inits", "member_assigns"),
    # Of the other files: the registrations, the ops tables and the structs they define (a
    # sibling's accesses of a shared global are read from its tree when this file's handler writes one).
    folder_needs=("calls", "structs", "struct_inits", "member_assigns"),
    # The siblings that reach this file's functions that update that state (an ops table of
    # another file, a caller's caller): where their contexts come from.
    folder_callers=reaching_irq_shared_state,
    help="""
Finds a file-scope variable, or a field of a driver struct reached through a
pointer of that struct type, that hard-IRQ context updates (a handler given to
request_irq()/devm_request_irq()/request_threaded_irq()/..., directly or
through the driver's own wrapper, and every function it reaches, through the
driver's ops tables too) and that code running while the device is live (a
system call: fops, ioctl, an ops method other than open/stop/...; a work item,
timer, tasklet or NAPI poll; a kernel thread) updates in a way that loses the
handler's update, with no spinlock held:

- both sides change bits of the same word with `|=`/`&=`/`^=`;
- one side counts up (`++`, `+=`) and the other down (a balance of credits);
- the handler only adds to it (bits or counts) and the other side reads it,
  then resets it (`ev = p->events; p->events = 0;`);
- the hard half of a threaded IRQ registered without IRQF_ONESHOT stores it
  and its own thread_fn reads, then resets it.

Not atomic_t/refcount_t (`volatile` is no exemption), not through
READ_ONCE/WRITE_ONCE, atomic_*(), the bitops or acquire/release. When the
handler holds a spinlock for its update, the message names it and the
function that must take it too; that function is then a timer, a work item,
a thread or a read()/ioctl() (code that runs at any time), not a helper or a
subsystem's method.

Deliberately not reported, because whether it is a bug depends on an order
the device or the protocol gives, which the code does not show: a plain store
of the handler's (a status it reports, a state it moves to, a flag a wake-up
or wait_event*() hands over: the wait/wake pair orders it); a plain read or
write on the other side (a snapshot, a setting the system call makes); both
sides counting the same way (statistics); a function that resets the value
before it reads it (it starts the round the interrupt ends, as an interrupt
self-test does); an update made before the function takes the handler's own
lock (an object prepared before it is published to the handler); a reset or
a bit cleared by work that only the handler schedules (drivers keep the
source masked until the work is done); a word a wait_event*() condition
tests (cleared before the device is started, set by the handler, a
handshake); and, where the handler holds a lock, a helper or a subsystem's
method (set_ios between requests, change_mtu while the interface is down)
changing it without: the driver has a locking design the model cannot
follow there.

Locks are followed along the code: a lock held across a loop, a region an
early-return branch ends without ending it on the main path, a
local_irq_save()/disable_irq() region (also through the driver's own helpers),
a lock every caller of a helper holds (the same lock reached through other
pointers counts), the lock a subsystem holds around a method it calls. Not
reported either: accesses before the handler is registered (earlier in the
function that registers it, or in a helper only called there) or after
free_irq(); in a thread_fn of a oneshot threaded IRQ; setup code (what probe
and remove reach, helpers named for init/reset/stop); accesses ordered by hand
with smp_wmb()/smp_rmb(); and a local that shadows the variable.

**Why:** the handler can run between any two instructions of process context,
on this CPU or another. A read-modify-write (`count++`, `flags |= X`) in both
contexts loses updates; two variables written together can be seen half
updated; and the compiler may cache, tear or re-order plain accesses.

**Fix:** a spinlock taken with `spin_lock_irqsave()` in process context and
`spin_lock()` in the handler (never `spin_lock_irq()` in the handler: its
unlock re-enables interrupts), or make the variable `atomic_t`. For a flags
word, set_bit()/clear_bit() on an `unsigned long` make each bit an atomic
update; for events taken and cleared, xchg():

```c
spin_lock_irqsave(&priv->lock, flags);   /* process context */
events = priv->events;
priv->events = 0;
spin_unlock_irqrestore(&priv->lock, flags);

spin_lock(&priv->lock);                  /* in the handler */
priv->events |= EV_RX_DONE;
spin_unlock(&priv->lock);
```
""",
)

PROCESS_SIDE_LOCKS = kernel.SPIN_KINDS | {"irq_off", "irq_masked"}
# A helper named for one of these runs while the device is stopped or not yet started.
QUIESCED = ("reset", "stop", "disable", "init", "shutdown", "remove", "free", "cleanup", "setup", "down")
WRITE_BARRIERS = ("smp_wmb", "wmb", "smp_mb", "mb", "smp_store_release", "smp_mb__before_atomic")
READ_BARRIERS = ("smp_rmb", "rmb", "smp_mb", "mb", "smp_load_acquire", "smp_mb__after_atomic")


class _Sides:
    """Folder-wide, from the driver model: which functions run only in hard-IRQ context (-> their
    handler), which only outside it, and what is protected there."""

    def __init__(self, driver):
        self.driver, self.contexts = driver, driver.contexts
        self.irq, self.outside = self.contexts.sides()
        # The hard-IRQ handlers registered with a thread_fn of their own.
        self.threaded = {r.function for r in self.contexts.irq_registrations()
                         if r.kind == contexts.HARDIRQ and r.partner is not None}
        self.asynchronous = self.contexts.asynchronous()

    def unprotected_outside(self, path: str, accesses) -> list:
        """(path, access) of `accesses` (of the file `path`) made outside hard-IRQ context with no
        lock, no IRQ-off or masked region, no atomic accessor, while the handlers are registered."""
        found = []
        # A read matters only beside a write of its function (read, then reset): the locks of
        # the others are not worked out.
        writing = {a.function for a in accesses if a.kind != "read"}
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

    def racing_access(self, path: str, access, direct: bool = True) -> bool:
        """Does this access surely overlap the handler: in code that runs while the device is
        live (Contexts.live), or a wait on the variable?"""
        return access.in_wait_condition or self.contexts.live(FunctionRef(path, access.function), direct)


BITWISE = frozenset({"|=", "&=", "^="})
ADDS, SUBTRACTS = frozenset({"++", "+="}), frozenset({"--", "-="})


def _lost_update(handler_ops: set, access, accesses) -> str:
    """How `access` (outside the handler) loses what the handler's read-modify-writes
    (`handler_ops`) store, or "": "bits" when both sides change bits of one word, "balance" when
    one side adds and the other subtracts, "take" when its function reads what the handler
    gathered and then resets it. Not: both sides counting the same way (statistics), or a
    function that writes before it reads (it resets, then starts the round the handler ends)."""
    if access.kind == "rmw":
        if access.operator in BITWISE and handler_ops & BITWISE:
            return "bits"
        if access.operator in ADDS and handler_ops & SUBTRACTS:
            return "balance-down"  # the handler counts down
        if access.operator in SUBTRACTS and handler_ops & ADDS:
            return "balance-up"
    return "take" if access.kind == "write" and _read_then_written(access, accesses) else ""


def _read_then_written(access, accesses) -> bool:
    """A write of `access`'s function after its first access, a read (`v = p->st; p->st = 0;`)."""
    if access.kind == "read":
        return False
    own = [a for _, a in accesses if a.function == access.function]
    first = min(own, key=lambda a: a.start_byte)
    return first.kind == "read" and first.start_byte < access.start_byte


def _published_later(driver, path: str, access, lock) -> bool:
    """Does the function of `access` take the handler's lock after it (`cmd->command |= X;` then,
    under the lock, link `cmd` where the handler finds it)? It prepares an object the handler
    cannot see yet, and knows the lock: not a forgotten one."""
    locks = driver.locks(FunctionRef(path, access.function))
    return locks is not None and any(site.start_byte > access.start_byte and held.name == lock.name
                                     for site, held in locks.acquires)


def _ordered_by_barriers(folder, path: str, writes, accesses) -> bool:
    """Does every IRQ-side writer issue a write barrier, and every other side a read barrier?
    The driver orders the accesses by hand (smp_wmb() before setting the flag, smp_rmb() after
    reading it): a design to review, not a plain missing lock."""
    def calls(file_path: str, function: str, names) -> bool:
        facts = folder.files.get(file_path)
        return facts is not None and any(c.function == function for c in facts.calls_to(*names))
    return all(calls(path, w.function, WRITE_BARRIERS) for w, _, _ in writes) and \
        all(calls(p, a.function, READ_BARRIERS) for p, a in accesses)


def _is_atomic_type(key: AccessKey, facts, folder) -> bool:
    if key.struct:
        definition = folder.struct_def(key.struct, facts)
        field_type = (definition.field_type(key.name) or "") if definition is not None else ""
        return field_type in kernel.ATOMIC_TYPES or "atomic" in field_type
    variable = facts.global_var(key.name)
    return variable is not None and (variable.type in kernel.ATOMIC_TYPES or "atomic" in variable.type)


class SharedKey(NamedTuple):
    """What the two sides share: an access key, and the file that owns it when it is a static
    variable ("" when the folder shares it: a global, or a field matched by struct type)."""
    access: AccessKey
    owner: str = ""


def _key_scope(key: AccessKey, path: str, facts) -> SharedKey:
    """A static variable is its file's own; everything else is shared by the folder."""
    variable = facts.global_var(key)
    return SharedKey(key, path) if variable is not None and variable.static else SharedKey(key)


def _registers(name: bytes, data: bytes) -> bool:
    """Does `data` pass `name` as the handler of an IRQ registration (or one it cannot read)?"""
    names = registered_handler_names([data])
    return names is None or name in names


@RULE.folder_tokens_from
def shared_names(facts):
    """Variables the IRQ side writes that this file does not own: a sibling defines them; and
    the sibling that registers a handler of this file (the name inside a request_*() call)."""
    roots = {f.name for f in facts.functions if f.return_type == "irqreturn_t"}
    for name in sorted(f.name for f in facts.functions if f.name in roots and not f.static):
        yield name, functools.partial(_registers, name.encode())
    for access in facts.accesses:
        if access.kind == "read" or access.key.struct:
            continue
        variable = facts.global_var(access.key)
        if variable is None or variable.extern or not variable.static:
            yield access.key


def _irq_place(function: str, root: FunctionRef) -> str:
    return f"IRQ handler {function}()" if function == root.name else f"{function}() (IRQ {root.name}())"


@RULE.check
def check(ctx):
    sides = ctx.folder.memo(RULE.id, lambda: _Sides(ctx.driver))
    if not sides.irq:
        return
    facts, path = ctx.facts, ctx.source.path
    # The facts hold the accesses of what this file's handlers and their static helpers write;
    # the model also knows the functions reached through ops tables and from a sibling's handler.
    seen = reachable(facts, {f.name for f in facts.functions if f.return_type == "irqreturn_t"})
    more = {ref.name for ref in sides.irq if ref.path == path and ref.name not in seen}
    accesses = list(facts.accesses)
    if more:
        known = {(a.key, a.start_byte) for a in accesses}
        accesses += [a for a in facts.accesses_written_by(more) if (a.key, a.start_byte) not in known]
    # The IRQ side's writes, per variable, with the spinlock held for each (None: no lock). The
    # locks are worked out only for what can be reported: a handler's read-modify-write, or a
    # store a thread_fn of its own resets.
    found: dict[SharedKey, list] = {}
    for access in accesses:
        root = sides.irq.get(FunctionRef(path, access.function))
        if root is not None and access.kind != "read" and not access.accessor:
            found.setdefault(_key_scope(access.key, path, facts), []).append((access, root))
    irq_writes: dict[SharedKey, list] = {}
    for key, writes in found.items():
        composing = {a.function for a, _ in writes if a.kind == "write"}
        if not any(a.kind == "rmw" and a.function not in composing for a, _ in writes) and \
                not any(root in sides.threaded for _, root in writes):
            continue
        for access, root in writes:
            held = ctx.driver.held(FunctionRef(path, access.function), access.start_byte)
            if not any(h.kind == "irq_off" for h in held):
                lock = min((h for h in held if h.kind in kernel.SPIN_KINDS), default=None)
                irq_writes.setdefault(key, []).append((access, root, lock))
    own_accesses: dict[SharedKey, list] = {}
    for access in accesses:
        own_accesses.setdefault(_key_scope(access.key, path, facts), []).append(access)
    own_outside: dict[SharedKey, list] = {}

    def own(key):
        if key not in own_outside:
            own_outside[key] = sides.unprotected_outside(path, own_accesses.get(key, []))
        return own_outside[key]
    waiting = {c.function for c in facts.calls if c.callee.startswith(kernel.HANDSHAKE_WAIT_PREFIXES)}
    memo: dict[SharedKey, list] = {}

    def outside(key):
        if key not in memo:
            if key.access.struct:
                # A field is matched by struct type; another driver of the folder can use a struct of
                # that name too: only this file's accesses, outside a wait-for-the-handler handshake.
                memo[key] = [(p, a) for p, a in own(key) if a.function not in waiting]
            elif key.owner:  # a static variable: this file's own
                memo[key] = own(key)
            else:  # shared by the folder: every file that does not have its own static one
                memo[key] = []
                for other_path, other in sorted(ctx.folder.files.items()):
                    if other_path == path:
                        memo[key] += own(key)
                    elif not ((variable := other.global_var(key.access)) is not None and variable.static):
                        memo[key] += sides.unprotected_outside(other_path, other.accesses_of({key.access}))
        return memo[key]

    groups: dict[tuple, list] = {}
    for key, writes in irq_writes.items():
        handlers = {root for _, root, _ in writes}
        masked = set().union(*(sides.contexts.masked_while(root) for root in handlers))
        # The thread_fn of a threaded registration without IRQF_ONESHOT: the hard half runs again
        # while it reads what the hard half stored.
        threads = {r.partner for r in sides.contexts.irq_registrations()
                   if r.function in handlers and r.partner is not None} - masked
        # Work the handler schedules takes or clears what it gathered; whether the handler can run
        # again meanwhile is the device's business (drivers mask the source until the work is done).
        handed = set().union(*(sides.contexts.handed_off_by(root) for root in handlers))
        # A handler that also stores a whole value reports a status; one that only adds or sets
        # bits gathers what the other side takes: "take" is reported only then.
        gathers = all(w.kind == "rmw" for w, _, _ in writes)
        # `x = a; x |= b;` in one handler function composes a new value, it does not update one.
        composing = {w.function for w, _, _ in writes if w.kind == "write"}
        handler_ops = {w.operator for w, _, _ in writes if w.kind == "rmw" and w.function not in composing}
        every = [(p, a) for p, a in outside(key) if FunctionRef(p, a.function) not in masked]
        if any(a.in_wait_condition for _, a in every) or \
                any(a.in_wait_condition for a in accesses if a.key == key.access):
            continue  # a word a wait_event*() tests: a handshake, cleared before the device is started
        if not every or _ordered_by_barriers(ctx.folder, path, writes, every) \
                or _is_atomic_type(key.access, facts, ctx.folder):
            continue
        if key.access.struct and ctx.folder.struct_def(key.access.struct) is None:
            continue  # a kernel struct (sk_buff, uart_port): other instances, other owners
        # What is reported: an update of the handler's that a read-modify-write on the other side,
        # while the device is live (a system call, work, a timer, a thread), can lose (see
        # _lost_update); and a value the hard half of a threaded IRQ without IRQF_ONESHOT stores
        # that its thread_fn reads then resets. A plain store of the handler's and a plain read or
        # write elsewhere are mostly ordered by the device (a status the handler reports, a
        # setting the system call makes, a flag a wake-up hands over): not reported.
        lock = None if any(w[2] is None for w in writes) else min(w[2] for w in writes)
        racing = []
        for p, a in every:
            if lock is not None and _published_later(ctx.driver, p, a, lock):
                continue
            how = _lost_update(handler_ops, a, every) if handler_ops else ""
            if lock is not None and FunctionRef(p, a.function) not in sides.asynchronous:
                # The handler guards the word with its lock: the driver has a locking design. A
                # helper, or a subsystem's method (set_ios between requests, change_mtu while the
                # interface is down), that changes it without runs in a state the design or the
                # subsystem orders; a timer, work item, thread or a user's read()/ioctl() runs at any
                # time: only those.
                how = ""
            if how in ("take", "bits") and FunctionRef(p, a.function) in handed or how == "take" and not gathers:
                how = ""
            if how and (sides.racing_access(p, a) or sides.racing_access(p, a, direct=False)
                        and not any(word in a.function for word in QUIESCED)):
                racing.append((p, a, how))
            elif FunctionRef(p, a.function) in threads and _read_then_written(a, every):
                racing.append((p, a, "thread"))
        if not racing:
            continue
        kind = min(how for _, _, how in racing)  # bits < balance-* < take < thread: the plainest first
        # Reported at the handler's first read-modify-write (its first write for a thread_fn's reset).
        first, root, _ = min((w for w in writes
                              if kind == "thread" or w[0].kind == "rmw" and w[0].function not in composing),
                             key=lambda w: w[0].start_byte)
        place = _irq_place(first.function, root)
        where = sorted({a.function for _, a, how in racing if how == kind})[0]
        struct = f"struct {key.access.struct}" if key.access.struct else ""
        group = groups.setdefault((first.function, struct, where, lock.describe() if lock else "", kind), [])
        group.append((first, key, place, racing))
    # One finding per handler function, other function and struct: the fields a statistics
    # routine syncs, or a state machine shares, are one fix.
    for (_, struct, where, lock, kind), items in groups.items():
        items.sort(key=lambda item: item[0].start_byte)
        first, key, place, racing = items[0]
        names = [item[1].access.name for item in items]
        related = [ctx.related(a, f"{a.kind} in {a.function}() without a lock", p)
                   for _, _, _, found in items for p, a, _ in found][:4]
        yield ctx.finding(first, _message(kind, names, struct, place, where + "()", lock), related=related)


def _message(kind: str, names: list, struct: str, place: str, where: str, lock: str) -> str:
    """The shortest of the forms that fits the budget: with the struct and the handler's root,
    without the root, without the struct."""
    def render(struct: str, place: str) -> str:
        if len(names) == 1:
            what, it, verb = f"'{names[0]}'" + (f" of '{struct}'" if struct else ""), "it", "is"
        else:
            what = ", ".join(f"'{n}'" for n in names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
            what, it, verb = what + (f" of '{struct}'" if struct else ""), "them", "are"
        if lock:
            done = {"bits": f"{verb} changed bit-wise under {lock} in {place}; {where} changes {it} without it",
                    "balance-up": f"{verb} counted up under {lock} in {place}; {where} counts {it} down without it",
                    "balance-down": f"{verb} counted down under {lock} in {place}; {where} counts {it} up without it",
                    "take": f"{verb} updated under {lock} in {place}; {where} reads then resets {it} without it",
                    "thread": f"{verb} set under {lock} in {place}; its thread_fn {where} resets {it} without it"}
            return f"{what} {done[kind]}: take {lock} there"
        done = {"bits": f"{verb} changed bit-wise in {place} and in {where} with no lock: a bit changed between is lost",
                "balance-up": f"{verb} counted up in {place} and down in {where} with no lock: a count between is lost",
                "balance-down": f"{verb} counted down in {place} and up in {where} with no lock: a count between is lost",
                "take": f"{verb} updated in {place}; {where} reads then resets {it} with no lock: an update between is lost",
                "thread": f"{verb} set in {place}; thread_fn {where} (no IRQF_ONESHOT) reads then resets {it}"}
        return f"{what} {done[kind]}"
    short_place = "IRQ " + place.split(" (IRQ ")[0] if " (IRQ " in place else place
    for candidate in (render(struct, place), render(struct, short_place), render("", short_place)):
        if len(candidate) <= 160:
            return candidate
    return candidate
