"""A task_struct pointer looked up under rcu_read_lock() and used after rcu_read_unlock()."""
from __future__ import annotations

import re

from kmodlint.rule import Rule

from ._flow import Flow, flow_of

RULE = Rule(
    id="task-after-rcu-unlock",
    title="task_struct from pid_task()/find_task_by_vpid() used after rcu_read_unlock() without a reference",
    severity="error",
    tags=("security", "memory-safety", "concurrency", "correctness"),
    precision="high",
    # A use-after-free of a task_struct (CWE-416) that userspace can time by exiting: high.
    security_severity="8.1",
    triggers=(b"pid_task", b"find_task_by_"),
    needs=("calls", "lock_regions"),
    help="""
Finds a `struct task_struct *` obtained between `rcu_read_lock()` and
`rcu_read_unlock()` from a lookup that takes no reference — `pid_task()`,
`find_task_by_vpid()`, `find_task_by_pid_ns()` (and the old
`find_task_by_pid()`/`find_task_by_pid_type()`) — that is then used after the
`rcu_read_unlock()`: passed to a function (`send_sig_info()`, `get_task_comm()`,
`wake_up_process()`, even a late `get_task_struct()`), dereferenced
(`t->comm`), stored in a field or global, or returned, with no
`get_task_struct()` on it before the unlock. `guard(rcu)()` and
`scoped_guard(rcu)` sections end at the end of their block.

Not reported: uses before the unlock, NULL tests and pointer comparisons after
it (`if (t)`, `t == current`), unlocks on a path that has already returned
(`if (!t) { rcu_read_unlock(); return -ESRCH; }`), a pointer reassigned before
the use (`p = bpf_task_acquire(p)`), uses under `tasklist_lock`, and lookups that already take a reference
(`get_pid_task()`, `find_get_task_by_vpid()`).

**Why:** these lookups return a pointer that is only guaranteed to stay valid
inside the RCU read-side critical section. Once `rcu_read_unlock()` runs, the
task can exit, be reaped and its `task_struct` freed (delayed_put_task_struct()
is an RCU callback): the later `send_sig_info(sig, &info, t)` of the classic
"signal a user process from a driver" recipe, which unlocks first and signals
after, is a use-after-free waiting for the process to exit at the wrong time.

**Fix:** take a reference inside the critical section and drop it after the
last use, or do not keep a task at all — keep a `struct pid` reference and use
the pid-based API:

```c
rcu_read_lock();
t = pid_task(priv->pid, PIDTYPE_PID);
if (t)
        get_task_struct(t);
rcu_read_unlock();
if (!t)
        return -ESRCH;
send_sig_info(sig, &info, t);
put_task_struct(t);

/* or: t = get_pid_task(priv->pid, PIDTYPE_PID); ... put_task_struct(t); */
/* or: kill_pid(priv->pid, sig, 1);  with priv->pid = get_pid(task_tgid(current)) */
```
""",
)

# Lookups returning a task pointer valid only under RCU (no reference taken).
TASK_LOOKUPS = frozenset({
    "pid_task", "find_task_by_vpid", "find_task_by_pid_ns", "find_task_by_pid", "find_task_by_pid_type",
    "find_task_by_pid_type_ns",
})
REFERENCE_TAKERS = frozenset({"get_task_struct", "tryget_task_struct"})
# Callees that look at the pointer value only, never at the task.
POINTER_ONLY = frozenset({
    "IS_ERR", "IS_ERR_OR_NULL", "PTR_ERR", "PTR_ERR_OR_ZERO", "WARN_ON", "WARN_ON_ONCE", "BUG_ON",
    "likely", "unlikely", "WARN", "WARN_ONCE", "ERR_CAST",
})
RCU_LOCK, RCU_UNLOCK = "rcu_read_lock", "rcu_read_unlock"


# ---------------------------------------------------------------- statement structure from text
#
# The facts give calls with byte offsets and their function, which orders them,
# but not the blocks and jumps between them. `Flow` recovers just enough of that
# from the function's masked text (comments and literals blanked): the statement
# blocks, the jumps (return/goto/break/continue) and labels, and whether control
# can get from one offset to a later one without passing a return or going into
# the other arm of an if/else. Textual and conservative: it says "no" only when
# a jump or an else arm stands in the way.

# ---------------------------------------------------------------- the rule

