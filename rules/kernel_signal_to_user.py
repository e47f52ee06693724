"""Drivers that send signals to user processes."""
from __future__ import annotations

import fnmatch

from kmodlint import kernel
from kmodlint.driver.contexts import REGISTRATIONS, THREAD_KINDS
from kmodlint.flow import flow_of, source_of
from kmodlint.rule import Rule

from ._names import last_name

RULE = Rule(
    id="kernel-signal-to-user",
    title="Driver sends a signal to a user process",
    severity="warning",
    tags=("design", "userspace-abi"),
    precision="high",
    triggers=(b"send_sig", b"kill_p", b"force_sig", b"send_sig_info", b"group_send_sig_info"),
    needs=("calls", "macros", "member_assigns", "assignments", "functions"),
    folder_needs=("calls", "member_assigns", "assignments", "functions"),
    options={"own-kthread-note": False, "kill-note": False,
             "core-paths": ["kernel/**", "mm/**", "arch/**", "fs/**", "ipc/**", "net/**", "security/**",
                            "io_uring/**", "block/**", "include/**", "drivers/tty/**"]},
    help="""
Finds driver code that sends a signal to a user process: `send_sig_info`,
`send_sig`, `kill_pid`, `kill_pid_info`, `kill_pgrp`, `force_sig`,
`force_sig_info`, `force_sig_fault`, `send_sig_fault`, `group_send_sig_info`,
`do_send_sig_info`, ...

Not reported: a signal sent in the meaning POSIX gives it. A fault: SIGSEGV,
SIGBUS, SIGILL, SIGFPE, SIGTRAP (and `force_sig_fault()`, `force_sig_mceerr()`,
`force_sig_info()`), raised on the task that made the bad access, on the CPU or
on the device (a GPU queue fault, poisoned memory it mapped), as the mm core's
memory-failure handling does. A hang-up: SIGHUP when the terminal-like device a
process uses goes away, as the tty layer does. A
signal to a kernel thread the driver runs itself (created with kthread_run() /
kthread_create(), or a task it stored from `current` in code that only such a
thread, a work item or an IRQ thread of the driver runs) is off by default: a kthread blocked in socket I/O or an
interruptible wait is woken by a signal on purpose, and kthread_stop() alone
would not wake it. Switch that note on with `own-kthread-note = true`.

SIGKILL and SIGTERM are a note, off by default (`kill-note = true`): a driver
that ends the processes holding a card it resets or loses (accel, ublk, genwqe
in linux 6.12) makes a policy choice, not the event-channel mistake described
below; read by hand, fewer than 85 % of these were worth a change. Still worth
a look: a target found by a pid number (find_vpid(ctx->pid)) may have been
reused by an unrelated process.

**Why:** a well-behaved driver never signals processes on its own. Signals are
asynchronous and process-wide: the application did not ask for them (a library
inside it may have its own use of the signal number), they interrupt system
calls with EINTR, and they break what signal(7) promises. System calls on the
device should fail with an errno; events should reach userspace through a
channel the application polls. (Looking up the target by a pid number the
application passed in is also racy, and wrong inside a pid namespace.)

**Fix:** report events through the device file — a wait queue with `.poll` so
the application can poll()/select()/epoll() and read() the event — or through
an eventfd the application hands in, or netlink. If the application wants
SIGIO, it asks for it with fcntl(F_SETOWN)/O_ASYNC and the driver calls
`kill_fasync()` (not reported). To stop a kernel thread of the driver that
does not block in I/O, `kthread_stop()` (with `kthread_should_stop()` in the
thread) or `wake_up_process()` say what is meant without signal state.

Core kernel code delivers signals as its job (the tty layer's job control, the
fault handlers of arch/, SIGPIPE in net/): in a kernel source tree the paths of
the `core-paths` option are not checked; change it in config:

```toml
[tool.kmodlint.rule-options.kernel-signal-to-user]
core-paths = ["kernel/**", "arch/**"]
own-kthread-note = true     # also note signals to the driver's own kernel threads
kill-note = true            # and SIGKILL/SIGTERM sent to user processes
```
""",
)

# callee -> index of the target task/pid argument, or -1 for "the current task".
SIGNAL_SENDERS = {
    "send_sig_info": 2, "send_sig": 1, "kill_pid": 0, "kill_pid_info": 2, "kill_pgrp": 0,
    "force_sig": -1, "force_sig_info": -1, "force_sig_fault": -1, "force_sig_mceerr": -1,
    "send_sig_fault": 3, "send_sig_mceerr": 3, "group_send_sig_info": 2, "do_send_sig_info": 2,
    "__send_sig_info": 2, "__kill_pgrp_info": 2, "kill_pid_info_as_cred": 2,
}
# The calls that hand a function to a kernel thread (a kthread, a work item, an IRQ thread).
THREAD_REGISTRATIONS = tuple(sorted(name for name, positions in REGISTRATIONS.items()
                                    if any(kind in THREAD_KINDS for _, kind in positions)))
