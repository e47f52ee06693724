"""A task_struct pointer looked up under rcu_read_lock() and used after rcu_read_unlock()."""
from __future__ import annotations

import re

from kmodlint.facts import UsageKind
from kmodlint.flow import FunctionFlow, flow_of
from kmodlint.rule import Rule

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


# ---------------------------------------------------------------- the rule

def _holder(call, facts, source) -> str:
    """The variable receiving the lookup's result: `t = pid_task(...)`, also through `?:`."""
    if call.usage is UsageKind.ASSIGNED:
        return call.assigned_to
    if call.usage is UsageKind.ARGUMENT and call.arg_of in REFERENCE_TAKERS:
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
    """The RCU read sections of one function: rcu_read_lock() .. rcu_read_unlock(), and the blocks of
    guard(rcu)() and scoped_guard(rcu), which end at the block's end."""

    def __init__(self, ctx, function, flow: FunctionFlow):
        facts = ctx.facts
        self.flow = flow
        self.locks = [c.start_byte for c in facts.calls_to(RCU_LOCK) if c.function == function.name]
        unlock_calls = [c for c in facts.calls_to(RCU_UNLOCK) if c.function == function.name]
        self.unlocks = [c.end_byte - 1 for c in unlock_calls]
        self.spans = {c.end_byte - 1: c.span for c in unlock_calls}
        self.scopes = []  # (start, end) of the guarded blocks
        blocks = [flow.block_of(c.start_byte) for c in facts.calls_to("guard")
                  if c.function == function.name and c.args and c.args[0] == "rcu"]
        blocks += [block for argument, block in flow.scoped_guards() if argument == "rcu"]
        for block in blocks:
            if block is not None:
                end = block.end_byte - 1  # its `}`
                self.scopes.append((block.start_byte, end))
                self.unlocks.append(end)
                self.spans[end] = ctx.source.span(end, end + 1)
        self.unlocks.sort()

    def holds(self, offset: int) -> bool:
        """Is an RCU read section open at `offset` (a lock before it, no unlock reaching it)?"""
        if any(start < offset < end for start, end in self.scopes):
            return True
        return any(lock < offset and self.flow.reaches(lock, offset) and
                   not any(lock < u < offset and self.flow.reaches(u, offset) for u in self.unlocks)
                   for lock in self.locks)

    def ends_after(self, lookup_end: int, unlock: int) -> bool:
        """Does the section holding the lookup end at `unlock` on some path?"""
        if any(end == unlock for _, end in self.scopes):
            return any(start < lookup_end < end for start, end in self.scopes if end == unlock)
        return self.flow.reaches(lookup_end, unlock)


_MAX_CLIMB = 16  # expression levels looked through (each Node.parent walks down from the root again)


def _transparent_parent(node):
    """The node holding `node`, past parentheses and casts."""
    parent, climbed = node.parent, 0
    while parent is not None and parent.type in ("parenthesized_expression", "cast_expression") and climbed < _MAX_CLIMB:
        node, parent, climbed = parent, parent.parent, climbed + 1
    return node, parent


def _uses(ctx, flow: FunctionFlow, function, name: str, after: int):
    """Occurrences of `name` (a variable or `priv->task`) after offset `after`, read from the syntax tree:
    (kind, offset, detail); kind in use/deref/call/return/store/alias/kill."""
    wanted = "".join(name.split())
    for occurrence in flow.occurrences(wanted, after):
        at = occurrence.start_byte
        node, parent = _transparent_parent(occurrence)
        kind = parent.type if parent is not None else ""
        if kind == "assignment_expression" and parent.child_by_field_name("left") == node:
            yield "kill", at, ""
        elif kind == "field_expression" and parent.child_by_field_name("argument") == node \
                and parent.child_by_field_name("operator").type == "->":
            yield "deref", at, ""
        elif kind == "binary_expression" and parent.child_by_field_name("operator").type in ("==", "!=") \
                or kind == "unary_expression" and parent.child_by_field_name("operator").type == "!":
            continue
        elif kind == "return_statement":
            yield "return", at, ""
        elif kind in ("assignment_expression", "init_declarator"):
            target = parent.child_by_field_name("left" if kind == "assignment_expression" else "declarator")
            while kind == "init_declarator" and target.type == "pointer_declarator":  # `*leader = p`: declares leader
                target = target.child_by_field_name("declarator")
            left = "".join(flow.text(target).split())
            if target.type in ("field_expression", "pointer_expression", "subscript_expression") \
                    or not ctx.facts.is_local(function.name, left):
                yield "store", at, left
            else:
                yield "alias", at, left
        else:
            call, climbed = parent, 0  # the innermost call the value is handed to, within its statement
            while call is not None and call.type != "call_expression" and not call.type.endswith(("statement", "declaration")):
                call, climbed = (call.parent, climbed + 1) if climbed < _MAX_CLIMB else (None, climbed)
            callee = flow.text(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else ""
            if callee and callee not in POINTER_ONLY and callee not in (RCU_LOCK, RCU_UNLOCK):
                yield "call", at, callee


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
        flow = flow_of(facts, ctx.source, function.name)
        if flow is None:
            continue
        sections = ctx.facts.memo(_Sections, dict)  # function name -> its RCU sections, once per file
        if function.name not in sections:
            sections[function.name] = _Sections(ctx, function, flow)
        rcu = sections[function.name]
        if not rcu.holds(lookup.start_byte):
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
                    if flow.reaches(unlock, offset) and rcu.ends_after(lookup.end_byte, unlock):
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