def _holder(call, facts, source) -> str:
    """The variable receiving the lookup's result: `t = pid_task(...)`, also through `?:`."""
    if call.usage == "assigned":
        return call.assigned_to
    if call.usage == "argument" and call.arg_of in REFERENCE_TAKERS:
        return ""
    for assignment in facts.assignments:
        if assignment.function == call.function and assignment.span.line <= call.span.line <= assignment.span.end_line:
            start = source.offset(assignment.span.line, assignment.span.column)
            end = source.offset(assignment.span.end_line, assignment.span.end_column)
            if start <= call.start_byte and call.end_byte <= end and not re.match(
                    r"\s*(get_task_struct|get_pid_task)\b", assignment.value):
                return assignment.name
    for local in facts.locals:
        if local.function == call.function and local.span.line == call.span.line and \
                f"{call.callee}(" in local.value.replace(" (", "("):
            if not re.match(r"\s*get_task_struct\b", local.value):
                return local.name
    return ""


class _Sections:
    """rcu_read_lock()/rcu_read_unlock() of one function, plus guard(rcu)/scoped_guard(rcu) blocks."""

    def __init__(self, ctx, function, flow: Flow):
        facts = ctx.facts
        self.locks = [c.start_byte for c in facts.calls_to(RCU_LOCK) if c.function == function.name]
        unlock_calls = [c for c in facts.calls_to(RCU_UNLOCK) if c.function == function.name]
        self.unlocks = [c.end_byte - 1 for c in unlock_calls]
        self.spans = {c.end_byte - 1: c.span for c in unlock_calls}
        for call in facts.calls_to("guard"):
            if call.function == function.name and call.args and call.args[0] == "rcu":
                block = flow.block_at(call.start_byte - flow.base)
                if block is not None:
                    self.locks.append(call.start_byte)
                    self.unlocks.append(flow.base + block[1])
                    self.spans[flow.base + block[1]] = ctx.source.span(flow.base + block[1], flow.base + block[1] + 1)
        data = ctx.source.data
        for m in re.finditer(rb"\bscoped_guard\s*\(\s*rcu\s*\)", data[function.start_byte:function.end_byte]):
            open_ = flow.next_char(m.end())
            if open_ < len(flow.code) and flow.code[open_] == 0x7B and open_ in flow.close_of:
                self.locks.append(function.start_byte + m.start())
                self.unlocks.append(flow.base + flow.close_of[open_])
                end = flow.base + flow.close_of[open_]
                self.spans[end] = ctx.source.span(end, end + 1)
        self.locks.sort()
        self.unlocks.sort()

    def holds(self, flow: Flow, offset: int) -> bool:
        """Is an RCU read section open at `offset` (a lock before it, no unlock reaching it)?"""
        for lock in self.locks:
            if lock < offset and flow.reaches(lock, offset) and \
                    not any(lock < u < offset and flow.reaches(u, offset) for u in self.unlocks):
                return True
        return False


_USE_CONTEXT_CMP = re.compile(rb"^\s*(==|!=)")
_PRE_CMP = re.compile(rb"(==|!=|!)\s*$")


def _uses(ctx, flow: Flow, function, name: str, after: int):
    """Occurrences of `name` after offset `after`: (kind, offset, detail); kind in
    use/deref/call/return/store/alias/kill."""
    parts = [re.escape(part.strip().encode()) for part in re.split(r"(->|\.)", name)]
    pattern = re.compile(rb"(?<![\w.>])" + rb"\s*".join(parts) + rb"\b")
    code = flow.code
    calls = [c for c in ctx.facts.calls if c.function == function.name and c.start_byte > after]
    for m in pattern.finditer(code, after - flow.base):
        i = m.start()
        before = code[max(0, i - 8):i]
        absolute = flow.base + i
        if re.match(rb"\s*=[^=]", code[m.end():m.end() + 4]):
            yield "kill", absolute, ""
            continue
        if re.match(rb"\s*->", code[m.end():m.end() + 4]):
            yield "deref", absolute, ""
            continue
        if _USE_CONTEXT_CMP.match(code[m.end():m.end() + 4]) or _PRE_CMP.search(before):
            continue
        if re.search(rb"\breturn\s*\(?\s*$", code[max(0, i - 12):i]):
            yield "return", absolute, ""
            continue
        assign = re.search(rb"([\w\[\]]+(?:\s*(?:->|\.)\s*\w+)*)\s*=\s*(?:\([^()]*\)\s*)?$", code[max(0, i - 80):i])
        if assign and not re.search(rb"[=!<>]=\s*$", code[max(0, i - 3):i]):
            left = assign.group(1).decode()
            window = code[max(0, i - 80):i]
            if window[:assign.start(1)].rstrip().endswith(b"*"):
                left = "*" + left  # `*taskp = t`: handed to the caller
            if "->" in left or "." in left or left.startswith("*") or not ctx.facts.is_local(function.name, left):
                yield "store", absolute, left
            else:
                yield "alias", absolute, left
            continue
        inner = [c for c in calls if c.start_byte < absolute < c.end_byte]
        if inner:
            call = max(inner, key=lambda c: c.start_byte)
            if call.callee in POINTER_ONLY or call.callee in (RCU_LOCK, RCU_UNLOCK):
                continue
            yield "call", absolute, call.callee


