"""A pid number from userspace looked up in init_pid_ns."""
from __future__ import annotations

import re

from kmodlint.rule import Rule

RULE = Rule(
    id="pid-from-user-in-init-ns",
    title="pid number from userspace looked up in init_pid_ns instead of the caller's pid namespace",
    severity="warning",
    tags=("security", "correctness", "containers", "userspace-abi"),
    precision="high",
    # A process in a container makes the driver act on a task outside it: medium.
    security_severity="5.5",
    triggers=(b"init_pid_ns",),
    needs=("calls", "struct_inits", "member_assigns", "assignments", "locals"),
    folder_needs=("calls", "struct_inits", "member_assigns", "assignments", "locals"),
    help="""
Finds `find_pid_ns(nr, &init_pid_ns)` and `find_task_by_pid_ns(nr, &init_pid_ns)`
where `nr` is a pid number that came from userspace: copied in with
`copy_from_user()`/`get_user()`/`memdup_user()` (a field of the ioctl argument
struct, say), the `arg` of an `unlocked_ioctl`/`compat_ioctl` handler, or parsed
with `kstrto*()`/`sscanf()` from what userspace wrote. The number is followed
through locals, through a global or a struct field that one function (the
ioctl) stores and another (the IRQ handler, a work item) looks up, and into
the parameters of the driver's own functions.

Not reported: numbers the kernel made itself (`current->pid`, a pid from
hardware or a host interface), and code that looks the same number up with
`find_vpid()`/`find_task_by_vpid()` on another branch (an explicit "global pid"
option, as TOMOYO's `global-pid=`).

**Why:** a process inside a container knows itself by the numbers of its own
pid namespace; `getpid()` in a container returns, say, 7 while the process is
40213 in the init namespace. Looking the number up in `init_pid_ns` then finds
another process (the init namespace's pid 7) or none: the driver signals or
accounts the wrong task. A bare number is also racy: the process can exit and
the number be reused before the lookup.

**Fix:** resolve the number where it arrives, in the context of the process
that sent it, with the namespace-aware lookups, and keep a reference to the
`struct pid` rather than the number; better still, take the caller itself:

```c
/* in the ioctl: */
struct pid *p = find_get_pid(args.pid);      /* caller's pid namespace, takes a reference */
if (!p)
        return -ESRCH;
put_pid(xchg(&priv->owner, p));
/* or, for "notify me": priv->owner = get_pid(task_tgid(current)); */

/* later (IRQ, work): */
kill_pid(priv->owner, sig, 1);               /* or get_pid_task(priv->owner, PIDTYPE_PID) */
/* and put_pid(priv->owner) on release */
```
""",
)

LOOKUPS = {"find_pid_ns": (0, 1), "find_task_by_pid_ns": (0, 1), "find_task_by_pid_type_ns": (1, 2),
           "find_ge_pid": (0, 1)}
# Lookups in the caller's namespace: a function that also uses one of them on the
# same number chose init_pid_ns on purpose (a "global pid" option).
CALLER_NS_LOOKUPS = frozenset({"find_vpid", "find_task_by_vpid", "find_get_pid", "find_get_task_by_vpid"})
# Copy-in: callee -> index of the destination.
COPY_IN = {"copy_from_user": 0, "__copy_from_user": 0, "__copy_from_user_inatomic": 0, "raw_copy_from_user": 0,
           "copy_struct_from_user": 0, "get_user": 0, "__get_user": 0, "strncpy_from_user": 0,
           "copy_from_sockptr": 0, "copy_safe_from_sockptr": 0}
# Results that are userspace data.
COPY_RESULTS = frozenset({"memdup_user", "memdup_user_nul", "vmemdup_user", "strndup_user", "memdup_array_user",
                          "vmemdup_array_user"})
IOCTL_FIELDS = frozenset({"unlocked_ioctl", "compat_ioctl", "ioctl"})
_PARSE = re.compile(r"^(kstrto\w+|simple_strto\w+|sscanf)$")
_IDENT = re.compile(r"[A-Za-z_]\w*")
_CAST = re.compile(r"^\(\s*(?:const\s+)?(?:unsigned\s+|signed\s+)?\w+(?:\s+\w+)?\s*\**\s*\)\s*(?=[\w(&*])")


