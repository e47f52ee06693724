"""spin_lock_irq()/spin_unlock_irq() inside a hard-IRQ handler."""
from __future__ import annotations

import re

from kmodlint import kernel
from kmodlint.facts import reachable
from kmodlint.rule import Rule
from kmodlint.rules._irq import defines_registered_handler


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
    needs=("functions", "calls"),
    folder_needs=("functions", "calls"),
    help="""
Finds `spin_lock_irq()`/`spin_unlock_irq()`, `raw_spin_lock_irq()`,
`read_lock_irq()`/`write_lock_irq()` (and their unlocks), `uart_port_lock_irq()`,
`guard(spinlock_irq)` and `scoped_guard(spinlock_irq, ...)` in a hard-IRQ
handler: a function passed as the handler to `request_irq()`,
`devm_request_irq()`, `request_threaded_irq()` (its first function),
`request_any_context_irq()`, `pci_request_irq()`, ... anywhere in the driver
folder (by name or as `&handler`), and the static functions of the same file
the handlers call.

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

REGISTRATIONS = kernel.IRQ_REGISTRATION
# Acquires and releases that leave interrupts enabled.
IRQ_ENABLING = {}
for _prefix in ("spin", "raw_spin", "read", "write"):
    IRQ_ENABLING[f"{_prefix}_lock_irq"] = f"{_prefix}_lock"
    IRQ_ENABLING[f"{_prefix}_unlock_irq"] = f"{_prefix}_unlock"
IRQ_ENABLING["uart_port_lock_irq"] = "uart_port_lock"
IRQ_ENABLING["uart_port_unlock_irq"] = "uart_port_unlock"
GUARDS = {"spinlock_irq": "spinlock", "raw_spinlock_irq": "raw_spinlock",
          "read_lock_irq": "read_lock", "write_lock_irq": "write_lock"}
_SCOPED = re.compile(rb"\bscoped_guard\s*\(\s*(spinlock_irq|raw_spinlock_irq|read_lock_irq|write_lock_irq)\s*,")


class _Handlers:
    """Folder-wide: which function definitions are registered as hard-IRQ handlers, and where.

    The thread_fn of a threaded registration is not among them: it runs in a
    kernel thread, in process context.
    """

    def __init__(self, folder):
        self.hard: dict[tuple[str, str], tuple[str, object]] = {}  # (path, function) -> (registration path, call)
        for path, facts in folder.files.items():
            for call in facts.calls_to(*REGISTRATIONS):
                hard, _thread = REGISTRATIONS[call.callee]
                handler = _function_name(call.args[hard]) if hard < len(call.args) else ""
                if handler:
                    resolved = folder.function(handler, path)
                    if resolved is not None:
                        self.hard.setdefault((resolved[0], resolved[1].name), (path, call))


def _function_name(arg: str) -> str:
    """`foo_isr` or `&foo_isr` -> foo_isr; anything else (NULL, a variable's field) -> ""."""
    name = arg.strip().lstrip("&").strip()
    return name if name.isidentifier() and name != "NULL" else ""


def _hard_irq_functions(ctx, handlers):
    """Functions of this file that run in hard-IRQ context -> the handler they are reached from.

    Only handlers registered as such count: an irqreturn_t function handed to
    code kmodlint does not know (iio_triggered_buffer_setup(), an ops struct,
    a function pointer the IRQ core picks) may be a thread function, and one
    called only from a thread function runs in process context.
    """
    facts, path = ctx.facts, ctx.source.path
    roots = {name for p, name in handlers.hard if p == path}
    via: dict[str, str] = {}
    for root in sorted(roots):
        for name in reachable(facts, {root}):
            via.setdefault(name, root)
    return via


@RULE.folder_tokens_from
def handler_names(facts):
    """The sibling that registers this file's handlers says whether they are hard or threaded."""
    for function in facts.functions:
        if function.return_type == "irqreturn_t" and not function.static:
            yield function.name


@RULE.check
def check(ctx):
    facts = ctx.facts
    handlers = ctx.folder.memo(RULE.id, lambda: _Handlers(ctx.folder))
    sites = [c for c in facts.calls_to(*IRQ_ENABLING) if c.function]
    sites += [c for c in facts.calls_to("guard") if c.function and c.args and c.args[0] in GUARDS]
    scoped = []
    for function in facts.functions:
        for m in _SCOPED.finditer(ctx.source.data, function.start_byte, function.end_byte):
            scoped.append((function.name, m))
    if not sites and not scoped:
        return
    hard = _hard_irq_functions(ctx, handlers)
    if not hard:
        return

    def context(function: str) -> str:
        root = hard[function]
        if root == function:
            return f"{function}() is a hard-IRQ handler"
        return f"{function}() is called from the hard-IRQ handler {root}()"

    def registration(function: str):
        entry = handlers.hard.get((ctx.source.path, hard[function]))
        if entry is None:
            return []
        path, call = entry
        return [ctx.related(call, f"{hard[function]}() is registered as a hard-IRQ handler here by "
                                  f"{call.callee}()", path)]

    # Acquires of an _irq lock, and releases that no _irq acquire in the same function opened.
    opened: dict[tuple[str, str], int] = {}
    dropped: set[tuple[str, str]] = set()  # a lone unlock already reported: its retake is the same finding
    for call in sorted(sites, key=lambda c: c.start_byte):
        if call.function not in hard:
            continue
        if call.callee == "guard":
            kind = call.args[0]
            saving = kind.replace("_irq", "_irqsave")
            yield ctx.finding(
                call,
                f"guard({kind}) in hard-IRQ context ({context(call.function)}): at the end of the "
                f"scope it unlocks with the _irq unlock, which enables interrupts inside the handler; "
                f"use guard({GUARDS[kind]}) here (interrupts are already off), or guard({saving}) "
                f"in code that also runs in process context",
                related=registration(call.function),
            )
            continue
        lock = call.args[0] if call.args else ""
        plain = IRQ_ENABLING[call.callee]
        if "_unlock_irq" not in call.callee:
            opened[(call.function, lock)] = opened.get((call.function, lock), 0) + 1
            if (call.function, lock) in dropped:
                dropped.discard((call.function, lock))
                continue
            unlock = call.callee.replace("_lock_irq", "_unlock_irq")
            yield ctx.finding(
                call,
                f"{call.callee}({lock}) in hard-IRQ context ({context(call.function)}): its "
                f"{unlock}() enables interrupts inside the handler; interrupts are already off here, so use "
                f"{plain}()/{plain.replace('_lock', '_unlock')}(), or "
                f"{call.callee}save()/{unlock.replace('_unlock_irq', '_unlock_irqrestore')}() in code that "
                f"also runs in process context",
                related=registration(call.function),
            )
        elif opened.get((call.function, lock)):
            opened[(call.function, lock)] -= 1
        else:
            dropped.add((call.function, lock))
            relock = plain.replace("_unlock", "_lock")
            yield ctx.finding(
                call,
                f"{call.callee}({lock}) in hard-IRQ context ({context(call.function)}) enables interrupts "
                f"inside the handler; release with {plain}() (and retake with {relock}(): interrupts stay "
                f"off), or pair {relock}_irqsave()/{plain}_irqrestore() in code that also runs in process context",
                related=registration(call.function),
            )
    for function, m in scoped:
        if function not in hard:
            continue
        kind = m.group(1).decode()
        span = ctx.source.span(m.start(), m.end())
        yield ctx.finding(
            span,
            f"scoped_guard({kind}, ...) in hard-IRQ context ({context(function)}): leaving the scope "
            f"enables interrupts inside the handler; use scoped_guard({GUARDS[kind]}, ...) here, or "
            f"scoped_guard({kind}save, ...) in code that also runs in process context",
            function=function, related=registration(function),
            snippet=ctx.source.line_text(span.line),
        )
