"""wait_event_interruptible() and friends: the -ERESTARTSYS they return is thrown away."""
from __future__ import annotations

from kmodlint.driver import FunctionRef
from kmodlint.driver.callgraph import function_name_of
from kmodlint.driver.contexts import REGISTRATIONS, SYSCALL, THREAD_KINDS
from kmodlint.driver.rechecks import Recheck
from kmodlint.facts import LockKind, UsageKind
from kmodlint.rule import Rule


RULE = Rule(
    id="wait-event-result-ignored",
    title="Result of wait_event_interruptible()/wait_event_killable() ignored",
    severity="warning",
    tags=("correctness", "signals"),
    # 17 of 20 right on linux 6.12 drivers/ (benchmarks/precision/, all 34 findings read: 31 right).
    precision="high",
    triggers=(b"wait_event_interruptible", b"wait_event_killable", b"wait_event_freezable",
              b"wait_var_event_interruptible", b"wait_var_event_killable"),
    needs=("calls", "macros", "struct_inits"),
    folder_needs=("calls", "struct_inits"),
    help="""
Finds `wait_event_interruptible()`, `wait_event_interruptible_timeout()`,
`wait_event_killable()`, `wait_event_freezable()` and their `_exclusive`,
`_locked`, `_lock_irq`, `_hrtimeout` variants (and `wait_var_event_interruptible()`
/ `wait_var_event_killable()`) whose result is thrown away: the call is a
statement of its own, is cast to `(void)`, or is stored in a variable nobody
reads.

**Why:** an interruptible (or killable) sleep ends early when a signal arrives,
with the condition still false, and returns `-ERESTARTSYS`. Code that ignores
the result carries on as if the event had happened: it reads a buffer that was
never filled, or loops back into the wait, which returns at once because the
signal is still pending: a busy loop that burns the CPU until the process
dies. The signal itself is only handled when the system call returns, so
Ctrl-C seems to do nothing. (`_timeout` variants also return 0 on timeout, the
remaining jiffies otherwise.)

**Fix:** return the error so the kernel delivers the signal and restarts (or
fails with EINTR) the system call:

```c
ret = wait_event_interruptible(priv->wq, priv->done);
if (ret)
        return ret;             /* -ERESTARTSYS */

left = wait_event_interruptible_timeout(priv->wq, priv->done, HZ);
if (left < 0)
        return left;
if (!left)
        return -ETIMEDOUT;
```

If the sleep must not be interrupted, say so with `wait_event()` /
`wait_event_timeout()` (or `wait_event_idle()` in a kernel thread).

The message says what to do in this code, since `return ret` is not always
right:

- a mutex is held at the wait: leave through the label that releases it
  (`if (ret) goto out_unlock;`), or unlock before returning;
- a request was handed on (to the device) by the last call before the wait
  and is freed or read after it (`rq`): leaving on a signal, through any
  label, abandons it while the firmware may still own it; the message says
  what must be handled rather than code (the request must not be released
  or looked at before the device has finished with it: wait uninterruptibly
  with `wait_event()`, or cancel the request first);
  when a loop around the wait re-tests its condition (`while (!a->done)`),
  the code does wait for the request, spinning while the signal is
  pending: use `wait_event()`;
- the function is a teardown method of an ops table (`.udc_stop`,
  `.remove`, `.close`, ...): its caller goes on tearing down whatever it
  returns, so use `wait_event()` if the sleep must complete;
- state of the waited-on object is freed after the wait (`kfree(pq->reqs)`):
  the wait must complete, use `wait_event()`;
- an RDMA/IB/iWARP connection-manager event handler: a non-zero return
  tells the CM to destroy the id, so the error cannot be passed on; use
  `wait_event()`;
- the condition is a constant (`wait_event_interruptible_timeout(wq, 0, t)`):
  it is a sleep, use `msleep()`;
- a function that returns `void` (a close or stop hook) cannot pass the
  error on: use the uninterruptible `wait_event()` if the sleep must
  complete. The same holds for a `file_operations` `.release` handler: the
  VFS ignores what it returns, and when the process is exiting with a
  fatal signal pending (the usual way a file gets its last close) an
  interruptible wait there returns at once.

A `(void)` cast is taken as a deliberate choice and reported as a note.

Silent in kernel threads and work items (functions passed to kthread_run(),
INIT_WORK(), the thread_fn of a threaded IRQ, directly or through the
driver's own wrapper, or to any call of the driver's whose name says it
starts a thread (`foo_create_thread(worker, ...)`), functions that test
kthread_should_stop() or have the `int fn(void *data)` shape of a thread,
and the functions they call, unless a file_operations method reaches them
too), and for a wait whose own condition asks kthread_should_stop(): signals
are not delivered there unless the thread asks for them. Silent too when the
function notices the signal another way after the wait (`signal_pending()`,
another interruptible wait whose result it uses), when the code after the
wait tests the wait's condition again in any form (an `if` or a `return` on
the same field or predicate, directly or through a variable read from it,
the condition of a bounded loop around the wait), when the first test after
the wait reads the outcome back from the same device (a register read
through it, `if (!(foo_read(foo, FOO_STA) & FOO_LOCKED))`, or a status
field of it required to hold one named value,
`if (dev->hw_status != FOO_READY)`; a later or unrelated test, or
`if (status)` on a status that is 0 until the event, does not count), for a
void helper that ends with the wait (its callers look at the state), for a
`_timeout` wait in a void function or a `.release` handler (it already
carries on after a timeout, and has nobody to tell: a signal only ends the
wait sooner), for a pause on module parameters only (a debugging stop the
administrator ends), and when a comment at the wait says what a signal to
the task does there (not a comment about a signal line of the hardware).
""",
)