def _strip(expression: str) -> str:
    """`(pid_t)READ_ONCE(a.pid)` -> `a.pid`; `&x` -> `x`."""
    e = expression.strip()
    while True:
        before = e
        e = _CAST.sub("", e)
        m = re.fullmatch(r"(?:READ_ONCE|smp_load_acquire|data_race)\s*\((.*)\)", e)
        if m:
            e = m.group(1).strip()
        if e.startswith("&"):
            e = e[1:].strip()
        if e.startswith("(") and e.endswith(")") and e.count("(") == 1:
            e = e[1:-1].strip()
        if e == before:
            return re.sub(r"\s+", "", e)


def _base(expression: str) -> str:
    m = _IDENT.match(_strip(expression))
    return m.group(0) if m else ""


def _last_field(expression: str) -> str:
    e = _strip(expression)
    m = re.search(r"(?:->|\.)\s*([A-Za-z_]\w*)\s*$", e)
    return m.group(1) if m else ""


class _Taint:
    """Where userspace numbers live in one driver folder: per function names, and
    the globals and struct fields they are stored in."""

    def __init__(self, folder):
        self.names: dict[tuple[str, str, str], str] = {}  # (path, function, name) -> origin
        self.globals: dict[str, tuple[str, object]] = {}  # name, or "path::name" if static -> (origin, where)
        self.fields: dict[str, tuple[str, object]] = {}
        self.where: dict[tuple[str, str, str], object] = {}
        for path, facts in folder.files.items():
            ioctls = {value for init in facts.struct_inits for key, value in init.fields if key in IOCTL_FIELDS}
            for function in facts.functions:
                params = function.params
                if function.name in ioctls and len(params) >= 3 and params[2].name:
                    self._add(path, function.name, params[2].name,
                              f"the ioctl argument of {function.name}()", function.name_span)
                for index, param in enumerate(params[:-1]):
                    if param.type.replace(" ", "") == "constchar*" and "size_t" in params[index + 1].type:
                        self._add(path, function.name, param.name,
                                  f"the buffer userspace wrote, in {function.name}()", function.name_span,
                                  parse_only=True)
            for call in facts.calls:
                if not call.function:
                    continue
                if call.callee in COPY_IN and COPY_IN[call.callee] < len(call.args):
                    self._add(path, call.function, _base(call.args[COPY_IN[call.callee]]),
                              f"copied in by {call.callee}() in {call.function}()", call.span)
                elif call.callee in COPY_RESULTS and call.target:
                    self._add(path, call.function, call.target,
                              f"copied in by {call.callee}() in {call.function}()", call.span)
                elif call.callee.startswith("kstrto") and call.callee.endswith("_from_user") and call.args:
                    self._add(path, call.function, _base(call.args[-1]),
                              f"parsed from userspace by {call.callee}() in {call.function}()", call.span)
        # Propagate: parsing, assignments, globals, fields, parameters; to a fixed point.
        for _ in range(6):
            before = (len(self.names), len(self.globals), len(self.fields))
            for path, facts in folder.files.items():
                self._propagate(path, facts, folder)
            if (len(self.names), len(self.globals), len(self.fields)) == before:
                break

    def _add(self, path, function, name, origin, where, parse_only=False):
        """`where` is a span of `path`, or a (path, span) pair for a location in another file."""
        if not name:
            return
        key = (path, function, name)
        if key not in self.names:
            self.names[key] = ("parse:" if parse_only else "") + origin
            self.where[key] = where if isinstance(where, tuple) else (path, where)

    def origin(self, path, facts, function, expression):
        """(origin, (path, span)) when `expression` in `function` holds a userspace number."""
        base, field = _base(expression), _last_field(expression)
        key = (path, function, base)
        if base and key in self.names and not self.names[key].startswith("parse:"):
            return self.names[key], self.where[key]
        if base and not field and not facts.is_local(function, base):
            found = self.globals.get(_global_key(path, facts, base))
            if found:
                return found
        if field and field in self.fields and not (base and facts.is_local(function, base)
                                                   and (path, function, base) not in self.names
                                                   and not _is_pointer(facts, function, base)):
            return self.fields[field]
        return None

    def _value_origin(self, path, facts, function, value):
        """Is an expression (the right side of an assignment) built from a userspace number?"""
        text = value.strip()
        call = re.match(r"^(\w+)\s*\((.*)\)$", text, re.S)
        if call and call.group(1) in ("READ_ONCE", "min", "max", "min_t", "max_t", "abs", "le32_to_cpu",
                                       "le16_to_cpu", "be32_to_cpu", "le64_to_cpu", "be64_to_cpu", "clamp"):
            text = call.group(2)
        elif call and _PARSE.match(call.group(1)):
            source = _base(call.group(2).split(",")[0])
            key = (path, function, source)
            if key in self.names:
                return self.names[key].removeprefix("parse:"), self.where[key]
            return None
        elif call:
            return None  # the result of some other function: not the number itself
        for piece in re.split(r"[,?:]", text):
            piece = piece.strip()
            if re.fullmatch(r"[&*(]*\s*(?:\(\s*\w+(?:\s+\w+)?\s*\**\s*\))?\s*[A-Za-z_][\w.\->\[\]\s]*\)*", piece):
                found = self.origin(path, facts, function, piece)
                if found:
                    return found
        return None

    def _propagate(self, path, facts, folder):
        for call in facts.calls:
            if not call.function:
                continue
            if _PARSE.match(call.callee) and len(call.args) >= 2:
                key = (path, call.function, _base(call.args[0]))
                if key in self.names:
                    origin = self.names[key].removeprefix("parse:")
                    targets = call.args[2:] if call.callee == "sscanf" else call.args[-1:]
                    for target in targets:
                        if target.strip().startswith("&"):
                            self._add(path, call.function, _base(target), f"parsed by {call.callee}() from "
                                      + origin, call.span)
            if call.callee == "WRITE_ONCE" and len(call.args) == 2:
                found = self._value_origin(path, facts, call.function, call.args[1])
                if found:
                    self._store(path, facts, call.function, call.args[0], found)
            # A userspace number handed to the driver's own function taints its parameter.
            resolved = folder.function(call.callee, path)
            if resolved is not None:
                callee_path, callee = resolved
                for index, arg in enumerate(call.args[:len(callee.params)]):
                    found = self.origin(path, facts, call.function, arg)
                    if found and callee.params[index].name and "*" not in callee.params[index].type:
                        self._add(callee_path, callee.name, callee.params[index].name, found[0], found[1])
        for assignment in facts.assignments:
            if assignment.function:
                found = self._value_origin(path, facts, assignment.function, assignment.value)
                if found:
                    self._store(path, facts, assignment.function, assignment.name, found)
        for local in facts.locals:
            if local.value:
                found = self._value_origin(path, facts, local.function, local.value)
                if found:
                    self._add(path, local.function, local.name, found[0], found[1])
        for assign in facts.member_assigns:
            if assign.function:
                found = self._value_origin(path, facts, assign.function, assign.value)
                if found and assign.field not in self.fields:
                    self.fields[assign.field] = found

    def _store(self, path, facts, function, target, found):
        target = _strip(target)
        if target.isidentifier():
            if facts.is_local(function, target):
                self._add(path, function, target, found[0], found[1])
            else:
                self.globals.setdefault(_global_key(path, facts, target), found)
        else:
            field = _last_field(target)
            if field and field not in self.fields:
                self.fields[field] = found


