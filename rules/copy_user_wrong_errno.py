"""A failed copy_from_user() that userspace sees as something other than -EFAULT."""
from __future__ import annotations

import re

from kmodlint.facts import is_errno
from kmodlint.rule import Rule

from ._copy_user import COUNT_RETURNING, ERRNO_RETURNING, TRIGGERS, is_kernel_call

RULE = Rule(
    id="copy-user-wrong-errno",
    title="Failed user copy returns an errno other than -EFAULT, or the raw byte count",
    severity="warning",
    tags=("correctness", "api-misuse"),
    precision="high",
    triggers=TRIGGERS,
    needs=("calls", "macros", "struct_inits"),
    help="""
Finds the failure branch of `copy_from_user`, `copy_to_user`, `get_user`,
`put_user` (and `__` variants, `clear_user`) that returns an errno other than
-EFAULT (`return -EACCES;`, `ret = -EINVAL; goto out;`), and functions that
return the raw result of `copy_to_user()`/`copy_from_user()` as their status
(`return copy_to_user(...);`, or `if (ret) return ret;` with `ret` holding the
count).

**Why:** a bad user pointer is -EFAULT everywhere in the kernel ABI
(`errno == EFAULT`, "Bad address"). -EACCES or -EINVAL send userspace looking
for a permissions or argument problem that is not there. The raw count is
worse: it is a positive number, which a read()/write()/ioctl() caller takes as
success (or as a byte count).

**Fix:**

```c
if (copy_from_user(&args, argp, sizeof(args)))
        return -EFAULT;
return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : 0;
```

A static helper that returns the count is fine when every caller in the file
turns a nonzero result into -EFAULT; a wrapper returning `unsigned long` passes
the count on by design and is not flagged.
""",
)

_UNSIGNED_WORDS = ("unsigned", "size_t", "u32", "u64", "ulong", "__u32", "__u64")
_BRANCH_CALLEES = COUNT_RETURNING | ERRNO_RETURNING


def _converts_to_efault(caller) -> bool:
    test = caller.test
    return bool(test and test.failure_known and any("EFAULT" in e.text for e in test.failure))


_WRAPPER_NAME = re.compile(r"copy|_user|user_")
_USER_ENTRY_POINTS = {"read", "write", "unlocked_ioctl", "compat_ioctl", "ioctl"}


def _status_reaches_user(function, facts, in_header: bool, seen: frozenset = frozenset()) -> bool:
    """Does this function's return value end up as a status, rather than a count a wrapper passes on?

    A fops .read/.write/.ioctl handler hands it straight to userspace. A helper
    named like a copy wrapper (`vhost_copy_to_user`, `kernel_termios_to_user_termios`)
    passes the count on by design. Otherwise look at the callers in the file:
    fine when each turns nonzero into -EFAULT, or returns it from a function
    whose own callers do.
    """
    for init in facts.struct_inits:
        if any(value == function.name and key in _USER_ENTRY_POINTS for key, value in init.fields):
            return True
    if _WRAPPER_NAME.search(function.name):
        return False
    callers = facts.calls_to(function.name)
    if not callers:
        # A static inline helper in a header is called from the files that include it: unknown.
        return not (function.static and in_header)
    for caller in callers:
        if _converts_to_efault(caller):
            continue
        outer = facts.function(caller.function) if caller.usage == "returned" else None
        if outer is not None and outer.name not in seen:
            if _status_reaches_user(outer, facts, in_header, seen | {function.name}):
                return True
            continue
        return True
    return False


def _wrong_exits(call):
    test = call.test
    if test is None or not test.failure_known or any("EFAULT" in e.text for e in test.failure):
        return []
    wrong = []
    for exit_ in test.failure:
        if exit_.kind in ("return", "value", "assign") and is_errno(exit_.text):
            wrong.append((exit_, f"returns {exit_.text}" if exit_.kind != "assign" else f"sets {exit_.target} = {exit_.text}"))
        elif exit_.kind == "return" and test.via and exit_.text == test.via and call.callee in COUNT_RETURNING:
            wrong.append((exit_, f"returns '{test.via}', the number of bytes not copied"))
    return wrong


@RULE.check
def check(ctx):
    facts = ctx.facts
    for call in facts.calls_to(*_BRANCH_CALLEES):
        if not is_kernel_call(call, facts):
            continue
        for exit_, what in _wrong_exits(call)[:1]:
            yield ctx.finding(
                exit_,
                f"{call.callee}() failed (a bad user address) but the error path {what}; "
                f"a fault on a user pointer is -EFAULT: return -EFAULT",
                related=[ctx.related(call, f"{call.callee}() is tested here")],
                function=call.function, snippet=exit_.text,
            )
        if call.usage == "returned" and call.callee in COUNT_RETURNING:
            function = facts.function(call.function)
            if function is None or any(w in function.return_type.split() for w in _UNSIGNED_WORDS):
                continue
            if not _status_reaches_user(function, facts, ctx.source.path.endswith(".h")):
                continue
            yield ctx.finding(
                call,
                f"{function.name}() returns the result of {call.callee}(), the number of bytes not "
                f"copied, as its status: callers and userspace see a positive count as success; "
                f"return {call.callee}(...) ? -EFAULT : 0",
            )
