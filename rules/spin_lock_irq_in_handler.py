"""spin_lock_irq()/spin_unlock_irq() inside a hard-IRQ handler."""
from __future__ import annotations

from kmodlint.driver.admission import defines_registered_handler
from kmodlint.driver.contexts import HARDIRQ
from kmodlint.rule import Rule


RULE = Rule(
    id="spin-lock-irq-in-handler",
    title="spin_lock_irq()/spin_unlock_irq() in a hard-IRQ handler re-enables interrupts",
    severity="error",
    tags=("concurrency", "correctness", "irq"),
    precision="high",
    # spin_lock_irq( and guard(spinlock_irq), not spin_lock_irqsave( (which holds the words)
    triggers=((b"_lock_irq", rb"_lock_irq\b"), (b"_unlock_irq", rb"_unlock_irq\b"), (b"spinlock_irq", rb"spinlock_irq\b")),
    # Only the file that defines a handler the folder registers can report (no registration: none).
    folder_admits=defines_registered_handler,
    needs=("functions", "calls", "struct_inits", "member_assigns"),
    folder_needs=("functions", "calls", "struct_inits", "member_assigns"),
    # Helpers that also run outside hard-IRQ context: 4 of 5 right on linux 6.12 drivers/
    # (benchmarks/precision/), under the 85 % of a default tier: on by option.
    options={"shared-helpers": False},
    help="""
Finds `spin_lock_irq()`/`spin_unlock_irq()`, `raw_spin_lock_irq()`,
`read_lock_irq()`/`write_lock_irq()` (and their unlocks), `uart_port_lock_irq()`,
`guard(spinlock_irq)` and `scoped_guard(spinlock_irq, ...)` in a hard-IRQ
handler: a function passed as the handler to `request_irq()`,
`devm_request_irq()`, `request_threaded_irq()` (its first function),
`request_any_context_irq()`, `pci_request_irq()`, ... anywhere in the driver
folder (by name or as `&handler`, directly or through the driver's own wrapper
of these), and the functions the handlers call, directly or through the
driver's ops tables (`priv->ops->ack(priv)`).

A helper that also runs outside hard-IRQ context (called from the handler
and from process context too, like a buffer lookup both the receive
interrupt and a worker use) is reported only with the option
`shared-helpers = true`: `spin_lock_irq()` is right for its other callers,
and the handler's path to it is often taken only in some configurations
(a dispatcher's branch for one adapter family), which kmodlint cannot see;
read by hand, 4 of 5 such findings on linux 6.12 drivers/ were right. The
message then says to use `spin_lock_irqsave()`, which is right in both
contexts, not the plain lock.

Not reported: the `thread_fn` of `request_threaded_irq()`/
`devm_request_threaded_irq()`/`pci_request_irq()` (it runs in a kernel thread,
in process context, with interrupts enabled: `spin_lock_irq()` is the right
lock there when the hard handler takes it too), an `irqreturn_t` function that
is only called from such a thread function, and an `irqreturn_t` function
registered by code kmodlint does not know (`devm_iio_triggered_buffer_setup()`'s
thread half, an ops struct, a subsystem's wrapper), whose context that code
chooses.

**Why:** a hard-IRQ handler runs with interrupts disabled on its CPU, and the
kernel relies on that. `spin_unlock_irq()` does not restore the previous state,
it unconditionally enables interrupts: from then on the handler, and the IRQ
core code that runs after it, can be interrupted by another interrupt — nested
handlers, stack overflows, deadlocks on locks the other handler takes, and the
"irq handler ... enabled interrupts" warning (WARN_ONCE in
`__handle_irq_event_percpu()`) that prompted the question this rule comes from.

**Fix:** in the handler interrupts are already off: take the plain lock, and
keep `spin_lock_irqsave()`/`spin_lock_irq()` for process context. Use
`spin_lock_irqsave()` in code that can run in both contexts:

```c
static irqreturn_t foo_isr(int irq, void *dev_id)
{
        struct foo *foo = dev_id;

        spin_lock(&foo->lock);          /* not spin_lock_irq() */
        foo->status = readl(foo->regs + FOO_STATUS);
        spin_unlock(&foo->lock);
        return IRQ_HANDLED;
}

/* process context: */
spin_lock_irq(&foo->lock);   /* or spin_lock_irqsave(&foo->lock, flags) */
```
""",
)

# The _irq acquires (and guards) -> the plain form to use in the handler.
PLAIN = {f"{p}_{verb}_irq": f"{p}_{verb}" for p in ("spin", "raw_spin", "read", "write") for verb in ("lock", "unlock")}
PLAIN.update({"uart_port_lock_irq": "uart_port_lock", "uart_port_unlock_irq": "uart_port_unlock",
              "guard(spinlock_irq)": "guard(spinlock)", "guard(raw_spinlock_irq)": "guard(raw_spinlock)",
              "scoped_guard(spinlock_irq)": "scoped_guard(spinlock)",
              "scoped_guard(raw_spinlock_irq)": "scoped_guard(raw_spinlock)"})
