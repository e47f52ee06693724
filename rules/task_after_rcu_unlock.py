"""A task_struct pointer looked up under rcu_read_lock() and used after rcu_read_unlock()."""
from __future__ import annotations

import re

from analyzer.rule import Rule

RULE = Rule(
    id="task-after-rcu-unlock",
    title="task_struct from pid_task()/find_task_by_vpid() used after rcu_read_unlock() without a reference",
    severity="error",
    tags=("memory-safety", "concurrency", "correctness"),
    precision="high",
    triggers=(b"pid_task", b"find_task_by_"),
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

_NOISE = re.compile(rb"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)
_JUMP = re.compile(rb"\b(return|goto|break|continue)\b")
_LABEL = re.compile(rb"(?:^|[;{}])\s*([A-Za-z_]\w*)\s*:(?!:)", re.M)
_WORD = re.compile(rb"[A-Za-z_]\w*")
_LOOP_WORDS = (b"while", b"for", b"do", b"switch")


def _blank(match: re.Match) -> bytes:
    return bytes(c if c == 0x0A else 0x20 for c in match.group(0))


class Flow:
    """Blocks, jumps and labels of one function, recovered from its text."""

    def __init__(self, source, function):
        self.base = function.start_byte
        self.code = _NOISE.sub(_blank, source.masked[function.start_byte:function.end_byte])
        stack, self.blocks = [], []
        self.close_of: dict[int, int] = {}
        for i, c in enumerate(self.code):
            if c == 0x7B:  # {
                stack.append(i)
            elif c == 0x7D and stack:  # }
                o = stack.pop()
                self.close_of[o] = i
                if self._is_statement_block(o):
                    self.blocks.append((o, i))
        self.blocks.sort()
        self.labels = {}
        for m in _LABEL.finditer(self.code):
            word = m.group(1)
            if word not in (b"default", b"case", b"else", b"public", b"private"):
                self.labels.setdefault(word.decode(), m.start(1))

    # -- text helpers (offsets relative to the function)

    def _prev(self, i: int) -> int:
        i -= 1
        while i >= 0 and self.code[i] in b" \t\r\n\\":
            i -= 1
        return i

    def _next(self, i: int) -> int:
        while i < len(self.code) and self.code[i] in b" \t\r\n\\":
            i += 1
        return i

    def _word_before(self, i: int) -> bytes:
        end = i + 1
        while i >= 0 and (chr(self.code[i]).isalnum() or self.code[i] == 0x5F):
            i -= 1
        return self.code[i + 1:end]

    def _word_at(self, i: int) -> bytes:
        m = _WORD.match(self.code, i)
        return m.group(0) if m else b""

    def _match_paren_back(self, close: int) -> int:
        depth = 0
        for i in range(close, -1, -1):
            if self.code[i] == 0x29:
                depth += 1
            elif self.code[i] == 0x28:
                depth -= 1
                if depth == 0:
                    return i
        return -1

    def _match_paren(self, open_: int) -> int:
        depth = 0
        for i in range(open_, len(self.code)):
            if self.code[i] == 0x28:
                depth += 1
            elif self.code[i] == 0x29:
                depth -= 1
                if depth == 0:
                    return i
        return len(self.code) - 1

    def _is_statement_block(self, o: int) -> bool:
        p = self._prev(o)
        return p < 0 or self.code[p] in b";{}):" or self._word_before(p) in (b"else", b"do")

    def _head(self, o: int) -> bytes:
        """The keyword that owns the block opening at `o`: if, else, while, for, do, switch, or b""."""
        p = self._prev(o)
        if p < 0:
            return b""
        if self.code[p] == 0x29:
            q = self._prev(self._match_paren_back(p))
            return self._word_before(q) if q >= 0 else b""
        return self._word_before(p)

    # -- structure

    def block_at(self, i: int):
        """The innermost statement block holding offset `i`."""
        best = None
        for o, c in self.blocks:
            if o < i < c:
                best = (o, c)
            elif o > i:
                break
        return best

    def skip_statement(self, i: int) -> int:
        """Offset just after the statement starting at `i`."""
        i = self._next(i)
        if i >= len(self.code):
            return i
        if self.code[i] == 0x7B:
            return self.close_of.get(i, len(self.code) - 1) + 1
        word = self._word_at(i)
        if word in (b"if", b"while", b"for", b"switch"):
            j = self._next(i + len(word))
            end = self.skip_statement(self._match_paren(j) + 1)
            if word == b"if":
                k = self._next(end)
                if self._word_at(k) == b"else":
                    end = self.skip_statement(k + 4)
            return end
        if word == b"do":
            end = self.skip_statement(i + 2)
            k = self._next(end)
            if self._word_at(k) == b"while":
                k = self._match_paren(self._next(k + 5)) + 1
                k = self._next(k)
                return k + 1 if k < len(self.code) and self.code[k] == 0x3B else k
            return end
        depth = 0
        while i < len(self.code):
            c = self.code[i]
            if c in b"([{":
                depth += 1
            elif c in b")]}":
                depth -= 1
                if depth < 0:
                    return i
            elif c == 0x3B and depth == 0:
                return i + 1
            i += 1
        return i

    def _statement_end(self, i: int) -> int:
        """Just after the `;` ending the expression statement holding offset `i`."""
        depth = 0
        while i < len(self.code):
            c = self.code[i]
            if c in b"([":
                depth += 1
            elif c in b")]":
                depth -= 1
            elif c == 0x3B and depth <= 0:
                return i + 1
            elif c in b"{}":
                return i
            i += 1
        return i

    def _unconditional(self, j: int) -> bool:
        p = self._prev(j)
        return p < 0 or self.code[p] in b";{}:" or False

    def _loop_block(self, i: int):
        """The innermost loop or switch body holding `i` (for break/continue)."""
        best = None
        for o, c in self.blocks:
            if o < i < c and self._head(o) in _LOOP_WORDS:
                best = (o, c)
            elif o > i:
                break
        return best

    def reaches(self, start: int, target: int, _seen=None) -> bool:
        """Can control, just after the statement at absolute offset `start`, get to absolute `target`?"""
        return self._reaches(self._statement_end(start - self.base), target - self.base, set())

    def _reaches(self, pos: int, target: int, seen: set) -> bool:
        if pos in seen or pos > target:
            return False
        seen.add(pos)
        if pos < len(self.code) and self.code[pos] == 0x7D:  # the end of a guard(rcu) block
            block = self.block_at(pos - 1)
            pos += 1
            if block is not None and self._head(block[0]) == b"do":
                k = self._next(pos)
                if self._word_at(k) == b"while":
                    pos = self.skip_statement(k)
        k = self._next(pos)
        if self._word_at(k) == b"else":  # leaving an unbraced then-arm: skip the else arm
            end = self.skip_statement(k + 4)
            if k <= target < end:
                return False
            pos = end
        while True:
            block = self.block_at(pos)
            if block is None:
                return False
            o, c = block
            stop = min(target, c)
            for m in _JUMP.finditer(self.code, pos, stop):
                j = m.start()
                if self.block_at(j) != block or not self._unconditional(j):
                    continue
                kind = m.group(1)
                if kind == b"return":
                    return target < self._statement_end(j)  # the target is in the returned expression
                if kind == b"goto":
                    label = self._word_at(self._next(m.end())).decode()
                    where = self.labels.get(label)
                    return where is not None and j < where and self._reaches(where, target, seen)
                loop = self._loop_block(j)
                if loop is None or loop[0] < target < loop[1]:
                    return False
                return self._reaches(loop[1] + 1, target, seen)
            if target <= c:
                return True
            # Control falls out of the block at `c`.
            after = c + 1
            head = self._head(o)
            if head == b"if" or head == b"else":
                k = self._next(after)
                if self._word_at(k) == b"else":
                    end = self.skip_statement(k + 4)
                    if k <= target < end:
                        return False
                    after = end
            elif head == b"do":
                k = self._next(after)
                if self._word_at(k) == b"while":
                    after = self.skip_statement(k)  # `while (cond);`
            pos = after
            if pos > target:
                return False

    def depth_zero(self, offset: int) -> bool:
        """Is absolute `offset` directly in the function body (not in a nested block)?"""
        block = self.block_at(offset - self.base)
        return block is not None and block == self.blocks[0]

    def code_between(self, start: int, end: int) -> bytes:
        return self.code[start - self.base:end - self.base]


def line_text(source, line: int) -> str:
    """One source line, decoded like every other text of the file (never lone surrogates)."""
    starts = source._line_starts
    end = starts[line] if line < len(starts) else len(source.data)
    return " ".join(source.text(starts[line - 1], end).split())


def flow_of(ctx, function_name: str) -> Flow | None:
    cache = ctx.facts.__dict__.setdefault("_flows", {})
    if function_name not in cache:
        function = ctx.facts.function(function_name)
        cache[function_name] = Flow(ctx.source, function) if function is not None else None
    return cache[function_name]


# ---------------------------------------------------------------- the rule

def _offset(source, span_line: int, column: int) -> int:
    starts = source._line_starts
    return starts[span_line - 1] + column - 1


def _holder(call, facts, source) -> str:
    """The variable receiving the lookup's result: `t = pid_task(...)`, also through `?:`."""
    if call.usage == "assigned":
        return call.assigned_to
    if call.usage == "argument" and call.arg_of in REFERENCE_TAKERS:
        return ""
    for assignment in facts.assignments:
        if assignment.function == call.function and assignment.span.line <= call.span.line <= assignment.span.end_line:
            start = _offset(source, assignment.span.line, assignment.span.column)
            end = _offset(source, assignment.span.end_line, assignment.span.end_column)
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
            open_ = flow._next(m.end())
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
            message = (f"'{variable}' comes from {lookup.callee}() under rcu_read_lock(), but {detail}() "
                       f"runs only after rcu_read_unlock() (line {unlock_line}): the task may already be freed "
                       f"by then; take the reference inside the RCU section, before rcu_read_unlock()")
        else:
            message = (f"'{variable}' is a task_struct from {lookup.callee}(), only valid under rcu_read_lock(), "
                       f"but it is {what} after rcu_read_unlock() (line {unlock_line}) with no reference held: "
                       f"the task can exit and be freed meanwhile; call get_task_struct({variable}) before "
                       f"rcu_read_unlock() and put_task_struct() after the last use, or keep a struct pid "
                       f"and use get_pid_task()/kill_pid()")
        yield ctx.finding(
            where, message, function=function.name,
            related=[ctx.related(lookup, f"'{name}' looked up here, under rcu_read_lock()"),
                     ctx.related(rcu.spans[unlock], "the RCU read section ends here")],
            snippet=line_text(ctx.source, where.line),
        )
