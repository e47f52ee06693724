"""State shared between a hard-IRQ handler and the rest of the driver, with no lock."""
from __future__ import annotations

import functools

from kmodlint.driver.admission import defines_registered_handler, reaching_irq_shared_state, registered_handler_names
from kmodlint.driver.sharing import BITS, DEPTH, TAKE, OtherAccess, SharedState
from kmodlint.facts import AccessKind, irq_roots
from kmodlint.rule import Rule

RULE = Rule(
    id="unlocked-shared-flag",
    title="Variable shared between an IRQ handler and process context without a lock or atomic",
    severity="warning",
    tags=("concurrency", "correctness", "irq"),
    # 12 of 13 right on linux 6.12 drivers/ (benchmarks/precision/): what loses the handler's
    # update, not what a device-ordered protocol or a wake-up hands over.
    precision="high",
    # Opt-in for its cost, not its precision: on drivers/ it parses and reads 2,025 IRQ files no
    # default rule needs. Session 6: the default audit with it took 1.39x the default set's CPU
    # (1.19x parse-only); after cutting its accesses, admission and struct look-ups, 1.34x (main
    # 1.51x in the same loaded session; 1.38x parse-only CPU): still over the 1.0x bound.
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
  and its own thread_fn reads, then resets it;
- the handler stores it beside disable_irq_nosync() of its line, and the
  other side tests it, then calls disable_irq() and stores it (a flag that
  mirrors the line's disable depth: the two disables meet, one enable follows).

A copy_to_user()/memcpy() from a pointer to a struct reads each of its fields,
and a memset() of it resets each of them.

Not atomic_t/refcount_t (`volatile` is no exemption), not through
READ_ONCE/WRITE_ONCE, atomic_*(), the bitops or acquire/release. When the
handler holds a spinlock for its update, the message names it and the
function that must take it too; that function is then a timer, a work item,
a thread or a read()/ioctl() (code that runs at any time), or one that takes
the lock itself around another access of it, not a helper or a subsystem's
method.

Deliberately not reported, because whether it is a bug depends on an order
the device or the protocol gives, which the code does not show: a plain store
of the handler's (a status it reports, a state it moves to, a flag a wake-up
or wait_event*() hands over: the wait/wake pair orders it); a plain read or
write on the other side (a snapshot, a setting the system call makes); both
sides counting the same way (statistics); a function that resets the value
before it reads it (it starts the round the interrupt ends, as an interrupt
self-test does); counters the other side reads only to print them, then
resets (a status method's log line: a count lost there is not an event lost); an update made before the function takes the handler's own
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


def _registers(name: bytes, data: bytes) -> bool:
    """Does `data` pass `name` as the handler of an IRQ registration (or one it cannot read)?"""
    names = registered_handler_names([data])
    return names is None or name in names


@RULE.folder_tokens_from
def shared_names(facts):
    """Variables the IRQ side writes that this file does not own: a sibling defines them; and
    the sibling that registers a handler of this file (the name inside a request_*() call)."""
    roots = irq_roots(facts)
    for name in sorted(f.name for f in facts.functions if f.name in roots and not f.static):
        yield name, functools.partial(_registers, name.encode())
    for access in facts.accesses:
        if access.kind is AccessKind.READ or access.key.struct:
            continue
        variable = facts.global_var(access.key)
        if variable is None or variable.extern or not variable.static:
            yield access.key


def _lost(state: SharedState, other: OtherAccess) -> str:
    """How `other` loses the handler's update as reported (OtherAccess.loses, "thread"), or ""."""
    if state.lock is not None and other.published_later:
        return ""  # it prepares an object the handler cannot see yet, and knows the lock
    # The handler guards the word with its lock: a locking design. A helper or a subsystem's
    # method (set_ios between requests) changing it without runs in a state the design orders;
    # work, a timer, a thread or a user's read()/ioctl() runs at any time: only those, and a
    # function that takes the lock itself for the state elsewhere (it slipped past the unlock).
    how = other.loses if state.lock is None or other.asynchronous or other.locks_it_elsewhere else ""
    # Work only the handler schedules takes or clears what it gathered (drivers mask the source
    # until it is done); a handler that also stores a whole value reports a status, not gathers.
    if how in (BITS, TAKE) and other.handed_off or how == TAKE and not state.gathers:
        how = ""
    if how and other.live:
        return how
    # The hard half of a threaded IRQ without IRQF_ONESHOT runs again while its thread_fn reads.
    return "thread" if other.thread_fn_resets else ""


@RULE.check
def check(ctx):
    groups: dict[tuple, list] = {}
    for state in ctx.driver.sharing.irq_shared(ctx.source.path, ctx.facts):
        # Atomic, ordered by hand, or a kernel struct's (another owner).
        if not state.others or state.ordered_by_barriers or state.atomic or state.kernel_struct:
            continue
        racing = [(other, how) for other in state.others if (how := _lost(state, other))]
        if state.tested_in_wait:
            # A wait_event*() handshake orders the word, unless a function that takes the
            # handler's lock for it itself changes it past its unlock.
            racing = [(other, how) for other, how in racing if other.locks_it_elsewhere]
        if not racing:
            continue
        kind = min(how for _, how in racing)  # balance-* < bits < depth < take < thread: the plainest first
        # Reported at the handler's first read-modify-write (its first write for a thread_fn's
        # reset or a flag mirroring the disable depth).
        first = min(state.writes if kind in ("thread", DEPTH) else state.updates, key=lambda w: w.access.start_byte)
        where = sorted({other.access.function for other, how in racing if how == kind})[0]
        struct = f"struct {state.key.access.struct}" if state.key.access.struct else ""
        lock = state.lock.describe() if state.lock else ""
        groups.setdefault((first.access.function, struct, where, lock, kind), []).append((first, state, racing))
    # One finding per handler function, other function and struct: the fields one routine syncs are one fix.
    for (_, struct, where, lock, kind), items in groups.items():
        items.sort(key=lambda item: item[0].access.start_byte)
        first = items[0][0]
        names = [state.key.access.name for _, state, _ in items]
        # One note per line: a memset() resets every field at one call, `a = b = 0;` two at once.
        lines: dict[tuple, OtherAccess] = {}
        for o in sorted((o for _, _, racing in items for o, _ in racing), key=lambda o: (o.path, o.access.start_byte)):
            lines.setdefault((o.path, o.access.span.line), o)
        related = [ctx.related(o.access, f"{o.access.kind} in {o.access.function}() without a lock", o.path)
                   for o in lines.values()][:4]
        yield ctx.finding(first.access, _message(kind, names, struct, first, where + "()", lock), related=related)


def _message(kind: str, names: list, struct: str, first, where: str, lock: str) -> str:
    """The shortest of the forms that fits the budget: with the struct and the handler's root,
    without the root, without the struct, naming one field."""
    function, root = first.access.function, first.handler.name
    place = f"IRQ handler {function}()" if function == root else f"{function}() (IRQ {root}())"
    short_place = place if function == root else f"IRQ {function}()"
    def render(struct: str, place: str, shown: int = 2) -> str:
        if len(names) == 1:
            what, it, verb = f"'{names[0]}'" + (f" of '{struct}'" if struct else ""), "it", "is"
        else:
            what = ", ".join(f"'{n}'" for n in names[:shown]) + \
                (f" and {len(names) - shown} more" if len(names) > shown else "")
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
                "thread": f"{verb} set in {place}; thread_fn {where} (no IRQF_ONESHOT) reads then resets {it}",
                DEPTH: f"{verb} stored beside disable_irq_nosync() in {place}; {where} tests {it}, then calls "
                       "disable_irq() with no lock"}
        return f"{what} {done[kind]}"
    for candidate in (render(struct, place), render(struct, short_place), render("", short_place),
                      render("", short_place, 1)):
        if len(candidate) <= 160:
            return candidate
    return candidate
