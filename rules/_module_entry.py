"""Module entry points (module_init/module_exit and friends) read from the text.

The parser never sees them as calls: a file-scope `module_init(f)` without a
`;` is masked to a preprocessor line, so these rules scan the code-only bytes.
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

def in_directive(code: bytes, offset: int) -> bool:
    """Is `offset` on a preprocessor line (a `#define` body, with its continuation lines)?"""
    start = code.rfind(b"\n", 0, offset) + 1
    while start >= 2 and code[start - 2] == 0x5C:  # the line before ends with a backslash
        start = code.rfind(b"\n", 0, start - 1) + 1
    return code[start:offset].lstrip(b" \t").startswith(b"#")


_MACRO_NAMES = b"|".join(re.escape(n.encode()) for n in sorted(INIT_MACROS + EXIT_MACROS, key=len, reverse=True))
# module_init( NAME )  or  module_init( NAME ( ARGS ) )
_INVOCATION = re.compile(
    rb"(?<![\w#])(" + _MACRO_NAMES + rb")[ \t]*\([ \t\n]*([A-Za-z_]\w*)[ \t\n]*(\(([^()]*)\))?[ \t\n]*\)")


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


# Every macro name holds one of these: a match of _INVOCATION starts at the identifier holding one.
_NAME_PARTS = (b"module_init", b"module_exit", b"initcall", b"exitcall")
_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _invocations(code: bytes):
    """The matches of _INVOCATION.finditer(code), found faster: the regex (a look-behind, then
    20 names) is tried only at the start of the identifiers that hold a part of a macro name,
    found by substring search, instead of at every byte of the file. finditer's matches do not
    overlap: a start inside the previous match is skipped as it would be."""
    starts = set()
    for part in _NAME_PARTS:
        at = code.find(part)
        while at >= 0:
            start = at
            while start > 0 and code[start - 1] in _IDENTIFIER_BYTES:
                start -= 1
            starts.add(start)
            at = code.find(part, at + 1)
    last_end = 0
    for start in sorted(starts):
        if start < last_end:
            continue
        m = _INVOCATION.match(code, start)
        if m is not None:
            last_end = m.end()
            yield m


def find_registrations(code: bytes) -> list[Registration]:
    """The module_init/module_exit/initcall invocations in `code` (a file's bytes with comments
    and literals blanked), not those in #define bodies."""
    found = []
    for m in _invocations(code):
        if in_directive(code, m.start()):
            continue
        macro = m.group(1).decode()
        kind = EntryKind.EXIT if macro in EXIT_MACROS else EntryKind.INIT
        if m.group(3) is not None:
            found.append(Registration(macro, m.group(2).decode(), kind, m.start(), m.end(),
                                      m.start(2), m.end(3), m.group(4).decode().strip()))
        else:
            found.append(Registration(macro, m.group(2).decode(), kind, m.start(), m.end()))
    return found


def registrations(ctx) -> list[Registration]:
    """The module_init/module_exit/initcall invocations of the file (not those in #define bodies)."""
    return ctx.folder.memo(f"registrations:{ctx.source.path}", lambda: find_registrations(ctx.source.code))


_last_read: list = [None, None]  # (data, code) of the last file admission asked about


def code_of(data: bytes) -> bytes:
    """`data` with comments and literals blanked, as SourceFile.code gives it to the rules:
    for the admission tests of a file not yet parsed (the rules of this family are asked
    one after the other about the same bytes, which are blanked once)."""
    if _last_read[0] is not data:
        _last_read[:] = [data, blank_comments_and_literals(data)]
    return _last_read[1]