INTERRUPTIBLE_WAITS = frozenset({
    "wait_event_interruptible", "wait_event_interruptible_timeout", "wait_event_interruptible_hrtimeout",
    "wait_event_interruptible_exclusive", "wait_event_interruptible_locked",
    "wait_event_interruptible_locked_irq", "wait_event_interruptible_exclusive_locked",
    "wait_event_interruptible_exclusive_locked_irq", "wait_event_interruptible_lock_irq",
    "wait_event_interruptible_lock_irq_cmd", "wait_event_interruptible_lock_irq_timeout",
    "wait_event_killable", "wait_event_killable_timeout", "wait_event_killable_exclusive",
    "wait_event_freezable", "wait_event_freezable_timeout", "wait_event_freezable_exclusive",
    "wait_var_event_interruptible", "wait_var_event_killable",
})
# A function that asks these is a kernel thread's loop: signals are not delivered to it.
KTHREAD_MARKERS = frozenset({"kthread_should_stop", "kthread_freezable_should_stop", "kthread_should_park",
                             "kthread_should_stop_or_park", "kthread_parkme"})
SIGNAL_CHECKS = frozenset({"signal_pending", "fatal_signal_pending", "signal_pending_state",
                           "sigismember", "kernel_dequeue_signal", "dequeue_signal", "flush_signals"})


def _is_thread_shaped(function) -> bool:
    return (function.return_type == "int" and len(function.params) == 1
            and function.params[0].type.replace(" ", "") == "void*")


@RULE.folder_tokens_from
def waiting_functions(facts):
    """A sibling that starts one of the waiting functions as a kernel thread (or work), or the
    driver's wrapper that starts threads, is parsed too."""
    for call in facts.calls_to(*INTERRUPTIBLE_WAITS):
        if call.usage.ignored or not call.result_read:
            yield call.function
            yield from ("kthread_run", "kthread_create")


def _thread_side(driver) -> set:
    """Functions that run in a kernel thread and never for a system call."""
    graph, contexts = driver.graph, driver.contexts
    roots = {r.function for r in contexts.registrations if r.kind in THREAD_KINDS}
    for path, facts in driver.folder.files.items():
        roots |= {FunctionRef(path, c.function) for c in facts.calls_to(*KTHREAD_MARKERS) if c.function}
        # `int fn(void *data)`: the shape of a kthread function (kthread_run() may be in another folder).
        roots |= {FunctionRef(path, f.name) for f in facts.functions if _is_thread_shaped(f)}
        # A function handed to the driver's own thread starter (`vdo_create_thread(worker, ...)`),
        # defined in a folder this one does not see.
        for call in facts.calls:
            if "thread" in call.callee.lower() and call.callee not in REGISTRATIONS:
                roots |= {ref for arg in call.args if (name := function_name_of(arg))
                          for ref in [graph.resolve(name, path)] if ref is not None}
    return set(graph.reachable(roots)) - set(contexts.reached.get(SYSCALL, {}))


def _signal_checked_after(facts, call) -> bool:
    """Is the pending signal noticed later in the function: signal_pending(), or another
    interruptible wait whose result is used (it returns -ERESTARTSYS at once)?"""
    return any(later.function == call.function and later.start_byte > call.end_byte
               and (later.callee in SIGNAL_CHECKS or (not later.usage.ignored and later.result_read))
               for later in facts.calls_to(*SIGNAL_CHECKS, *INTERRUPTIBLE_WAITS))


