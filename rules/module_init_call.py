"""module_init(f()) / module_exit(f()): the macro takes the function, not a call of it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.model import Fix
from analyzer.rule import Rule

RULE = Rule(
    id="module-init-call",
    title="module_init()/module_exit() given a call instead of the function",
    severity="error",
    tags=("correctness", "api-misuse", "module"),
    precision="very-high",
    triggers=(b"module_init", b"module_exit", b"initcall"),
    help="""
Finds `module_init(f())`, `module_exit(f())` and the initcall macros
(`late_initcall(f())`, `subsys_initcall(f())`, `__exitcall(f())`, ...) given a
*call* of the entry point instead of the entry point itself.

**Why:** these macros do not run anything where they are written. They take
the *address* of a function and place it in a table (the `.initcall*` section
for built-in code, `init_module`/`cleanup_module` aliases for a module) that
the kernel calls at boot, at `insmod` or at `rmmod`. `module_init(m_start())`
asks the compiler to alias `init_module` to an expression, which does not
compile (`initcall_t` is `int (*)(void)`), or, with an old or unusual
definition of the macro, calls the function at the wrong time with its result
used as a function pointer.

**Fix:** name the function; the macro calls it for you:

```c
static int __init m_start(void)
{
        ...
        return 0;
}
module_init(m_start);
```

An autofix replaces `f()` by `f`. Silent for `#define` bodies and when `f` is
a function-like macro of the same file that expands to a function name.
""",
)

# Macros that register an init function (int (*)(void)) and an exit function (void (*)(void)).
INIT_MACROS = (
    "module_init", "early_initcall", "pure_initcall", "core_initcall", "core_initcall_sync",
    "postcore_initcall", "postcore_initcall_sync", "arch_initcall", "arch_initcall_sync",
    "subsys_initcall", "subsys_initcall_sync", "fs_initcall", "fs_initcall_sync", "rootfs_initcall",
    "device_initcall", "device_initcall_sync", "late_initcall", "late_initcall_sync", "__initcall",
    "console_initcall",
)
EXIT_MACROS = ("module_exit", "__exitcall")

# Comments, string and character literals: blanked (same length, newlines kept) before a textual scan.
_NOT_CODE = re.compile(rb'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
_NOT_NEWLINE = re.compile(rb"[^\n]")


def code_only(ctx) -> bytes:
    """The file's bytes with comments and literals blanked: offsets and lines unchanged."""
    def compute():
        return _NOT_CODE.sub(lambda m: _NOT_NEWLINE.sub(b" ", m.group(0)), ctx.source.data)
    return ctx.folder.memo(f"code-only:{ctx.source.path}", compute)


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
        code = code_only(ctx)
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


@RULE.check
def check(ctx):
    for reg in registrations(ctx):
        if reg.call_start < 0 or reg.name in ctx.facts.macros:
            continue
        span = ctx.source.span(reg.start, reg.end)
        written = ctx.source.text(reg.call_start, reg.call_end)
        fixes = []
        if reg.call_args in ("", "void"):
            fixes.append(Fix(f"pass the function: {reg.macro}({reg.name})", ctx.source.path, reg.call_start,
                             reg.call_end, ctx.source.span(reg.call_start, reg.call_end), reg.name))
        signature = "int (*)(void)" if reg.kind == "init" else "void (*)(void)"
        yield ctx.finding(
            span,
            f"{reg.macro}() is given the call '{written}' instead of the function: the macro registers a "
            f"function pointer ({signature}) that the kernel calls at load/unload time; "
            f"write {reg.macro}({reg.name})",
            fixes=fixes, snippet=" ".join(ctx.source.text(reg.start, reg.end).split()),
        )
