"""Results of copy_from_user() and friends that nobody looks at."""
from __future__ import annotations

import re

from kmodlint import macros
from kmodlint.flow import flow_at, flow_of
from kmodlint.rule import Rule

from ._copy_user import ALL, COUNT_RETURNING, ERRNO_RETURNING, TRIGGERS, is_kernel_call, what_it_returns

RULE = Rule(
    id="unchecked-copy-user",
    title="Result of copy_from_user/copy_to_user/get_user/put_user ignored",
    severity="warning",
    tags=("security", "memory-safety", "correctness"),
    precision="high",
    # Uninitialised kernel memory used, or sent back to userspace (CWE-252, CWE-908): high.
    security_severity="7.0",
    triggers=TRIGGERS,
    needs=("calls", "macros"),
    folder_needs=("macros",),
    help="""
Finds calls of `copy_from_user`, `copy_to_user`, `get_user`, `put_user`,
`clear_user`, `strncpy_from_user` and their `__` variants whose result is
thrown away: the call is a statement of its own, is cast to `(void)`, is
assigned to a variable that is never read afterwards, or is handed to a macro
that evaluates that argument as a statement (`do { ...; f; } while (0)`).
Macros are read too: a call written as a statement inside a `#define` body is
reported at each use of the macro (the definition as a related location), and
a wrapper macro whose value is the call (`#define rd(v, p) get_user(v, p)`,
through other macros of the folder) is judged by how its use treats the result.

**Why:** user pointers fault. `copy_from_user()` then returns the number of
bytes it could *not* copy and leaves the rest of the kernel buffer as it was
(uninitialised stack, for a local); `get_user()` returns -EFAULT and leaves the
variable unset. Carrying on uses garbage, and a `copy_to_user()` that silently
failed tells userspace the call worked.

**Fix:** test the result and fail with -EFAULT:

```c
if (copy_from_user(&args, argp, sizeof(args)))
        return -EFAULT;
if (get_user(val, (u32 __user *)arg))
        return -EFAULT;
```

Silent when the result is tested, returned, used in a larger expression, or
accumulated (`err |= __get_user(...)`) and tested later. Confidence: high.
""",
)


def _advice(callee: str) -> str:
    return "check it for a negative errno" if callee not in COUNT_RETURNING | ERRNO_RETURNING \
        else "check it and return -EFAULT"


def _dropped_how(call) -> str | None:
    if call.usage in ("discarded", "void-cast"):
        return "is cast to (void)" if call.usage == "void-cast" else "is ignored"
    if call.usage == "assigned" and call.target and not call.result_read:
        return f"is stored in '{call.target}' but never read"
    return None


def _fails_anyway(ctx, call) -> bool:
    """Does every path after the call return an errno (`put_user(-1, buf)` on an error path)? Then the caller
    learns of a failure whatever the copy did."""
    flow = flow_of(ctx.facts, ctx.source, call.function) if call.function else flow_at(ctx.facts, ctx.source, call.start_byte)
    if flow is None:
        return False
    outcomes = flow.after_call(call.start_byte, call.end_byte)
    return bool(outcomes) and all(o.kind == "return" and o.value is not None and o.value.kind == "errno"
                                  for o in outcomes)


def _tables(ctx):
    return [(ctx.source.path, ctx.facts.macros)] + \
        [(path, facts.macros) for path, facts in sorted(ctx.folder.files.items()) if path != ctx.source.path]


_WRAPPER_WORDS = re.compile(r"(?i)get|put|copy|user")


@RULE.folder_tokens_from
def _sibling_macros(facts):
    """Definitions in other files of the folder: of a macro a copy call is handed to, and of a called name
    that looks like a user-copy wrapper (`dev_get(v, p)`) and is defined nowhere in this file."""
    names = {call.arg_of for call in facts.calls_to(*ALL) if call.usage == "argument"}
    names.update(call.callee for call in facts.calls if _WRAPPER_WORDS.search(call.callee))
    return {(name, rb"#\s*define\s+" + name.encode() + rb"\(") for name in names
            if name not in facts.macros and name not in ALL and facts.function(name) is None}


@RULE.check
def check(ctx):
    facts = ctx.facts
    tables = _tables(ctx)
    for call in facts.calls_to(*ALL):
        if not is_kernel_call(call, facts):
            continue
        how = _dropped_how(call)
        if how is not None and _fails_anyway(ctx, call):
            continue
        related = []
        if how is None and call.usage == "argument":
            found = macros.lookup(call.arg_of, tables)
            if found is None or call.arg_index not in macros.shape(found[1].params, found[1].body).statement_params:
                continue
            how = f"is dropped: macro {call.arg_of}() evaluates it as a statement"
            related = [ctx.related(found[1], f"{call.arg_of}() defined here", found[0])]
        if how is not None:
            yield ctx.finding(call, f"{what_it_returns(call.callee)}, and the result {how}; {_advice(call.callee)}",
                              related=related)
    yield from _macro_uses(ctx, tables)


def _macro_uses(ctx, tables):
    """Uses of macros whose body drops a copy call's result, or whose value is a copy call that the use drops."""
    facts = ctx.facts
    wanted = ALL
    names = {name for _, table in tables for name in table}
    for use in facts.calls:
        if use.callee not in names or use.callee in wanted or facts.function(use.callee) is not None:
            continue
        dropped = macros.dropped_calls(use.callee, tables, wanted)
        if dropped is not None:
            callee, chain = dropped
            how = f"is dropped inside macro {use.callee}()"
        else:
            wrapped = macros.resolve(use.callee, tables, wanted)
            how = _dropped_how(use) if wrapped is not None else None
            if how is None:
                continue
            callee, chain = wrapped
            how = f"of macro {use.callee}() {how}"
        related = [ctx.related(m, f"{m.name}() defined here", path) for path, m in chain]
        yield ctx.finding(use, f"{what_it_returns(callee)}, and the result {how}; {_advice(callee)}",
                          related=related)
