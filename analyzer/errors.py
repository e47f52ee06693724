"""Error-value flow: what a function hands back when a call fails, and what its callers make of it.

Built on kmodlint.flow. A rule asks `failure_exits(...)` for the ways a function
leaves after a failed call, each judged: the right errno, another errno, the raw
result of the call, -1, or success from a read/write handler. For a static helper
whose error path returns something other than the right errno, `callers_verdict`
follows the value into every caller of the folder (through callers that pass it
on unchanged), so that a helper whose every caller maps a nonzero result to
-EFAULT is known to be fine, and the caller that lets the value through can be
named.
"""
from __future__ import annotations

from dataclasses import dataclass

from .facts import FactKind, UsageKind
from .flow import FunctionFlow, Outcome, OutcomeKind, Value, ValueKind, flow_at, flow_of, source_of
from .model import Span

_MAX_CALLER_DEPTH = 3


class Verdict(FactKind):
    """What an Exit hands back after the failure, judged (Exit.verdict)."""

    RIGHT = "right"  # the expected errno
    ERRNO = "errno"  # another errno
    RAW = "raw"  # the failed call's own result, a byte count
    MINUS_ONE = "minus-one"
    SUCCESS = "success"  # 0, or the byte count from a read/write handler
    VOID = "void"  # no value
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Exit:
    """One way the function leaves after the failure, judged."""

    verdict: Verdict
    value: Value | None
    at: Span | None  # where the returned value was set (an assignment on the path, a preset) or returned
    returned_at: Span | None
    labels: tuple[str, ...]


def is_read_write_handler(function) -> bool:
    """`ssize_t f(struct file *, char __user *, size_t, loff_t *)`: a value >= 0 is a byte count."""
    types = [p.type for p in function.params]
    return len(types) == 4 and "struct file" in types[0] and types[2] in ("size_t", "ssize_t") \
        and types[3].replace(" ", "") == "loff_t*"


def judge(outcome: Outcome, function, right: str = "-EFAULT") -> Exit:
    value = outcome.value
    at = value.set_at if value is not None and value.set_at is not None else outcome.at
    verdict = Verdict.UNKNOWN
    if outcome.kind is OutcomeKind.END or (outcome.kind is OutcomeKind.RETURN and value is None):
        verdict = Verdict.VOID
    elif outcome.kind is OutcomeKind.RETURN:
        if value.kind is ValueKind.ERRNO:
            verdict = Verdict.RIGHT if value.text == right else Verdict.ERRNO
        elif value.kind is ValueKind.FAULT:
            verdict = Verdict.RAW
        elif value.kind is ValueKind.INT and value.text == "-1":
            verdict = Verdict.MINUS_ONE
        elif is_read_write_handler(function) and (
                (value.kind is ValueKind.INT and value.text == "0")
                or (value.kind is ValueKind.PARAM and value.text == function.params[2].name)):
            verdict = Verdict.SUCCESS
    return Exit(verdict, value, at, outcome.at, outcome.labels)


def failure_exits(facts, source, call, fault: Value, right: str = "-EFAULT") -> list[Exit] | None:
    """Each way the function of `call` (a Call fact) leaves when the call fails with `fault`."""
    flow = flow_of(facts, source, call.function) if call.function else None
    function = facts.function(call.function) if call.function else None
    if flow is None or function is None:
        return None
    return [judge(o, function, right) for o in flow.on_failure(call.start_byte, call.end_byte, fault)]


@dataclass(frozen=True)
class CallersVerdict:
    mapped: bool  # every caller turns the value into the right errno
    caller: str = ""  # the first caller that does not (or passes it on to one that does not)
    returns: str = ""  # what that caller returns instead ("" when nobody calls the function: it is an entry point)


def callers_verdict(folder, path: str, function, value: Value, right: str = "-EFAULT",
                    depth: int = 0, seen: frozenset = frozenset()) -> CallersVerdict:
    """What the callers of `function` (defined in `path`) do with `value` when it returns it."""
    sites = []
    for other_path, facts in sorted(folder.files.items()):
        if function.static and other_path != path:
            continue
        if other_path != path and facts.function(function.name) is not None:
            continue  # that file calls its own function of the same name
        sites.extend((facts, call) for call in facts.calls_to(function.name) if call.function)
    if not sites:
        return CallersVerdict(False)
    for facts, call in sites:
        caller = facts.function(call.function)
        source = source_of(facts)
        flow: FunctionFlow | None = flow_of(facts, source, call.function) if source is not None else None
        if flow is None or caller is None:
            return CallersVerdict(False, call.function, "?")
        for outcome in flow.on_failure(call.start_byte, call.end_byte, value):
            exit_ = judge(outcome, caller, right)
            if exit_.verdict is Verdict.RIGHT:
                continue
            passed_on = outcome.value is not None and outcome.value.kind == value.kind \
                and outcome.value.text == value.text
            if passed_on and depth < _MAX_CALLER_DEPTH and caller.name not in seen:
                further = callers_verdict(folder, facts.path, caller, value, right, depth + 1, seen | {function.name})
                if further.mapped:
                    continue
                return CallersVerdict(False, further.caller or caller.name, further.returns)
            if exit_.verdict in (Verdict.VOID, Verdict.UNKNOWN) and not passed_on:
                continue  # the caller does not hand a value on, or what it hands cannot be told
            shown = (outcome.value.text if outcome.value is not None and outcome.value.kind is not ValueKind.FAULT
                     else "it")
            return CallersVerdict(False, caller.name, shown)
    return CallersVerdict(True)


