"""module_init(f()) / module_exit(f()): the macro takes the function, not a call of it."""
from __future__ import annotations


from kmodlint.model import Fix
from kmodlint.rule import Rule

from ._module_entry import code_of, mentions, registrations

RULE = Rule(
    id="module-init-call",
    title="module_init()/module_exit() given a call instead of the function",
    severity="error",
    tags=("correctness", "api-misuse", "module"),
    precision="very-high",
    triggers=(b"module_init", b"module_exit", b"initcall"),
    needs=("macros", "calls"),
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

@RULE.admission
def given_a_call(data: bytes) -> bool:
    """The check reports only registrations whose argument is a call: a file whose every mention of
    the macros is followed by `(NAME)` has none (nearly every module_init(f) of a tree)."""
    return any(m.is_call or not m.name for m in mentions(code_of(data)))


# Macros that register an init function (int (*)(void)) and an exit function (void (*)(void)).
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
        yield ctx.finding(
            span, f"{reg.macro}() is given the call '{written}', not the function; write {reg.macro}({reg.name})",
            fixes=fixes, snippet=" ".join(ctx.source.text(reg.start, reg.end).split()),
        )
