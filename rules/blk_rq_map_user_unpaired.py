"""blk_rq_map_user*() without the blk_rq_unmap_user() that must follow the I/O."""
from __future__ import annotations

import re

from kmodlint.errors import is_error
from kmodlint.flow import OutcomeKind, Value, ValueKind, flow_of
from kmodlint.model import Span
from kmodlint.rule import Rule

RULE = Rule(
    id="blk-rq-map-user-unpaired",
    title="blk_rq_map_user() without blk_rq_unmap_user() on every path after the request",
    severity="warning",
    tags=("resource-leak", "block", "correctness"),
    precision="high",
    triggers=(b"blk_rq_map_user",),
    needs=("calls", "member_assigns"),
    folder_needs=("calls",),
    help="""
Finds `blk_rq_map_user()`, `blk_rq_map_user_iov()` and `blk_rq_map_user_io()`
(which map a user buffer into a passthrough request's bios, pinning the user
pages or allocating a bounce buffer) whose mapping is not released with
`blk_rq_unmap_user()`:

- the function never calls `blk_rq_unmap_user()`, and nothing else in the
  driver folder does it for this request: not reported when the request is
  started asynchronously (`blk_execute_rq_nowait()`), its bio is stored for the
  completion path (`cmd->bio = rq->bio`), the request or bio is handed to a
  function that unmaps, or the function is a mapping helper whose caller
  unmaps — provided some other function of the folder calls
  `blk_rq_unmap_user()`;
- an error path after a successful mapping returns, or jumps to a label past
  the unmap, without unmapping (`goto out_free_request` from a check that
  comes after the mapping);
- `blk_rq_unmap_user(rq->bio)` after the request was executed: completion
  advances `rq->bio`, so this unmaps nothing. The bio must be saved right
  after mapping (`bio = rq->bio;`) and that saved pointer unmapped.

The mapping call's own failure path needs no unmap (a failed
`blk_rq_map_user()` cleans up after itself) and is not reported.

**Why:** each mapping pins the user pages (or holds a bounce buffer whose
data is copied back to userspace only by the unmap): without
`blk_rq_unmap_user()` the pages stay pinned and the bio leaks on every ioctl,
and for a read through a bounce buffer the data never reaches userspace. The
unmap must run after the I/O completed, in process context.

**Fix:** save the bio, execute, unmap, then free the request — and route every
error after the mapping through the unmap:

```c
ret = blk_rq_map_user(q, rq, NULL, ubuf, len, GFP_KERNEL);
if (ret)
        goto out_free_rq;
bio = rq->bio;                       /* completion changes rq->bio */
if (cmd_len > sizeof(scmd->cmnd)) {
        ret = -EINVAL;
        goto out_unmap;              /* not out_free_rq */
}
blk_execute_rq(rq, false);
ret = foo_result(rq);
out_unmap:
if (blk_rq_unmap_user(bio))
        ret = ret ?: -EFAULT;
out_free_rq:
blk_mq_free_request(rq);
return ret;
```
""",
)

MAPS = frozenset({"blk_rq_map_user", "blk_rq_map_user_iov", "blk_rq_map_user_io"})
UNMAP = "blk_rq_unmap_user"
EXECUTES = frozenset({"blk_execute_rq", "blk_execute_rq_nowait", "blk_mq_run_hw_queue", "blk_mq_start_request"})
def _request_arg(call) -> str:
    """The request a map call fills: blk_rq_map_user(q, rq, ...), blk_rq_map_user_io(rq, ...)."""
    index = 0 if call.callee == "blk_rq_map_user_io" else 1
    return re.sub(r"\s", "", call.args[index]) if index < len(call.args) else ""


def _mentions(text: str, name: str) -> bool:
    return bool(name) and re.search(r"(?<![\w.>])" + re.escape(name) + r"\b", re.sub(r"\s", "", text)) is not None


def _unmappers(ctx) -> set[tuple[str, str]]:
    """(path, function) of the folder's functions that unmap, directly or through one call."""
    def compute():
        direct = {(path, c.function) for path, facts in ctx.folder.files.items() for c in facts.calls_to(UNMAP)}
        names = {name for _, name in direct}
        indirect = {(path, c.function) for path, facts in ctx.folder.files.items()
                    for c in facts.calls if c.callee in names}
        return direct | indirect
    return ctx.folder.memo(RULE.id + ":unmappers", compute)


