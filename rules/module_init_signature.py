"""The function named in module_init() must be `int f(void)`, in module_exit() `void f(void)`."""
from __future__ import annotations

import re

from analyzer.rule import Rule

from ._module_entry import EXIT_MACROS, INIT_MACROS, registrations

RULE = Rule(
    id="module-init-signature",
    title="module_init()/module_exit() function with the wrong signature or without __init/__exit",
    severity="error",
    tags=("correctness", "api-misuse", "module"),
    precision="high",
    triggers=(b"module_init", b"module_exit", b"initcall"),
    needs=("functions", "calls"),
    folder_needs=("functions",),
    help="""
Finds the function named in `module_init()` (or an initcall macro such as
`late_initcall()`) when it does not return `int` or takes parameters (for
example `void __init m_start()`), and the function named in `module_exit()`
when it does not return `void`. An init function defined without `__init`, or
an exit function without `__exit`, is reported as a note.

**Why:** the macro stores the function in a table of `int (*)(void)`
(`initcall_t`) or `void (*)(void)` (`exitcall_t`). The kernel calls the init
function and *uses its return value*: 0 means the module is loaded, a negative
errno makes `insmod` fail and the module is unloaded again. A `void` init
function returns whatever happens to be in the return register, so loading
fails or succeeds at random, and the driver has no way to report that probing
its hardware failed. (Recent compilers reject the mismatch in
`module_init()`'s type check; old kernels only warned.)

`__init` puts the function in `.init.text`, freed after boot or after the
module is loaded; `__exit` drops the exit function from built-in kernels,
where it can never run. Without them the code stays in memory for nothing.
Neither may be used when the function is also called at runtime (an error
path of init calling the exit function, a function also used by resume):
that is a section mismatch, and the note stays silent then.

**Fix:**

```c
static int __init m_start(void)
{
        int ret = foo_register();

        if (ret)
                return ret;     /* insmod fails with this errno */
        return 0;
}

static void __exit m_stop(void)
{
        foo_unregister();
}

module_init(m_start);
module_exit(m_stop);
```
""",
)

# Section annotations that count as __init / __exit (older and special-purpose spellings included).
INIT_SECTIONS = frozenset({"__init", "__devinit", "__cpuinit", "__meminit", "__init_or_module", "__ref",
                           "__net_init"})
EXIT_SECTIONS = frozenset({"__exit", "__devexit", "__cpuexit", "__memexit", "__ref", "__net_exit"})
_SECTION = re.compile(rb"\b__(?:init|exit|devinit|devexit|cpuinit|cpuexit|meminit|memexit|init_or_module|ref|"
                      rb"net_init|net_exit)\b")
_REGISTRARS = frozenset(INIT_MACROS + EXIT_MACROS)
def _sections(ctx, path: str, function) -> set[str]:
    """The section annotations written before the function's body (the parser sees them masked)."""
    data = ctx.source.data if path == ctx.source.path else None
    if data is None:
        return {"?"}  # another file: its bytes are not at hand, do not guess
    body = data.find(b"{", function.start_byte, function.end_byte)
    header = data[function.start_byte:body if body > 0 else function.end_byte]
    return {m.group(0).decode() for m in _SECTION.finditer(header)}


def _used_elsewhere(ctx, name: str) -> bool:
    """Is `name` called or referenced anywhere but in its registration (then __init/__exit would be wrong)?"""
    for facts in ctx.folder.files.values() or [ctx.facts]:
        if facts.calls_to(name):
            return True
        if any((name in call.args or f"&{name}" in call.args) and call.callee not in _REGISTRARS
               for call in facts.calls):
            return True
        if any(name == value for init in facts.struct_inits for _, value in init.fields):
            return True
        if any(a.value in (name, f"&{name}") for a in facts.member_assigns):
            return True
        if any(a.value in (name, f"&{name}") for a in facts.assignments):
            return True
    return False


# Words of a declared return type that say nothing about it (storage, annotations).
_NOT_TYPE = frozenset({"static", "inline", "__inline", "__inline__", "extern", "const", "volatile", "noinline",
                       "notrace", "STATIC", "asmlinkage", "__attribute__", "struct", "enum", "union"})
INT_TYPES = frozenset({"int", "s32", "__s32", "int32_t"})
# Types that are surely not int (for init) or not void (for exit); a typedef not listed is left alone.
KNOWN_TYPES = frozenset({"void", "bool", "_Bool", "char", "short", "long", "unsigned", "signed", "float", "double",
                         "u8", "u16", "u32", "u64", "s8", "s16", "s64", "size_t", "ssize_t", "irqreturn_t",
                         "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int64_t",
                         "unsigned long", "long long"}) | INT_TYPES