def fails_anyway(facts, source, call) -> bool:
    """Does every path after `call` return an errno (`put_user(-1, buf)` on an error path)? Then the caller
    learns of a failure whatever the call did."""
    flow = flow_of(facts, source, call.function) if call.function else flow_at(facts, source, call.start_byte)
    if flow is None:
        return False
    outcomes = flow.after_call(call.start_byte, call.end_byte)
    return bool(outcomes) and all(o.kind is OutcomeKind.RETURN and o.value is not None
                                  and o.value.kind is ValueKind.ERRNO for o in outcomes)


def is_error(value: Value | None, function) -> bool:
    """Is `value`, returned by `function` (a Function fact), a failure by the kernel's convention:
    an errno, a negative number, an ERR_PTR, or a nonzero result of a function returning an int
    status (not a pointer, a bool, a count)?"""
    if value is None:
        return False
    if value.kind in (ValueKind.ERRNO, ValueKind.NEGATIVE, ValueKind.ERRPTR):
        return True
    if value.kind is ValueKind.INT:
        return value.text.startswith("-")
    if value.kind is ValueKind.NONZERO:
        returned = function.return_type.replace("static", "").replace("inline", "").split()
        return "*" not in function.return_type and returned in (["int"], ["long"], ["__must_check", "int"])
    return False


def reports_failure(outcome: Outcome) -> bool:
    """Does this way out (from FunctionFlow.on_failure) tell the caller that the function failed because
    of the failed call: an errno, -1 or the failed result itself, returned on a path a test of that
    result sent it down (Outcome.decided), or the failed result handed back as it is (`return ret;`)?"""
    value = outcome.value
    if outcome.kind is not OutcomeKind.RETURN or value is None or not (outcome.decided or value.failed):
        return False
    return value.kind in (ValueKind.ERRNO, ValueKind.FAULT) or (value.kind is ValueKind.INT and value.text == "-1")


def failure_propagates(driver, ref, failure: Value, depth: int = 0, seen: frozenset = frozenset()) -> bool:
    """When the function `ref` (a driver.FunctionRef) returns `failure`, does that reach past the driver's
    own code? True when a caller may be unknown (none in the folder's parsed files: an entry point, a
    function of another folder's; or `ref` stored in a table, passed as a callback), when a caller's use
    of it cannot be told, or when a caller fails in turn (reports_failure, or returns what cannot be told
    on a path its test of the result took) and that one's failure propagates; False when every caller
    drops it (ignores the result, or only logs it and carries on). Followed _MAX_CALLER_DEPTH callers up."""
    graph = driver.graph
    if depth > _MAX_CALLER_DEPTH or not graph.callers(ref) or graph.named_not_called(ref):
        return True
    seen = seen | {ref}
    for caller, call in graph.callers(ref):
        if caller in seen:
            continue  # recursion: the outermost call decides
        if call.usage.ignored or (call.usage is UsageKind.ASSIGNED and not call.result_read):
            continue
        facts = graph.folder.files.get(caller.path)
        source = source_of(facts) if facts is not None else None
        flow = flow_of(facts, source, caller.name) if source is not None else None
        if flow is None:
            return True
        outcomes = flow.on_failure(call.start_byte, call.end_byte, failure)
        if any(reports_failure(o) or (o.kind is OutcomeKind.RETURN and o.decided and o.value is not None
                                      and o.value.kind is ValueKind.UNKNOWN) for o in outcomes):
            if failure_propagates(driver, caller, failure, depth + 1, seen):
                return True
            continue
        if all(o.kind is OutcomeKind.UNKNOWN for o in outcomes) \
                or any(o.kind is OutcomeKind.UNKNOWN and o.decided for o in outcomes):
            return True  # stored, passed on, or a branch on it not followed to its end
    return False