def _unmapped_elsewhere(ctx, call, folder_unmaps) -> bool:
    """Does another function unmap this mapping: one the request or its bio is handed to,
    the completion of an asynchronous request, a caller of this mapping helper?"""
    if not any(c.function != call.function for _, c in folder_unmaps):
        return False
    facts, function = ctx.facts, call.function
    request = _request_arg(call)
    base = re.split(r"->|\.", request)[0] if request else ""
    unmappers = {name for _, name in _unmappers(ctx)}
    for other in facts.calls:
        if other.function != function or other.start_byte <= call.end_byte:
            continue
        if other.callee in ("blk_execute_rq_nowait",):
            return True  # completes asynchronously: its end_io path unmaps
        if other.callee in unmappers and any(_mentions(a, base) or "bio" in a for a in other.args):
            return True
    for assign in facts.member_assigns:
        if assign.function == function and (_mentions(assign.value, base) or assign.value.endswith("bio")):
            return True  # kept for the completion path
    for path, other_facts in ctx.folder.files.items():
        for caller in other_facts.calls_to(function):
            if caller.function in unmappers:
                return True  # a helper that maps for its caller, which unmaps
    return False


@RULE.check
def check(ctx):
    facts = ctx.facts
    maps = [c for c in facts.calls_to(*MAPS) if c.function]
    if not maps:
        return
    folder_unmaps = [(path, c) for path, other in ctx.folder.files.items() for c in other.calls_to(UNMAP)]
    for call in maps:
        if facts.function(call.callee) is not None:
            continue  # block/blk-map.c defines them
        function = facts.function(call.function)
        if function is None:
            continue
        unmaps = [c for c in facts.calls_to(UNMAP) if c.function == call.function]
        if not unmaps:
            if _unmapped_elsewhere(ctx, call, folder_unmaps):
                continue  # the completion path, in another function, unmaps it
            yield ctx.finding(
                call,
                f"{call.callee}() in {call.function}() maps a user buffer that no blk_rq_unmap_user() unmaps",
            )
            continue
        request = _request_arg(call)
        # An unmap of rq->bio after the request ran unmaps nothing.
        executes = [c for c in facts.calls if c.function == call.function and c.callee in EXECUTES
                    and c.start_byte > call.end_byte and c.args and re.sub(r"\s", "", c.args[0]) == request]
        stale = None
        for unmap in unmaps:
            arg = re.sub(r"\s", "", unmap.args[0]) if unmap.args else ""
            if request and arg == f"{request}->bio" and any(e.end_byte < unmap.start_byte for e in executes):
                stale = unmap
                break
        if stale is not None:
            run = next(e for e in executes if e.end_byte < stale.start_byte)
            yield ctx.finding(
                stale,
                f"blk_rq_unmap_user({stale.args[0]}) after {run.callee}() unmaps nothing: running the request "
                f"advanced {request}->bio; unmap the bio saved right after {call.callee}()",
                related=[ctx.related(call, "the user buffer is mapped here"),
                         ctx.related(run, "the request is executed here")],
            )
            continue
        # Error paths after a successful mapping that skip every unmap (a failed mapping cleans up itself).
        flow = flow_of(facts, ctx.source, call.function)
        if flow is None:
            continue
        outcomes = flow.on_result(call.start_byte, call.end_byte, Value(ValueKind.INT, "0"),
                                  consulted=not call.usage.ignored,
                                  unless=frozenset(u.start_byte for u in unmaps))
        exits = sorted((((o.jumps[0] if o.jumps else o.at), o) for o in outcomes
                       if o.kind is OutcomeKind.RETURN and is_error(o.value, function)), key=lambda pair: pair[0])
        if exits:
            exit_, leaving = exits[0]  # the first in the text
            where = f"'goto {leaving.labels[0]}'" if leaving.jumps else "'return'"
            yield ctx.finding(
                call,
                f"the error path at line {exit_.line} ({where}) leaves {call.function}() without unmapping what "
                f"{call.callee}() mapped",
                related=[ctx.related(Span(exit_.line, exit_.column, exit_.line, exit_.column + (4 if leaving.jumps else 6)),
                                     "leaves here without unmapping")],
            )
