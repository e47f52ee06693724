"""A failed copy_from_user() that userspace sees as something other than -EFAULT."""
from __future__ import annotations

import re

from kmodlint.errors import Verdict, callers_verdict, failure_exits
from kmodlint.flow import Value, ValueKind
from kmodlint.rule import Rule

from ._copy_user import COUNT_RETURNING, ERRNO_RETURNING, TRIGGERS, callers_told, is_kernel_call

RULE = Rule(
    id="copy-user-wrong-errno",
    title="Failed user copy returns an errno other than -EFAULT, or the raw byte count",
    severity="warning",
    tags=("correctness", "api-misuse"),
    precision="very-high",
    triggers=TRIGGERS,
    needs=("calls", "macros"),
    # The siblings that call this file's functions that reach a static helper's copy: what a
    # wrong errno becomes is read at its callers (errors.callers_verdict).
    folder_callers=callers_told,
    help="""
Follows the error path of `copy_from_user`, `copy_to_user`, `get_user`,
`put_user` (and `__` variants, `clear_user`) to the `return` it reaches, through
variables, `goto` cleanup labels, `break` and presets (`ret = -EINVAL;` set
before a loop), and reports when that return hands userspace something other
than -EFAULT: another errno (`return -EACCES;`, `rc = -ENODATA; goto out;`),
-1, the raw result of `copy_*_user()` (`return copy_to_user(...);`,
`ret = copy_from_user(...); if (ret) goto out; ... out: return ret;`), or
success from a read/write handler (`return count;`, `return 0;`).

**Why:** a bad user pointer is -EFAULT everywhere in the kernel ABI
(`errno == EFAULT`, "Bad address"). -EACCES or -EINVAL send userspace looking
for a permissions or argument problem that is not there; -1 reads as -EPERM.
The raw count is worse: it is a positive number, which a read()/write()/ioctl()
caller takes as success (or as a byte count).

**Fix:**

```c
if (copy_from_user(&args, argp, sizeof(args)))
        return -EFAULT;
return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : 0;
```

A static helper is fine when every caller in its folder turns a nonzero result
into -EFAULT (directly, or by passing it to a caller that does); a wrapper
returning `unsigned long` passes the count on by design and is not flagged.
""",
)

_UNSIGNED_WORDS = ("unsigned", "size_t", "u32", "u64", "ulong", "__u32", "__u64")
_WRAPPER_NAME = re.compile(r"copy|_user|user_")  # vhost_copy_to_user(): a count by contract
_COUNT = Value(ValueKind.FAULT, "count")
_EFAULT = Value(ValueKind.ERRNO, "-EFAULT")


def _what(exit_, callee: str) -> str:
    value = exit_.value
    if exit_.verdict is Verdict.RAW:
        name = f"'{value.variable}', " if value.variable else ""
        return f"{name}{callee}()'s count of bytes not copied"
    if exit_.verdict is Verdict.SUCCESS:
        return f"{value.text} (success)"
    return value.text


def _path(exit_) -> str:
    return f" after goto {', '.join(exit_.labels)}" if exit_.labels else ""


def _through_callers(ctx, function, exit_) -> str | None:
    """What the function's callers make of the wrong value: None when they all turn it into -EFAULT (or it
    is a count passed on by design), else a note naming the caller that lets it through."""
    if exit_.verdict is Verdict.RAW and (any(w in function.return_type.split() for w in _UNSIGNED_WORDS)
                                   or _WRAPPER_NAME.search(function.name)):
        return None  # an unsigned long wrapper returns the count by contract
    if not function.static and exit_.verdict is not Verdict.RAW or exit_.verdict is Verdict.SUCCESS:
        return ""  # an exported function's callers are elsewhere; a read/write handler's is the VFS
    if function.static and ctx.source.path.endswith(".h") and not ctx.facts.calls_to(function.name):
        return None  # a header's helper: its callers are in the files that include it
    callers = callers_verdict(ctx.folder, ctx.source.path, function, exit_.value)
    if callers.mapped:
        return None
    if not callers.caller:
        return ""
    return f"; caller {callers.caller}() returns {callers.returns}" if callers.returns \
        else f"; {callers.caller}() returns it"


@RULE.check
def check(ctx):
    facts = ctx.facts
    reported = set()  # one finding per wrong value: several copies often share one `out: return ret;`
    for call in facts.calls_to(*COUNT_RETURNING, *ERRNO_RETURNING):
        if not is_kernel_call(call, facts) or call.usage.ignored or not call.result_read:
            continue  # a result nobody looks at is unchecked-copy-user's
        exits = failure_exits(facts, ctx.source, call, _COUNT if call.callee in COUNT_RETURNING else _EFAULT)
        if not exits or any(e.verdict in (Verdict.RIGHT, Verdict.UNKNOWN, Verdict.VOID) for e in exits):
            continue
        exit_ = exits[0]
        where = exit_.returned_at if exit_.verdict is Verdict.RAW else exit_.at  # a count is wrong where it is returned
        if where in reported:
            continue
        reported.add(where)
        function = facts.function(call.function)
        via = _through_callers(ctx, function, exit_)
        if via is None:
            continue
        what = _what(exit_, call.callee)
        message = (f"{call.callee}() faults but {function.name}() returns {what}{_path(exit_)}{via}; "
                   f"return -EFAULT")
        related = [ctx.related(call, f"{call.callee}() can fault here")]
        if exit_.returned_at is not None and exit_.returned_at != where:
            related.append(ctx.related(exit_.returned_at, "returned here"))
        yield ctx.finding(where, message, related=related, function=call.function,
                          snippet=f"{call.callee} {what}")
