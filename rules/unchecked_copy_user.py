"""Results of copy_from_user() and friends that nobody looks at."""
from __future__ import annotations

import re

from kmodlint import macros
from kmodlint.errors import fails_anyway
from kmodlint.facts import UsageKind
from kmodlint.rule import Rule

from ._copy_user import ALL, COUNT_RETURNING, ERRNO_RETURNING, TRIGGERS, is_kernel_call, what_it_returns

RULE = Rule(
    id="unchecked-copy-user",
    title="Result of copy_from_user/copy_to_user/get_user/put_user ignored",
    severity="warning",
    tags=("security", "memory-safety", "correctness"),
    precision="very-high",
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
    if call.usage.ignored:
        return "is cast to (void)" if call.usage is UsageKind.VOID_CAST else "is ignored"
    if call.usage is UsageKind.ASSIGNED and call.target and not call.result_read:
        return f"is stored in '{call.target}' but never read"
    return None


_WRAPPER_WORDS = re.compile(r"(?i)get|put|copy|user")


@RULE.folder_tokens_from
def _sibling_macros(facts):
    """Definitions in other files of the folder: of a macro a copy call is handed to, and of a called name
    that looks like a user-copy wrapper (`dev_get(v, p)`) and is defined nowhere in this file."""
    names = {call.arg_of for call in facts.calls_to(*ALL) if call.usage is UsageKind.ARGUMENT}
    names.update(call.callee for call in facts.calls if _WRAPPER_WORDS.search(call.callee))
    return {(name, rb"#\s*define\s+" + name.encode() + rb"\(") for name in names
            if name not in facts.macros and name not in ALL and facts.function(name) is None}


@RULE.check
def check(ctx):
    facts = ctx.facts
    tables = macros.folder_tables(ctx.source.path, facts, ctx.folder)
    for call in facts.calls_to(*ALL):
        if not is_kernel_call(call, facts):
            continue
        how, related = _dropped_how(call), []
        if how is None and (definition := macros.statement_argument(call, tables)) is not None:
            how = f"is dropped: macro {call.arg_of}() evaluates it as a statement"
            related = [ctx.related(definition[1], f"{call.arg_of}() defined here", definition[0])]
        if how is not None and not fails_anyway(facts, ctx.source, call):
            yield ctx.finding(call, f"{what_it_returns(call.callee)}, and the result {how}; {_advice(call.callee)}",
                              related=related)
    for use in macros.uses(facts, tables, ALL):  # a macro around the call: judged where the macro is used
        how = f"is dropped inside macro {use.use.callee}()" if use.dropped_inside \
            else (_dropped_how(use.use) and f"of macro {use.use.callee}() {_dropped_how(use.use)}")
        if how and not fails_anyway(facts, ctx.source, use.use):
            yield ctx.finding(use.use, f"{what_it_returns(use.callee)}, and the result {how}; {_advice(use.callee)}",
                              related=[ctx.related(m, f"{m.name}() defined here", path) for path, m in use.chain])