# The first parameter of a connection-manager event handler: its int return tells the CM to
# destroy the id, so an error cannot be passed on through it.
CM_HANDLER_PARAMS = ("struct rdma_cm_id", "struct ib_cm_id", "struct iw_cm_id")


# Methods of an ops table that tear something down: their caller goes on with the teardown
# whatever they return (the UDC core ignores what .udc_stop returns), so the error cannot stop it.
TEARDOWN_METHODS = ("stop", "remove", "close", "shutdown", "disable", "destroy", "exit", "uninit",
                    "detach", "unbind", "teardown")


def _teardown_method(facts, name: str) -> str:
    """`.udc_stop` when `name` is a teardown method of one of the file's ops tables, else ""."""
    for init in facts.struct_inits:
        if init.struct == "file_operations":
            continue
        for key, value in init.fields:
            if function_name_of(value) == name and any(word in key for word in TEARDOWN_METHODS):
                return key
    return ""


def _advice(ctx, call, function, releases, recheck) -> str:
    plain = call.callee.replace("_interruptible", "").replace("_killable", "").replace("_freezable", "")
    if recheck.constant_condition(call):
        return "it only sleeps, cut short by a signal: use msleep()"
    if call.function in releases:
        return f"{call.function}() is .release, whose result is dropped: use {plain}()"
    if function is not None and function.return_type == "void":
        return f"{call.function}() returns void: use {plain}() if it must complete"
    method = _teardown_method(ctx.facts, call.function)
    if method:
        return f"{call.function}() is .{method}, a teardown: use {plain}() if it must complete"
    if function is not None and function.params and function.params[0].type.startswith(CM_HANDLER_PARAMS):
        return f"a non-zero return from CM handler {call.function}() destroys the id: use {plain}()"
    owned, how = recheck.still_owned(call)
    if how == "handed" and recheck.rewait_loop(call):
        return f"the loop around it spins on a signal until {owned} is done: use {plain}()"
    if how == "handed":
        return f"{owned} was handed on before it: after a signal, free or read it only once the device is done"
    if how == "freed":
        return f"{owned} is freed after it, signal or not: use {plain}()"
    ref = FunctionRef(ctx.source.path, call.function)
    mutex = min((h for h in ctx.driver.held(ref, call.start_byte) if h.kind in (LockKind.MUTEX, LockKind.SEMAPHORE) and h.release),
                default=None)
    test = "ret < 0" if "_timeout" in call.callee else "ret"
    if mutex is not None:
        label = ctx.driver.release_label(ref, mutex, call.end_byte)
        if label:
            return f"{mutex.describe()} is held: `if ({test}) goto {label};` releases it"
        return f"{mutex.describe()} is held: `if ({test}) {{ {mutex.release}({mutex.lock}); return ret; }}`"
    return f"check it: `if ({test}) return ret;`"


@RULE.check
def check(ctx):
    facts = ctx.facts
    calls = [c for c in facts.calls_to(*INTERRUPTIBLE_WAITS) if c.function]
    if not calls:
        return
    threads = ctx.folder.memo(f"{RULE.id}:threads", lambda: _thread_side(ctx.driver))
    releases = {init.field("release") for init in facts.struct_inits if init.struct == "file_operations"}
    recheck = Recheck(facts)
    for call in calls:
        if call.callee in facts.macros or facts.function(call.callee) is not None:
            continue  # a local definition of that name
        if call.usage.ignored:
            how = "is cast to (void)" if call.usage is UsageKind.VOID_CAST else "is ignored"
        elif call.usage is UsageKind.ASSIGNED and call.target and not call.result_read:
            how = f"is stored in '{call.target}', never read"
        else:
            continue
        function = facts.function(call.function)
        if FunctionRef(ctx.source.path, call.function) in threads or _signal_checked_after(facts, call) \
                or recheck.condition_retested(call) or recheck.signal_mentioned_after(call) \
                or recheck.void_wrapper(call) or recheck.condition_calls(call, KTHREAD_MARKERS) \
                or recheck.hardware_reread(call) or recheck.module_parameter_pause(call) \
                or recheck.commented_signal(call):
            continue
        if "_timeout" in call.callee and (call.function in releases
                                          or function is not None and function.return_type == "void"):
            continue  # it carries on after a timeout already, and has no caller to tell
        advice = _advice(ctx, call, function, releases, recheck)
        where = f" in {call.function}()" if f"{call.function}()" not in advice else ""
        message = f"{call.callee}() result {how}{where}; {advice}"
        yield ctx.finding(
            call, message if len(message) <= 160 else f"{call.callee}() result {how}; {advice}",
            severity="note" if call.usage is UsageKind.VOID_CAST else None,
        )
