"""Code that tests what debugfs_create_*() returned and fails because of it."""
from __future__ import annotations

import re

from kmodlint.rule import Rule


RULE = Rule(
    id="debugfs-result-checked",
    title="debugfs_create_*() result checked and the driver fails because of it",
    severity="note",
    tags=("design", "debugfs"),
    precision="low",
    opt_in=True,
    triggers=(b"debugfs_create_",),
    needs=("calls",),
    folder_needs=("calls",),
    help="""
Finds code that tests the result of `debugfs_create_dir()`,
`debugfs_create_file()` and the other `debugfs_create_*()` helpers with
`IS_ERR()` or `IS_ERR_OR_NULL()`, and then bails out
with an error: returns `-ENOMEM`/`-ENODEV`/`PTR_ERR(...)`, or sets an errno and
jumps to its error path.

**Opt-in** (`--select debugfs-result-checked`, or `select` in config): read
by hand on linux 6.12 drivers/, most findings were in drivers whose only
interface is debugfs (test modules and simulators whose Kconfig depends on or
selects DEBUG_FS, which fail on purpose), or failures that only skip debugfs
work; worth a look when reviewing a new driver, not in an audit. A file that
calls `debugfs_initialized()` (the guard that makes a later failure a real
one) is not reported.

**Why:** debugfs is for debugging, and is meant to be fire-and-forget: no
driver should fail to probe, or a module fail to load, because a debugfs file
could not be created. When `CONFIG_DEBUG_FS` is off, every
`debugfs_create_*()` returns `ERR_PTR(-ENODEV)`, and with `debugfs=off` on the
kernel command line `ERR_PTR(-EPERM)`: a driver that bails out then does not
work at all on such kernels, although nothing it needs is missing. The check is
not needed either: every debugfs function accepts the error pointer a previous
call returned as its `parent` (and ignores it), and `debugfs_remove()` /
`debugfs_remove_recursive()` accept it too. A `!ptr` or `ptr == NULL` test
is not reported: debugfs never returned NULL because it was off (an ERR_PTR
then, on every kernel), so such a test cannot make the driver fail for that;
on current kernels it never fires at all.

**Fix:** drop the check and carry on; keep the dentry only to remove it later:

```c
priv->dbg = debugfs_create_dir(dev_name(dev), NULL);
debugfs_create_file("regs", 0400, priv->dbg, priv, &regs_fops);
debugfs_create_u32("irqs", 0400, priv->dbg, &priv->irq_count);
...
debugfs_remove_recursive(priv->dbg);    /* fine with an ERR_PTR */
```

Silent when the test only logs, clears the pointer or returns 0: only a test
whose branch makes the caller fail is reported. The kernel has been removing
these checks tree-wide since Linux 5.0.
""",
)

_ERRORISH = re.compile(r"^(?:-\s*E[A-Z0-9]+|PTR_ERR\s*\(.*\)|ERR_PTR\s*\(.*\)|ERR_CAST\s*\(.*\)|-\s*1)$", re.S)
_WRAPPERS = re.compile(r"^(?:unlikely|likely|WARN_ON|WARN_ON_ONCE)\s*\((.*)\)$", re.S)
_RETURN = re.compile(rb"\breturn\b([^;]*);")
_GOTO = re.compile(rb"\bgoto\s+(\w+)\s*;")
_ASSIGN = re.compile(rb"\b([A-Za-z_]\w*)\s*=(?!=)\s*([^;]*);")
_IF = re.compile(rb"\bif\s*\(")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _matching(code: bytes, open_index: int, limit: int) -> int:
    """Index of the parenthesis or brace closing the one at `open_index`, or -1."""
    opening = code[open_index]
    closing = 0x29 if opening == 0x28 else 0x7D
    depth = 0
    for i in range(open_index, limit):
        c = code[i]
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _failure_test(condition: str, subject: str) -> str:
    """How `condition` (whitespace removed) tests `subject` for failure: "IS_ERR", "!ptr", ... or ""."""
    m = _WRAPPERS.match(condition)
    while m:
        condition = m.group(1)
        m = _WRAPPERS.match(condition)
    found = ""
    for term in re.split(r"\|\|", condition):
        term = term.strip()
        while term.startswith("(") and term.endswith(")") and _balanced(term[1:-1]):
            term = term[1:-1]
        inner = _WRAPPERS.match(term)
        if inner:
            term = inner.group(1)
        for test in ("IS_ERR_OR_NULL", "IS_ERR"):
            if term == f"{test}({subject})":
                return f"{test}()"  # an error test decides, whatever NULL test sits beside it
        if term in (f"!{subject}", f"!({subject})", f"{subject}==NULL", f"NULL=={subject}", f"({subject})==NULL"):
            found = "a NULL test"
    return found


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _branch(code: bytes, after: int, limit: int) -> tuple[int, int]:
    """The statement (or block) starting at or after `after`."""
    i = after
    while i < limit and code[i] in b" \t\r\n":
        i += 1
    if i < limit and code[i] == 0x7B:
        end = _matching(code, i, limit)
        return i, (end + 1 if end > 0 else limit)
    depth = 0
    j = i
    while j < limit:
        c = code[j]
        if c in b"({":
            depth += 1
        elif c in b")}":
            depth -= 1
        elif c == 0x3B and depth <= 0:
            return i, j + 1
        j += 1
    return i, limit


