"""`if (copy_from_user(...) < 0)`: a test that can never be true."""
from __future__ import annotations

from kmodlint.rule import Rule

from ._copy_user import COUNT_RETURNING, TRIGGERS, is_kernel_call

RULE = Rule(
    id="copy-user-negative-check",
    title="copy_from_user/copy_to_user result tested for < 0, which never happens",
    severity="error",
    tags=("security", "memory-safety", "correctness"),
    precision="very-high",
    # The same unnoticed fault as unchecked-copy-user, only the test is there: high.
    security_severity="7.0",
    triggers=TRIGGERS,
    needs=("calls", "macros"),
    help="""
Finds a comparison `< 0` (or `>= 0`, `<= -1`) of the result of
`copy_from_user`, `copy_to_user`, `clear_user` or their `__` variants, made
directly or through a variable assigned from the call in the same function.

**Why:** these functions return the number of bytes that could *not* be copied,
an `unsigned long` that is 0 on success and positive on a fault. It is never
negative, so `if (copy_from_user(...) < 0)` never takes the error branch: a
faulting user pointer goes unnoticed and the driver works on a half-filled
buffer. (`get_user`, `put_user` and `strncpy_from_user` do return negative
errnos; they are not flagged.)

**Fix:** test for nonzero and return -EFAULT:

```c
if (copy_to_user(ubuf, &info, sizeof(info)))
        return -EFAULT;
```
""",
)

_NEVER_TRUE = {("<", "0"), ("<=", "-1"), (">=", "0")}


@RULE.check
def check(ctx):
    for call in ctx.facts.calls_to(*COUNT_RETURNING):
        test = call.test
        if test is None or not is_kernel_call(call, ctx.facts):
            continue
        if (test.compare_op, test.compare_value) not in _NEVER_TRUE:
            continue
        value = f"'{test.via}' (from {call.callee}())" if test.via else f"{call.callee}()"
        verdict = "always true" if test.compare_op == ">=" else "never true"
        yield ctx.finding(
            test.span,
            f"{value} is compared '{test.compare_op} {test.compare_value}', which is {verdict}: "
            f"{call.callee}() returns the number of bytes not copied, never < 0",
            related=[ctx.related(call, f"result of {call.callee}() assigned here")] if test.via else [],
            function=call.function, snippet=call.statement,
        )