# What a task gets when it faults: always sent to the current task, by design.
FAULT_SENDERS = frozenset({"force_sig_fault", "force_sig_mceerr", "force_sig_info", "send_sig_mceerr"})
SIGNAL_INDEX = {"kill_pid": 1, "kill_pgrp": 1}  # callee -> index of the signal number; 0 for the others
# Signals whose meaning is fixed by POSIX and that a driver sends in that meaning: a fault the
# task caused (a bad GPU access, poisoned memory it mapped), or the hang-up of its terminal.
DEFINED_MEANING_SIGNALS = frozenset({"SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGTRAP", "SIGHUP"})
# Ending a process is a policy (users of a card being reset or removed), not an event channel.
TERMINATION_SIGNALS = frozenset({"SIGKILL", "SIGTERM"})


def _is_own_kthread(call, index: int, ctx) -> bool:
    """Does argument `index` of `call` designate where the driver keeps one of its kernel threads (the
    variable, or a member of that name)? A local variable holds one only in its own function."""
    flow = flow_of(ctx.facts, ctx.source, call.function) if call.function else None
    argument = flow.argument(call.start_byte, call.end_byte, index) if flow is not None else None
    name = flow.name_of(argument) if argument is not None else ""
    if not name:
        return False
    holders = ctx.folder.memo("kernel-signal-to-user:thread-tasks", lambda: _thread_tasks(ctx))
    if flow.member_of(argument) or not ctx.facts.is_local(call.function, name):
        return (None, name) in holders
    # A local: the thread kept in it here, or the member it was read from (`task = conn->receiver.task`).
    return ((ctx.source.path, call.function), name) in holders \
        or any((None, flow.member_of(value)) in holders for value in flow.assigned_values(name))


def _thread_tasks(ctx) -> set[tuple[tuple[str, str] | None, str]]:
    """Where the folder keeps the task of a kernel thread of the driver, as (scope, name): a local
    variable with scope (path, function), a member (by its name) or a file-scope variable with scope
    None. What kthread_run()/kthread_create() (or the driver's wrapper of them) returned, also copied
    from a local (`t = kthread_create(...); priv->thread = t;`), and `current` stored by code that runs
    only in the driver's kernel threads (kthreads, work items, IRQ threads), directly or through a
    setter's parameter (`set_worker(conn, current)`)."""
    files = ctx.folder.files or {ctx.source.path: ctx.facts}
    if not any(facts.calls_to(*THREAD_REGISTRATIONS)
               or any(init.struct in kernel.CALLED_IN_THREAD for init in facts.struct_inits) for facts in files.values()):
        return set()  # the folder starts no thread and hands no function to one: no model to build
    contexts = ctx.driver.contexts
    setters = _field_setters(files.values())
    holders: set = set()
    for start in contexts.thread_starts():
        facts = files.get(start.path)
        source = source_of(facts) if facts is not None else None
        flow = flow_of(facts, source, start.call.function) if source is not None and start.call.function else None
        held = flow.assigned_node(start.call.start_byte, start.call.end_byte) if flow is not None else None
        name = flow.name_of(held) if held is not None else ""
        if name:
            local = held.type == "identifier" and facts.is_local(start.call.function, name)
            holders.add(((start.path, start.call.function) if local else None, name))
    for path, facts in files.items():
        def scoped(function: str, name: str):
            return ((path, function) if facts.is_local(function, name) else None), name

        started_locals = {(scope[1], name) for scope, name in holders if scope is not None and scope[0] == path}
        holders |= {(None, a.field) for a in facts.member_assigns if (a.function, a.value) in started_locals}
        holders |= {scoped(a.function, a.name) for a in facts.assignments if (a.function, a.value) in started_locals}
        threads = {f.name for f in facts.functions if contexts.only_in_threads(ctx.driver.ref(path, f.name))}
        holders |= {(None, a.field) for a in facts.member_assigns if a.value == "current" and a.function in threads}
        holders |= {scoped(a.function, a.name) for a in facts.assignments if a.value == "current" and a.function in threads}
        for call in facts.calls:
            if call.function in threads and "current" in call.args:
                holders |= {(None, field) for field in setters.get(call.callee, {}).get(call.args.index("current"), ())}
    return holders