@RULE.check
def check(ctx):
    facts = ctx.facts
    lookups = [c for c in facts.calls_to(*TASK_LOOKUPS) if c.function]
    if not lookups or not facts.calls_to(RCU_UNLOCK) and b"rcu" not in ctx.source.data:
        return
    reported = set()
    for lookup in lookups:
        if ctx.facts.function(lookup.callee) is not None:
            continue  # the file defines the lookup itself (kernel/pid.c)
        name = _holder(lookup, facts, ctx.source)
        function = facts.function(lookup.function)
        if not name or function is None:
            continue
        flow = flow_of(ctx, function.name)
        sections = ctx.facts.__dict__.setdefault("_rcu_sections", {})
        if function.name not in sections:
            sections[function.name] = _Sections(ctx, function, flow)
        rcu = sections[function.name]
        if not rcu.holds(flow, lookup.start_byte):
            continue
        unlocks = [u for u in rcu.unlocks if u > lookup.end_byte]
        if not unlocks:
            continue
        tracked = {name}
        get_calls = [c for c in facts.calls_to(*REFERENCE_TAKERS)
                     if c.function == function.name and c.start_byte > lookup.end_byte and c.args]
        tasklist = [r for r in facts.lock_regions if r.function == function.name and "tasklist_lock" in r.lock]
        found = None
        names = [(name, lookup.end_byte)]
        while names and found is None:
            current, start = names.pop(0)
            for kind, offset, detail in _uses(ctx, flow, function, current, start):
                if kind == "kill":
                    break  # reassigned (`p = bpf_task_acquire(p)`, `t = NULL`): later uses see a new value
                if kind == "alias":
                    if detail not in tracked:
                        tracked.add(detail)
                        names.append((detail, offset))  # from the copy on: `leader = p;`
                    continue
                if any(r.start_byte <= offset < r.end_byte for r in tasklist):
                    continue
                gets = [c.start_byte for c in get_calls if re.sub(r"\s", "", c.args[0]) in tracked]
                for unlock in unlocks:
                    if not unlock < offset:
                        break
                    if any(g < unlock for g in gets):
                        continue
                    if flow.reaches(unlock, offset) and flow.reaches(lookup.end_byte, unlock):
                        found = (kind, offset, detail, unlock, current)
                        break
                if found:
                    break
        if found is None:
            continue
        kind, offset, detail, unlock, variable = found
        if (function.name, offset) in reported:
            continue
        reported.add((function.name, offset))
        where = ctx.source.span(offset, offset + len(variable))
        unlock_line = ctx.source.position(unlock)[0]
        what = {
            "deref": f"dereferenced ('{variable}->...')",
            "call": f"passed to {detail}()",
            "return": "returned to the caller",
            "store": f"stored in '{detail}'",
        }[kind]
        if kind == "call" and detail in REFERENCE_TAKERS:
            message = (f"{detail}({variable}) runs after rcu_read_unlock() (line {unlock_line}): too late to "
                       f"pin a task found under RCU; take the reference before the unlock")
        else:
            message = (f"'{variable}' from {lookup.callee}() is {what} after rcu_read_unlock() (line {unlock_line}) "
                       f"with no reference held")
        yield ctx.finding(
            where, message, function=function.name,
            related=[ctx.related(lookup, f"'{name}' looked up here, under rcu_read_lock()"),
                     ctx.related(rcu.spans[unlock], "the RCU read section ends here")],
            snippet=ctx.source.line_text(where.line),
        )