_ATTRIBUTE = re.compile(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)")


def _declared_type(ctx, path: str, function) -> tuple[list[str], bool] | None:
    """The words of the return type as written before the name (macros like STATIC and section
    annotations dropped), and whether it is a pointer; None when the text is not at hand."""
    if path != ctx.source.path:
        words = [w for w in re.findall(r"[A-Za-z_]\w*", function.return_type) if w not in _NOT_TYPE]
        return words, "*" in function.return_type
    name_at = ctx.source.offset(function.name_span.line, function.name_span.column)
    header = ctx.source.text(function.start_byte, name_at)
    header = _ATTRIBUTE.sub(" ", header)
    words = [w for w in re.findall(r"[A-Za-z_]\w*", header)
             if w not in _NOT_TYPE and not w.startswith("__") and not (w.isupper() and len(w) > 1)]
    return words, "*" in header


def _wrong_type(words: list[str], pointer: bool, kind: str) -> bool:
    """Is the declared return type surely not `int` (init) / `void` (exit)?"""
    if not words or any(w not in KNOWN_TYPES for w in words):
        return False  # a typedef or macro of unknown meaning: do not guess
    if kind == "init":
        return pointer or not (set(words) & INT_TYPES) or bool(set(words) - INT_TYPES - {"signed"})
    return pointer or words != ["void"]


@RULE.folder_tokens_from
def registered_functions(facts):
    """`module_init(f);` parses as a call: a sibling defining `f` is parsed too."""
    for call in facts.calls_to(*_REGISTRARS):
        if call.args:
            yield call.args[0].split("(")[0].strip()


def _lookup(ctx, name: str):
    own = ctx.facts.function(name)
    if own is not None:
        return ctx.source.path, own
    return ctx.folder.function(name, ctx.source.path)


@RULE.check
def check(ctx):
    for reg in registrations(ctx):
        found = _lookup(ctx, reg.name)
        if found is None:
            continue
        path, function = found
        here = path == ctx.source.path
        where = function.name_span if here else ctx.source.span(reg.start, reg.end)
        related = [ctx.related(ctx.source.span(reg.start, reg.end), f"registered here with {reg.macro}()")] if here \
            else [ctx.related(function.name_span, f"'{reg.name}' is defined here", path)]
        storage = "static " if function.static else ""
        words, pointer = _declared_type(ctx, path, function)
        returns = " ".join(words) + (" *" if pointer else "")
        wrong = _wrong_type(words, pointer, reg.kind)
        params = [p for p in function.params if p.name or p.type != "void"]
        if reg.kind == "init":
            expected = "int"
            if wrong:
                yield ctx.finding(
                    where,
                    f"'{reg.name}' is registered with {reg.macro}() but returns '{returns or '?'}': the kernel "
                    f"calls it as int (*)(void) and reads its result (0 = loaded, -errno = insmod fails); "
                    f"declare it '{storage}int __init {reg.name}(void)' and return 0 or a negative errno",
                    related=related, function=reg.name,
                )
                continue
        else:
            expected = "void"
            if wrong:
                yield ctx.finding(
                    where,
                    f"'{reg.name}' is registered with {reg.macro}() but returns '{returns or '?'}': the kernel "
                    f"calls it as void (*)(void) and nothing reads a result; unloading cannot fail, so "
                    f"declare it '{storage}void __exit {reg.name}(void)' and undo everything init did",
                    related=related, function=reg.name,
                )
                continue
        if params:
            yield ctx.finding(
                where,
                f"'{reg.name}' is registered with {reg.macro}() but takes parameters "
                f"({', '.join(p.type + (' ' + p.name if p.name else '') for p in params)}): the kernel calls it "
                f"with none, so they hold garbage; declare it '{expected} {reg.name}(void)'",
                related=related, function=reg.name,
            )
            continue
        if reg.macro not in ("module_init", "module_exit"):
            continue  # initcalls of core code: the __init note is about module entry points
        sections = _sections(ctx, path, function)
        wanted, accepted = ("__init", INIT_SECTIONS) if reg.kind == "init" else ("__exit", EXIT_SECTIONS)
        if "?" in sections or sections & accepted or _used_elsewhere(ctx, reg.name):
            continue
        when = "freed once the module is loaded (or after boot)" if reg.kind == "init" \
            else "left out of built-in kernels, where it can never run"
        yield ctx.finding(
            where,
            f"'{reg.name}' is the {reg.macro}() function but is not marked {wanted}: mark it "
            f"'{storage}{expected} {wanted} {reg.name}(void)' so its code is {when}",
            severity="note", related=related, function=reg.name,
        )