for _name in ("read_lock_irq", "write_lock_irq"):
    PLAIN[f"guard({_name})"] = f"guard({_name[:-4]})"
    PLAIN[f"scoped_guard({_name})"] = f"scoped_guard({_name[:-4]})"


@RULE.folder_tokens_from
def handler_names(facts):
    """The sibling that registers this file's handlers says whether they are hard or threaded."""
    for function in facts.functions:
        if function.return_type == "irqreturn_t" and not function.static:
            yield function.name


def _where(function: str, root: str) -> str:
    return f"IRQ handler {function}()" if root == function else f"{function}() (called from IRQ handler {root}())"


def _written(taken_by: str, lock: str) -> str:
    """How the acquire reads in the code: spin_lock_irq(&l), guard(spinlock_irq)(&l), scoped_guard(spinlock_irq, &l)."""
    if taken_by.startswith("scoped_guard("):
        return f"{taken_by[:-1]}, {lock})"
    return f"{taken_by}({lock})"


def _saving(taken_by: str, lock: str) -> str:
    """The acquire that saves the interrupt state: spin_lock_irqsave(&l, flags), guard(spinlock_irqsave)(&l)."""
    if taken_by.startswith(("guard(", "scoped_guard(")):
        return _written(taken_by.replace("_irq)", "_irqsave)"), lock)
    if taken_by.startswith("uart_port_lock"):
        return f"uart_port_lock_irqsave({lock}, &flags)"
    return f"{taken_by}save({lock}, flags)"


def _shortest(*candidates: str) -> str:
    """The first message within the budget, else the last (shortest) one."""
    return next((c for c in candidates if len(c) <= 160), candidates[-1])


def _span(ctx, site):
    """A Call's span, or the place of a guard statement / a scoped_guard block's head."""
    if hasattr(site, "span"):
        return site.span
    return ctx.source.span(site.start_byte, site.end_byte)


@RULE.check
def check(ctx):
    driver, path = ctx.driver, ctx.source.path
    for function in ctx.facts.functions:
        ref = driver.ref(path, function.name)
        root = driver.contexts.hard_irq_root(ref)
        locks = driver.locks(ref) if root is not None else None
        if locks is None:
            continue
        registration = [ctx.related(r.call, f"{root.name}() is registered as a hard-IRQ handler here", r.path)
                        for r in driver.contexts.registrations if r.kind is HARDIRQ and r.function == root][:1]
        where = _where(function.name, root.name)
        # A helper that also runs outside hard-IRQ context needs the saving form, not the plain lock.
        shared = ref != root and ref not in driver.contexts.sides()[0]
        if shared and not ctx.settings["shared-helpers"]:
            continue
        events = [(site.start_byte, site, held) for site, held in locks.acquires if held.taken_by in PLAIN]
        # A lone _irq unlock (of a lock taken by a caller, or with the plain lock): it enables interrupts.
        events += [(call.start_byte, call, None) for call in ctx.facts.calls_to(*(n for n in PLAIN if "unlock" in n))
                   if call.function == function.name and call.args
                   and not any(h.lock == call.args[0] and h.taken_by in PLAIN for h in locks.held_at(call.start_byte))]
        dropped = set()  # locks released with a lone _irq unlock: their retake is the same finding
        for _, site, held in sorted(events, key=lambda event: event[0]):
            if held is None:
                dropped.add(site.args[0])
                plain = PLAIN[site.callee]
                retake = plain.replace("unlock", "lock")
                yield ctx.finding(site, _shortest(
                    f"{site.callee}({site.args[0]}) in {where} re-enables interrupts; use {plain}() and {retake}()",
                    f"{site.callee}() in {where} re-enables interrupts; use {plain}() and {retake}()",
                    f"{site.callee}() in {function.name}() re-enables interrupts in IRQ context; use {plain}()"),
                    related=registration)
            elif held.lock in dropped:
                dropped.discard(held.lock)
            else:
                written = _written(held.taken_by, held.lock)
                instead = _saving(held.taken_by, held.lock) if shared else _written(PLAIN[held.taken_by], held.lock)
                short = instead if instead.startswith(("guard", "scoped")) else instead.partition("(")[0] + "()"
                place = f"{function.name}() (called from IRQ handler {root.name}() and elsewhere)" if shared else where
                yield ctx.finding(
                    _span(ctx, site), _shortest(
                        f"{written} in {place}: its unlock re-enables interrupts; use {instead}",
                        f"{written} in {place}: its unlock re-enables interrupts; use {short}",
                        f"{written} in {function.name}(), {'also ' if shared else ''}reached from IRQ handler "
                        f"{root.name}(): use {short}"),
                    function=function.name, related=registration)
