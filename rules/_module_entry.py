"""Module entry points (module_init/module_exit and friends) read from the text.

The parser never sees them as calls: a file-scope `module_init(f)` without a
`;` is masked to a preprocessor line, so these rules scan the code-only bytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Registration:
    """One `module_init(NAME)` (or `module_init(NAME(...))`) of the file."""

    macro: str
    name: str
    kind: str  # "init" | "exit"
    start: int  # the macro's first byte
    end: int  # after its closing parenthesis
    call_start: int = -1  # `NAME(...)` when the argument is a call, else -1
    call_end: int = -1
    call_args: str = ""


def registrations(ctx) -> list[Registration]:
    """The module_init/module_exit/initcall invocations of the file (not those in #define bodies)."""
    def compute():
        code = ctx.source.code
        found = []
        for m in _INVOCATION.finditer(code):
            if in_directive(code, m.start()):
                continue
            macro = m.group(1).decode()
            kind = "exit" if macro in EXIT_MACROS else "init"
            if m.group(3) is not None:
                found.append(Registration(macro, m.group(2).decode(), kind, m.start(), m.end(),
                                          m.start(2), m.end(3), m.group(4).decode().strip()))
            else:
                found.append(Registration(macro, m.group(2).decode(), kind, m.start(), m.end()))
        return found
    return ctx.folder.memo(f"registrations:{ctx.source.path}", compute)