def _global_key(path, facts, name) -> str:
    """A static variable is its file's own; any other is shared by the folder (C linkage)."""
    variable = facts.global_var(name)
    return f"{path}::{name}" if variable is not None and variable.static and not variable.extern else name


def _is_pointer(facts, function, name) -> bool:
    declared = facts.variable_type(function, name) or ""
    return "*" in declared


@RULE.folder_tokens_from
def stored_numbers(facts):
    """The global or field a lookup reads: the sibling that stores it (the ioctl) is needed."""
    for call in facts.calls_to(*LOOKUPS):
        index, _ = LOOKUPS[call.callee]
        if index < len(call.args):
            name = _last_field(call.args[index]) or _base(call.args[index])
            if name:
                yield name


@RULE.check
def check(ctx):
    facts = ctx.facts
    taint = None
    for call in facts.calls_to(*LOOKUPS):
        index, ns_index = LOOKUPS[call.callee]
        if not call.function or ns_index >= len(call.args) or re.sub(r"\s", "", call.args[ns_index]) != "&init_pid_ns":
            continue
        if facts.function(call.callee) is not None:
            continue  # kernel/pid.c itself
        number = call.args[index]
        if taint is None:
            taint = ctx.folder.memo(RULE.id, lambda: _Taint(ctx.folder))
        found = taint.origin(ctx.source.path, facts, call.function, number)
        if not found:
            continue
        same = _strip(number)
        if any(c.function == call.function and c.args and _strip(c.args[0]) == same
               for c in facts.calls_to(*CALLER_NS_LOOKUPS)):
            continue  # an explicit choice between the caller's namespace and the global one
        origin, (path, span) = found
        origin = origin.removeprefix("parse:")
        yield ctx.finding(
            call,
            f"{call.callee}() looks up '{number}' in init_pid_ns, but that pid comes from userspace ({origin})",
            related=[ctx.related(span, f"the number comes from userspace here: {origin}", path)],
        )
