"""wait_event_interruptible() and friends: the -ERESTARTSYS they return is thrown away."""
from __future__ import annotations

import re

from kmodlint import kernel
from kmodlint.facts import reachable
from kmodlint.rule import Rule


RULE = Rule(
    id="wait-event-result-ignored",
    title="Result of wait_event_interruptible()/wait_event_killable() ignored",
    severity="warning",
    tags=("correctness", "signals"),
    precision="high",
    triggers=(b"wait_event_interruptible", b"wait_event_killable", b"wait_event_freezable",
              b"wait_var_event_interruptible", b"wait_var_event_killable"),
    needs=("calls", "macros", "struct_inits"),
    folder_needs=("calls",),
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

In a function that returns `void` (a close or stop hook) the error cannot be
passed on: the message then says to use the uninterruptible `wait_event()` /
`wait_event_timeout()` if the sleep must complete. The same holds for a
`file_operations` `.release` handler: the VFS ignores what it returns, and
when the process is exiting with a fatal signal pending (the usual way a file
gets its last close) an interruptible wait there returns at once. A `(void)` cast is taken
as a deliberate choice and reported as a note.

Silent in kernel threads and work items (functions passed to kthread_run(),
INIT_WORK(), the thread_fn of a threaded IRQ, functions that test
kthread_should_stop() or have the `int fn(void *data)` shape of a thread, and
the static helpers they call): signals are not delivered there unless the
thread asks for them. Silent too when the function notices the signal another
way after the wait (`signal_pending()`, another interruptible wait whose result
it uses), when an `if` after the wait tests the wait's condition again (the
code then fails on its own when the event did not happen), and for a void
helper that ends with the wait (its callers look at the state).
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
# Callbacks that run in a kernel thread (kthreads, workqueue workers, threaded IRQ handlers).
_THREAD_CALLBACKS = {name: index for name, index in kernel.ASYNC_CALLBACKS.items()
                     if not name.startswith(("timer_", "setup_timer", "tasklet_"))}
_THREAD_CALLBACKS.update({"kthread_create_on_node": 0, "kthread_run_on_cpu": 0, "kthread_create_on_cpu": 0,
                          "kthread_init_work": 1, "kthread_init_delayed_work": 1,
                          "INIT_RCU_WORK": 1, "devm_work_autocancel": 2, "devm_delayed_work_autocancel": 2})
for _name, (_hard, _thread) in kernel.IRQ_REGISTRATION.items():
    if _thread >= 0:
        _THREAD_CALLBACKS[_name] = _thread


def _is_thread_shaped(function) -> bool:
    return (function.return_type == "int" and len(function.params) == 1
            and function.params[0].type.replace(" ", "") == "void*")


@RULE.folder_tokens_from
def waiting_functions(facts):
    """A sibling that starts one of the waiting functions as a kernel thread (or work) is parsed too."""
    for call in facts.calls_to(*INTERRUPTIBLE_WAITS):
        if call.usage in ("discarded", "void-cast") or not call.result_read:
            yield call.function


def _kernel_thread_functions(ctx) -> set[str]:
    """Functions of this file that run in a kernel thread, and the static helpers they call."""
    def compute():
        roots = set()
        for facts in ctx.folder.files.values() or [ctx.facts]:
            for call in facts.calls:
                index = _THREAD_CALLBACKS.get(call.callee)
                if index is not None and 0 <= index < len(call.args):
                    roots.add(call.args[index].lstrip("&").strip())
        by_file = {}
        for path, facts in (ctx.folder.files or {ctx.source.path: ctx.facts}).items():
            own = set(roots) | {c.function for c in facts.calls if c.callee in KTHREAD_MARKERS and c.function}
            # `int fn(void *data)`: the shape of a kthread function (kthread_run() may be in another folder).
            own |= {f.name for f in facts.functions if _is_thread_shaped(f)}
            by_file[path] = reachable(facts, own)
        return by_file
    return ctx.folder.memo("wait-event:kthreads", compute).get(ctx.source.path, set())


def _signal_checked_after(ctx, call) -> bool:
    """Is the pending signal noticed later in the function: signal_pending(), or another
    interruptible wait whose result is used (it returns -ERESTARTSYS at once)?"""
    for later in ctx.facts.calls_to(*SIGNAL_CHECKS, *INTERRUPTIBLE_WAITS):
        if later.function != call.function or later.start_byte <= call.end_byte:
            continue
        if later.callee in SIGNAL_CHECKS:
            return True
        if later.usage not in ("discarded", "void-cast") and later.result_read:
            return True
    return False


_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)+")
_NAME = re.compile(r"[A-Za-z_]\w*")
_GENERIC = frozenset({"likely", "unlikely", "sizeof", "typeof", "true", "false", "NULL", "current", "jiffies",
                      "time_after", "time_before", "list_empty", "kthread_should_stop"})
_IF = re.compile(rb"\bif\s*\(")


def _condition_tokens(condition: str) -> set[str]:
    """What a wait condition reads: access paths (`priv->done`), variables and predicate functions."""
    tokens = {re.sub(r"\s+", "", m.group(0)) for m in _CHAIN.finditer(condition)}
    rest = _CHAIN.sub(" ", condition)
    for m in _NAME.finditer(rest):
        name = m.group(0)
        if name in _GENERIC or kernel.is_atomic_accessor(name) or name.isupper() or name in ("test_bit",):
            continue
        tokens.add(name)
    return tokens