def _field_setters(files) -> dict[str, dict[int, set[str]]]:
    """function -> {parameter index: fields it stores that parameter in} (`set_worker(c, t)`
    doing `c->worker = t`), over the folder's parsed files."""
    setters: dict[str, dict[int, set[str]]] = {}
    for facts in files:
        assigns_by_function: dict[str, list] = {}
        for assign in facts.member_assigns:
            assigns_by_function.setdefault(assign.function, []).append(assign)
        for function in facts.functions:
            params = [p.name for p in function.params]
            for assign in assigns_by_function.get(function.name, ()):
                if assign.value in params:
                    setters.setdefault(function.name, {}).setdefault(params.index(assign.value), set()).add(
                        assign.field)
    return setters


def _signal(call) -> str:
    index = SIGNAL_INDEX.get(call.callee, 0)
    return call.args[index].strip() if len(call.args) > index else ""


def _in_its_posix_meaning(call) -> bool:
    """A fault delivered to the task that caused it, or a terminal hang-up."""
    return call.callee in FAULT_SENDERS or _signal(call) in DEFINED_MEANING_SIGNALS


def _pid_origins(call, index: int, ctx):
    """Where the target task or pid came from, when it was stored by another function
    (typically an ioctl/write handler keeping the pid the application passed in)."""
    flow = flow_of(ctx.facts, ctx.source, call.function) if call.function else None
    argument = flow.argument(call.start_byte, call.end_byte, index) if flow is not None else None
    if argument is None:
        return []
    # t = pid_task(find_vpid(pid), ...): the names it reads, one step back
    names = flow.argument_names(call.start_byte, call.end_byte, index) if argument.type == "identifier" else set()
    field = flow.member_of(argument)
    related = []
    for assignment in ctx.facts.assignments:
        if assignment.name in names and assignment.function not in ("", call.function) \
                and not ctx.facts.is_local(assignment.function, assignment.name) \
                and not ctx.facts.is_local(call.function, assignment.name):
            related.append(ctx.related(assignment, f"the target '{assignment.name}' is stored here, "
                                                   f"in {assignment.function}()"))
    for assign in ctx.facts.member_assigns:
        if field and assign.field == field and assign.function != call.function:
            related.append(ctx.related(assign, f"the target '{field}' is stored here, in {assign.function}()"))
    return related[:3]


def _in_core_kernel(ctx) -> bool:
    path = ctx.source.kernel_path
    return bool(path) and any(fnmatch.fnmatchcase(path, pattern) for pattern in ctx.settings["core-paths"])


@RULE.folder_tokens_from
def signal_targets(facts):
    """A sibling that creates the target with kthread_run() tells a kernel thread from a process,
    and so does one that hands `current` to a function of this file storing it."""
    for call in facts.calls_to(*SIGNAL_SENDERS):
        index = SIGNAL_SENDERS[call.callee]
        if 0 <= index < len(call.args):
            yield last_name(call.args[index])
    if any(call.callee in SIGNAL_SENDERS for call in facts.calls):
        yield from _field_setters([facts])


@RULE.check
def check(ctx):
    if _in_core_kernel(ctx):
        return
    for call in ctx.facts.calls_to(*SIGNAL_SENDERS):
        if ctx.facts.function(call.callee) is not None or call.callee in ctx.facts.macros:
            continue  # the file defines its own function of that name
        index = SIGNAL_SENDERS[call.callee]
        target = call.args[index] if 0 <= index < len(call.args) else "current"
        if _in_its_posix_meaning(call):
            continue
        if index >= 0 and _is_own_kthread(call, index, ctx):
            if ctx.settings["own-kthread-note"]:
                yield ctx.finding(call, f"{call.callee}() signals '{target}', a kernel thread of this driver",
                                  severity="note")
            continue
        who = "the task calling " + (f"{call.function}()" if call.function else "it") if index < 0 \
            else f"the user process '{target}'"
        if _signal(call) in TERMINATION_SIGNALS:
            if ctx.settings["kill-note"]:
                yield ctx.finding(call, f"{call.callee}() kills {who} with {_signal(call)}", severity="note",
                                  related=_pid_origins(call, index, ctx) if index >= 0 else [])
            continue
        if index < 0:
            yield ctx.finding(call, f"{call.callee}() signals {who} (not a fault it caused)")
            continue
        yield ctx.finding(
            call, f"{call.callee}() signals the user process '{target}' from {call.function}()",
            related=_pid_origins(call, index, ctx),
        )
