"""Module entry points (module_init/module_exit and friends): what the file registers, from its facts.

`module_init(f);` parses as a call (the calls family); a file-scope `module_init(f)` without
its `;` is masked to a preprocessor line and is one of the macros family's invocations. A
registration is read from either, so one in a comment, a string or a `#define` body is none.
Before the parse, the admission tests of these rules read the text instead (`mentions`): a
superset of what the facts will say, which only decides whether the file is parsed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kmodlint.facts import FactKind
from kmodlint.source import blank_comments_and_literals

INIT_MACROS = (
    "module_init", "early_initcall", "pure_initcall", "core_initcall", "core_initcall_sync",
    "postcore_initcall", "postcore_initcall_sync", "arch_initcall", "arch_initcall_sync",
    "subsys_initcall", "subsys_initcall_sync", "fs_initcall", "fs_initcall_sync", "rootfs_initcall",
    "device_initcall", "device_initcall_sync", "late_initcall", "late_initcall_sync", "__initcall",
    "console_initcall",
)
EXIT_MACROS = ("module_exit", "__exitcall")
MACROS = frozenset(INIT_MACROS + EXIT_MACROS)


def in_directive(code: bytes, offset: int) -> bool:
    """Is `offset` on a preprocessor line (a `#define` body, with its continuation lines)?"""
    start = code.rfind(b"\n", 0, offset) + 1
    while start >= 2 and code[start - 2] == 0x5C:  # the line before ends with a backslash
        start = code.rfind(b"\n", 0, start - 1) + 1
    return code[start:offset].lstrip(b" \t").startswith(b"#")


class EntryKind(FactKind):
    """Which end of the module's life a registration's function is (Registration.kind)."""

    INIT = "init"  # module_init(), the initcalls: returns int, in an __init section
    EXIT = "exit"  # module_exit(), __exitcall: returns void, in an __exit section


@dataclass(frozen=True)
class Registration:
    """One `module_init(NAME)` (or `module_init(NAME(...))`) of the file."""

    macro: str
    name: str
    kind: EntryKind
    start: int  # the macro's first byte
    end: int  # after its closing parenthesis
    call_start: int = -1  # `NAME(...)` when the argument is a call, else -1
    call_end: int = -1
    call_args: str = ""


def _kind(macro: str) -> EntryKind:
    return EntryKind.EXIT if macro in EXIT_MACROS else EntryKind.INIT


# The one argument of a masked invocation, as written: NAME, or a call NAME(ARGS) (the parser
# never read it; the invocation itself, and its argument's bounds, come from the tree).
_ARGUMENT = re.compile(r"([A-Za-z_]\w*)(?: ?\(([^()]*)\))?")
_BLANKS = b" \t\r\n\f\v"


def registrations_of(facts, code: bytes | None) -> list[Registration]:
    """The module_init/module_exit/initcall registrations of the file of `facts`, in file order:
    the calls to those macros and their masked invocations whose one argument is a function's
    name or a call of one (`module_init(foo_init())`, which module-init-call reports). `code`
    is the file's bytes with comments and literals blanked (SourceFile.code), where the call in
    the argument is told from other expressions; without it (a sibling no longer held), only
    the registrations of a plain name."""
    key = "module-entry:registrations" + ("" if code is None else ":code")
    return facts.memo(key, lambda: _registrations(facts, code))


def _registrations(facts, code: bytes | None) -> list[Registration]:
    found = []
    calls = [c for c in facts.calls_to(*MACROS) if len(c.args) == 1]
    # `module_init(foo())`: its argument is a call of its own, one of the calls too.
    inner = {c.start_byte: c for c in facts.calls if c.arg_of in MACROS and c.arg_index == 0} if calls else {}
    for call in calls:
        kind = _kind(call.callee)
        if call.args[0].isidentifier():
            found.append(Registration(call.callee, call.args[0], kind, call.start_byte, call.end_byte))
            continue
        bounds = _argument_bounds(code, call.start_byte + len(call.callee), call.end_byte) if code else None
        nested = inner.get(bounds[0]) if bounds else None
        if nested is not None and nested.end_byte == bounds[1] and nested.callee.isidentifier():
            found.append(Registration(call.callee, nested.callee, kind, call.start_byte, call.end_byte,
                                      nested.start_byte, nested.end_byte, ", ".join(nested.args)))
    for invocation in facts.invocations:
        if invocation.name not in MACROS or len(invocation.args) != 1:
            continue
        m = _ARGUMENT.fullmatch(invocation.args[0])
        if m is None:
            continue
        kind = _kind(invocation.name)
        if m.group(2) is None:
            found.append(Registration(invocation.name, m.group(1), kind, invocation.start_byte, invocation.end_byte))
            continue
        bounds = _argument_bounds(code, invocation.args_start - 1, invocation.end_byte) if code else None
        if bounds is not None:
            found.append(Registration(invocation.name, m.group(1), kind, invocation.start_byte, invocation.end_byte,
                                      bounds[0], bounds[1], m.group(2).strip()))
    return sorted(found, key=lambda r: r.start)


def _argument_bounds(code: bytes, after_name: int, end: int) -> tuple[int, int] | None:
    """(first, end) bytes of what the parentheses of an invocation hold, blanks left out: its
    `(` is the first byte after the macro's name and blanks (comments are blank in `code`), its
    `)` the last byte of the invocation."""
    opening = after_name
    while opening < end and code[opening] in _BLANKS:
        opening += 1
    if opening >= end or code[opening] != 0x28 or code[end - 1] != 0x29:
        return None
    first, last = opening + 1, end - 1
    while first < last and code[first] in _BLANKS:
        first += 1
    while last > first and code[last - 1] in _BLANKS:
        last -= 1
    return first, last


def registrations(ctx) -> list[Registration]:
    """The module_init/module_exit/initcall registrations of the file being checked."""
    return registrations_of(ctx.facts, ctx.source.code)


# ---------------------------------------------------------------- before the parse

@dataclass(frozen=True)
class Mention:
    """A registering macro's name in the code (not in a comment, a literal or a directive), for the
    admission tests: `name` is its argument when that is a plain NAME or a call NAME(...), else ""."""

    macro: str
    name: str
    is_call: bool

    @property
    def kind(self) -> EntryKind:
        return _kind(self.macro)


_MACRO_WORD = re.compile(rb"(?<![\w#])(" + b"|".join(re.escape(n.encode()) for n in sorted(MACROS, key=len, reverse=True))
                         + rb")(?!\w)")
_FOLLOWING = re.compile(rb"\s*\(\s*([A-Za-z_]\w*)\s*([()])")
# Every macro name holds one of these: a mention starts at the identifier holding one.
_NAME_PARTS = (b"module_init", b"module_exit", b"initcall", b"exitcall")
_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def mentions(code: bytes) -> list[Mention]:
    """The registering macros' names in `code` (a file's bytes with comments and literals blanked),
    outside directives, each with its argument when that reads as a name or a call. A superset of
    the registrations the file's facts will hold: every one of those is a mention, with its name.
    The identifiers holding a part of a macro name are found by substring search, and only
    they are matched (a regex tried at every byte of the file is slow)."""
    starts = set()
    for part in _NAME_PARTS:
        at = code.find(part)
        while at >= 0:
            start = at
            while start > 0 and code[start - 1] in _IDENTIFIER_BYTES:
                start -= 1
            starts.add(start)
            at = code.find(part, at + 1)
    found = []
    for start in sorted(starts):
        word = _MACRO_WORD.match(code, start)
        if word is None or in_directive(code, start):
            continue
        following = _FOLLOWING.match(code, word.end())
        name = following.group(1).decode() if following is not None else ""
        found.append(Mention(word.group(1).decode(), name, following is not None and following.group(2) == b"("))
    return found


_last_read: list = [None, None]  # (data, code) of the last file admission asked about


def code_of(data: bytes) -> bytes:
    """`data` with comments and literals blanked, as SourceFile.code gives it to the rules:
    for the admission tests of a file not yet parsed (the rules of this family are asked
    one after the other about the same bytes, which are blanked once)."""
    if _last_read[0] is not data:
        _last_read[:] = [data, blank_comments_and_literals(data)]
    return _last_read[1]