def _label_returns(code: bytes, label: str, start: int, end: int) -> str | None:
    """What the code at `label:` returns first in the function, or None when unknown."""
    m = re.compile(rb"(?<![\w.>])" + re.escape(label.encode()) + rb"\s*:(?!:)").search(code, start, end)
    if m is None:
        return None
    r = _RETURN.search(code, m.end(), end)
    return _collapse(r.group(1).decode("latin-1")) if r else None


def _bail_out(code: bytes, start: int, end: int, function) -> str:
    """Does the branch code[start:end] make the function fail? Returns how, or ""."""
    branch = code[start:end]
    errno_vars = {}
    for m in _ASSIGN.finditer(branch):
        value = _collapse(m.group(2).decode("latin-1"))
        if _ERRORISH.match(value):
            errno_vars[m.group(1).decode()] = value
    for m in _RETURN.finditer(branch):
        value = _collapse(m.group(1).decode("latin-1"))
        if _ERRORISH.match(value):
            return f"returns {value}"
        if value in errno_vars:
            return f"returns {value} = {errno_vars[value]}"
    g = _GOTO.search(branch)
    if g is not None:
        label = g.group(1).decode()
        if errno_vars:
            name, value = next(iter(errno_vars.items()))
            return f"sets {name} = {value} and jumps to '{label}'"
        returned = _label_returns(code, label, function.start_byte, function.end_byte)
        if returned is not None and _ERRORISH.match(returned):
            return f"jumps to '{label}', which returns {returned}"
    return ""


def _enclosing_if(code: bytes, offset: int, limit: int) -> tuple[int, int] | None:
    """The `if (` condition whose parentheses hold `offset`: (index of its '(', of its ')')."""
    depth = 0
    i = offset - 1
    while i > limit:
        c = code[i]
        if c == 0x29:
            depth += 1
        elif c == 0x28:
            if depth == 0:
                word = re.search(rb"(\w+)\s*$", code[max(limit, i - 20):i])
                if word is not None and word.group(1) == b"if":
                    close = _matching(code, i, len(code))
                    return (i, close) if close > 0 else None
                if word is not None and word.group(1) not in (b"IS_ERR", b"IS_ERR_OR_NULL", b"unlikely",
                                                             b"likely", b"WARN_ON", b"WARN_ON_ONCE"):
                    return None  # the argument of another call
            else:
                depth -= 1
        elif c in b";{}":
            return None
        i -= 1
    return None


def _first_test(code: bytes, holder: str, start: int, end: int):
    """The first `if (...)` after `start` whose condition mentions `holder`; stops at a reassignment."""
    mention = re.compile(r"(?<![\w>.])" + re.escape(holder) + r"(?![\w])")
    path = rb"\s*(?:->|\.)\s*".join(re.escape(part.encode()) for part in re.split(r"->|\.", holder))
    reassign = re.compile(rb"(?<![\w>.])" + path + rb"\s*=(?!=)")
    next_assign = reassign.search(code, start, end)
    stop = next_assign.start() if next_assign else end
    for m in _IF.finditer(code, start, stop):
        close = _matching(code, m.end() - 1, end)
        if close < 0:
            return None
        condition = _collapse(code[m.end():close].decode("latin-1"))
        if mention.search(condition):
            return m.end() - 1, close, condition
    return None


