"""Results of copy_from_user() and friends that nobody looks at."""
from __future__ import annotations

import re

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
    help="""
Finds calls of `copy_from_user`, `copy_to_user`, `get_user`, `put_user`,
`clear_user`, `strncpy_from_user` and their `__` variants whose result is
thrown away: the call is a statement of its own, is cast to `(void)`, is
assigned to a variable that is never read afterwards, or is handed to a macro
of the same file that puts it in statement position.

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


def _statement_position(body: str, param: str) -> bool:
    """Does a macro body use `param` as a whole statement (`do { x; } while (0)`, `(void)(x)`)?"""
    p = re.escape(param)
    return bool(
        re.search(rf"(?:^|[;{{}}]|\bdo\b|\belse\b|\))\s*\(?\s*{p}\s*\)?\s*(?:;|\}})", body)
        or re.search(rf"\(\s*void\s*\)\s*\(?\s*{p}\b", body)
    )


def _advice(callee: str) -> str:
    if callee in COUNT_RETURNING:
        return "check it and return -EFAULT: `if (" + callee + "(...)) return -EFAULT;`"
    if callee in ERRNO_RETURNING:
        return "check it: `if (" + callee + "(...)) return -EFAULT;`"
    return "check it for a negative errno: `if (len < 0) return len;`"


@RULE.check
def check(ctx):
    facts = ctx.facts
    for call in facts.calls_to(*ALL):
        if not is_kernel_call(call, facts):
            continue
        if call.usage in ("discarded", "void-cast"):
            how = "is cast to (void)" if call.usage == "void-cast" else "is ignored"
        elif call.usage == "assigned" and call.target and not call.result_read:
            how = f"is stored in '{call.target}' but never read"
        elif call.usage == "argument" and call.arg_of in facts.macros:
            macro = facts.macros[call.arg_of]
            if call.arg_index >= len(macro.params):
                continue
            param = macro.params[call.arg_index]
            if not _statement_position(macro.body, param):
                continue
            how = f"is dropped by macro {macro.name}(), which uses it as a statement"
        else:
            continue
        yield ctx.finding(call, f"{what_it_returns(call.callee)}, and the result {how}; {_advice(call.callee)}")