def _condition_retested(ctx, call) -> bool:
    """Does an `if` after the wait test what the wait condition reads? Then the code tells a
    signal (or timeout) from the event by itself, and fails when the condition does not hold."""
    if len(call.args) < 2:
        return False
    tokens = _condition_tokens(call.args[1])
    if not tokens:
        return False
    function = ctx.facts.function(call.function)
    if function is None:
        return False
    code = ctx.source.code
    patterns = [re.compile(r"(?<![\w>.])" + re.escape(t) + r"(?!\w)") for t in tokens]
    for m in _IF.finditer(code, call.end_byte, function.end_byte):
        depth, i = 0, m.end() - 1
        while i < function.end_byte:
            depth += {0x28: 1, 0x29: -1}.get(code[i], 0)
            if depth == 0:
                break
            i += 1
        condition = re.sub(r"\s+", "", code[m.end():i].decode("latin-1"))
        if any(p.search(condition) for p in patterns):
            return True
    return False


_SIGNAL_WORDS = re.compile(rb"\b(?:signal_pending|fatal_signal_pending|SIGKILL|PF_EXITING)\b")


def _signal_mentioned_after(ctx, call) -> bool:
    """The function looks at signals or process exit after the wait (`current->exit_code == SIGKILL`)."""
    function = ctx.facts.function(call.function)
    return function is not None and _SIGNAL_WORDS.search(ctx.source.code, call.end_byte, function.end_byte) is not None


def _void_wrapper(ctx, call) -> bool:
    """A void function that ends with the wait (or with retaking a lock after it): it cannot pass
    the result on, and its callers look at the state (`vt_event_wait(&vw); if (!vw.done) return -EINTR;`)."""
    function = ctx.facts.function(call.function)
    if function is None or function.return_type != "void":
        return False
    code = ctx.source.code
    rest = _RELOCK.sub(b" ", code[call.end_byte:function.end_byte])  # `pipe_lock(pipe);` after the wait
    return not rest.strip(b" \t\r\n;}") and not _loop_body(code, call.start_byte, function.start_byte)


_RELOCK = re.compile(rb"\b\w*(?:lock|unlock)\w*\s*\([^;()]*(?:\([^;()]*\)[^;()]*)*\)\s*;")


def _loop_body(code: bytes, offset: int, limit: int) -> bool:
    """Is the statement at `offset` directly the body of a while/for (`while (x) wait(...);`, `for (;;) {`)?"""
    i = offset - 1
    while i > limit and code[i] in b" \t\r\n":
        i -= 1
    if code[i] == 0x7B:  # '{'
        i -= 1
        while i > limit and code[i] in b" \t\r\n":
            i -= 1
    if code[i] != 0x29:  # ')'
        return False
    depth = 0
    while i > limit:
        depth += {0x29: 1, 0x28: -1}.get(code[i], 0)
        if depth == 0:
            break
        i -= 1
    word = re.search(rb"(\w+)\s*$", code[max(limit, i - 40):i])
    return word is not None and word.group(1) in (b"while", b"for")


@RULE.check
def check(ctx):
    facts = ctx.facts
    calls = [c for c in facts.calls_to(*INTERRUPTIBLE_WAITS) if c.function]
    if not calls:
        return
    threads = _kernel_thread_functions(ctx)
    releases = {init.field("release") for init in facts.struct_inits if init.struct == "file_operations"}
    for call in calls:
        if call.callee in facts.macros or facts.function(call.callee) is not None:
            continue  # a local definition of that name
        if call.usage in ("discarded", "void-cast"):
            how = "is cast to (void)" if call.usage == "void-cast" else "is ignored"
        elif call.usage == "assigned" and call.target and not call.result_read:
            how = f"is stored in '{call.target}' but never read"
        else:
            continue
        if call.function in threads or _signal_checked_after(ctx, call) or _condition_retested(ctx, call) \
                or _signal_mentioned_after(ctx, call) or _void_wrapper(ctx, call):
            continue
        timeout = "_timeout" in call.callee
        what = "a fatal signal (SIGKILL)" if "killable" in call.callee else "a signal"
        extra = " (0 on timeout, the time left otherwise)" if timeout else ""
        function = facts.function(call.function)
        plain = call.callee.replace("_interruptible", "").replace("_killable", "").replace("_freezable", "")
        if call.function in releases:
            advice = (f"{call.function}() is a file_operations .release handler: the VFS ignores its return value, "
                      f"and when the process exits with a fatal signal pending this wait returns at once; "
                      f"if the sleep must complete, use an uninterruptible wait ({plain}())")
        elif function is not None and function.return_type == "void":
            advice = (f"{call.function}() returns void and cannot pass the error on: if the sleep must complete, "
                      f"use an uninterruptible wait ({plain}(), or wait_event_idle() in a kernel thread); "
                      f"otherwise make {call.function}() return the error")
        elif timeout:
            advice = f"propagate it: `ret = {call.callee}(...); if (ret < 0) return ret;` and handle 0 as a timeout"
        else:
            advice = f"propagate it: `ret = {call.callee}(...); if (ret) return ret;`"
        yield ctx.finding(
            call,
            f"{call.callee}() returns -ERESTARTSYS when {what} interrupts the sleep{extra}, and the result "
            f"{how}: the code carries on as if the condition were true (or loops straight back into the wait); "
            f"{advice}",
            severity="note" if call.usage == "void-cast" else None,
        )