def _callers_ignore(ctx, name: str, depth: int = 0, seen: frozenset = frozenset()) -> bool:
    """Do the callers this folder shows all drop `name`'s failure, directly or a few calls up
    (a debugfs helper returns the error, the probe only warns), so that the driver does not fail?"""
    callers = [(path, call) for path, facts in (ctx.folder.files or {ctx.source.path: ctx.facts}).items()
               for call in facts.calls_to(name)]
    if not callers or depth > 3 or name in seen:
        return False  # called from elsewhere, or through a pointer: assume the error propagates
    seen = seen | {name}
    for path, call in callers:
        if call.function in seen:
            continue  # recursion: the outermost call decides
        if call.usage in ("discarded", "void-cast"):
            continue
        if call.usage == "assigned" and not call.result_read:
            continue
        test = call.test
        if call.usage == "returned" and call.function:
            if _callers_ignore(ctx, call.function, depth + 1, seen):
                continue
            return False
        if test is None and call.usage == "assigned" and call.target and path == ctx.source.path \
                and call.function and _returns_variable(ctx, call):
            if _callers_ignore(ctx, call.function, depth + 1, seen):
                continue
            return False
        if test is None:
            return False  # passed on, stored: the error travels further
        if path == ctx.source.path:
            if _branch_only_reports(ctx, test):
                continue
            if call.function and _callers_ignore(ctx, call.function, depth + 1, seen):
                continue  # the caller fails in turn, and its own callers drop that
            return False
        # Another file: its facts record `return X` and `ret = -EX` exits, not a bare `goto`;
        # only a recorded failing exit is taken as proof that the driver fails.
        if test.failure_known and any(e.kind != "return" or e.text not in ("", "0") for e in test.failure):
            if call.function and _callers_ignore(ctx, call.function, depth + 1, seen):
                continue
            return False
    return True


def _returns_variable(ctx, call) -> bool:
    """`err = helper(...); ... return err;` in this file."""
    function = ctx.facts.function(call.function)
    if function is None:
        return False
    pattern = re.compile(rb"\breturn\s*\(?\s*" + re.escape(call.target.encode()) + rb"\s*\)?\s*;")
    return pattern.search(ctx.source.code, call.end_byte, function.end_byte) is not None


def _branch_only_reports(ctx, test) -> bool:
    """The branch of `if (ret)` at `test` neither jumps nor returns: it logs and carries on."""
    code = ctx.source.code
    begin = ctx.source.offset(test.span.line, test.span.column)
    keyword = code.rfind(b"if", 0, begin + 1)
    opening = code.find(b"(", keyword, begin + 1) if keyword >= 0 else -1
    close = _matching(code, opening, len(code)) if opening >= 0 else -1
    if close < 0:
        return False
    start, end = _branch(code, close + 1, len(code))
    body = code[start:end]
    return not re.search(rb"\b(?:goto|return|break|continue)\b", body)


@RULE.folder_tokens_from
def debugfs_helpers(facts):
    """Siblings that call a function creating debugfs entries tell whether its failure matters."""
    return {call.function for call in facts.calls if call.callee.startswith("debugfs_create_") and call.function}


@RULE.check
def check(ctx):
    calls = [c for c in ctx.facts.calls if c.callee.startswith("debugfs_create_") and c.function]
    if not calls or ctx.facts.calls_to("debugfs_initialized"):
        return  # a driver that asks whether debugfs is up first treats a later failure as a real one
    code = ctx.source.code
    for call in calls:
        function = ctx.facts.function(call.function)
        if function is None:
            continue
        written = _collapse(ctx.source.text(call.start_byte, call.end_byte))
        if call.usage == "assigned" and call.assigned_to:
            holder = _collapse(call.assigned_to)
            found = _first_test(code, holder, call.end_byte, function.end_byte)
            if found is None:
                continue
            open_paren, close_paren, condition = found
            subject = holder
        elif call.usage in ("tested", "argument", "expression"):
            bounds = _enclosing_if(code, call.start_byte, function.start_byte)
            if bounds is None:
                continue
            open_paren, close_paren = bounds
            condition = _collapse(code[open_paren + 1:close_paren].decode("latin-1"))
            subject = _collapse(code[call.start_byte:call.end_byte].decode("latin-1"))
        else:
            continue
        how = _failure_test(condition, subject)
        if not how or how == "a NULL test":
            continue  # debugfs never returns NULL because it is off: a NULL test cannot fail the driver
        start, end = _branch(code, close_paren + 1, function.end_byte)
        bail = _bail_out(code, start, end, function)
        if not bail or _callers_ignore(ctx, call.function):
            continue
        if_start = code.rfind(b"if", function.start_byte, open_paren)
        where = ctx.source.span(if_start if if_start >= 0 else open_paren, close_paren + 1)
        yield ctx.finding(
            where, f"{call.function}() tests {call.callee}() with {how} and {bail}",
            function=call.function, snippet=f"if ({condition}) /* {written[:80]} */",
            related=[ctx.related(call, f"{call.callee}() is called here")] if call.span.line != where.line else [],
        )
