"""The function named in module_init() must be `int f(void)`, in module_exit() `void f(void)`."""
from __future__ import annotations

import re

from kmodlint.rule import Rule

from ._module_entry import EXIT_MACROS, INIT_MACROS, EntryKind, code_of, in_directive, mentions, registrations, registrations_of

RULE = Rule(
    id="module-init-signature",
    title="module_init()/module_exit() function with the wrong signature or without __init/__exit",
    severity="error",
    tags=("correctness", "api-misuse", "module"),
    precision="high",
    triggers=(b"module_init", b"module_exit", b"initcall"),
    needs=("functions", "calls", "macros"),
    folder_needs=("functions",),
    options={"section-note": False},
    diff_options={"section-note": True},
    help="""
Finds the function named in `module_init()` (or an initcall macro such as
`late_initcall()`) when it does not return `int` or takes parameters (for
example `void __init m_start()`), and the function named in `module_exit()`
when it does not return `void`. An init function defined without `__init`, or
an exit function without `__exit`, is a note, off by default: it saves a few
bytes and changes no behaviour, maintainers of old drivers turn down tree-wide
annotation patches, and reviewers of new code do ask for it. So the note is on
in a `--diff` run (code being written), and by config for a whole tree:

```toml
[tool.kmodlint.rule-options.module-init-signature]
section-note = true
```

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


def _wrong_type(words: list[str], pointer: bool, kind: EntryKind) -> bool:
    """Is the declared return type surely not `int` (init) / `void` (exit)?"""
    if not words or any(w not in KNOWN_TYPES for w in words):
        return False  # a typedef or macro of unknown meaning: do not guess
    if kind is EntryKind.INIT:
        return pointer or not (set(words) & INT_TYPES) or bool(set(words) - INT_TYPES - {"signed"})
    return pointer or words != ["void"]


@RULE.folder_tokens_from
def registered_functions(facts):
    """The functions the file registers (`module_init(f);`, `module_init(f)`): a sibling defining one is parsed too."""
    for call in facts.calls_to(*_REGISTRARS):
        if call.args:
            yield call.args[0].split("(")[0].strip()
    for reg in registrations_of(facts, None):  # the masked invocations too
        yield reg.name


def _canonical_header(kind: EntryKind, sections: frozenset[str]) -> re.Pattern:
    """`[static] int __init ` (or `static __init int`; `void` and an exit section for an exit
    function) from the start of a line up to the name, which may be on the next line."""
    section = b"(?:" + b"|".join(sorted(s.encode() for s in sections)) + rb")\b"
    returns = b"int" if kind is EntryKind.INIT else b"void"
    return re.compile(rb"[ \t]*(?:static[ \t]+)?(?:" + returns + rb"[ \t]+" + section + rb"|" + section
                      + rb"[ \t]+" + returns + rb")[ \t\n]+")


_CANONICAL_HEADER = {EntryKind.INIT: _canonical_header(EntryKind.INIT, INIT_SECTIONS),
                     EntryKind.EXIT: _canonical_header(EntryKind.EXIT, EXIT_SECTIONS)}
_VOID_PARAMS_AND_BODY = re.compile(rb"[ \t]*\([ \t]*void[ \t]*\)[ \t\n]*\{")
_SPACE = b" \t\n\r\f\v"
_IDENTIFIER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_IDENTIFIER_BYTES_1 = frozenset(bytes([b]) for b in _IDENTIFIER_BYTES)  # one-byte slices, b"" is not one


def _starts_a_declaration(code: bytes, offset: int) -> bool:
    """Is `offset` where the parser starts a new top-level declaration: at the start of the file,
    after a `;` or `}`, or after a preprocessor line? (Otherwise the text before, a macro left
    without its `;`, may be read as part of the definition's header, whose words the check reads.)"""
    last = offset - 1
    while last >= 0 and code[last] in _SPACE:
        last -= 1
    return last < 0 or code[last] in b";}" or in_directive(code, last)


def _canonical_at(data: bytes, code: bytes, at: int, end: int, kind: EntryKind) -> bool:
    """Is the name at data[at:end] the name of a canonical definition: `[static] int __init NAME(void) {`
    (the header on the name's line or alone on the line before), no comment or literal in that text,
    not in a #define, starting a declaration?"""
    line = code.rfind(b"\n", 0, at) + 1
    if not code[line:at].strip():  # the name starts its line: the header is on the line before
        if line == 0:
            return False
        line = code.rfind(b"\n", 0, line - 1) + 1
    header = _CANONICAL_HEADER[kind].match(code, line, at)
    body = _VOID_PARAMS_AND_BODY.match(code, end)
    return (header is not None and header.end() == at and body is not None
            and data[line:body.end()] == code[line:body.end()]
            and not in_directive(code, line) and _starts_a_declaration(code, line))


def _defined_canonically(data: bytes, code: bytes, name: str, kind: EntryKind, registered: int) -> bool:
    """Does the file define `name` once, in the canonical way, with nothing else to confuse the parser
    or the check: the name appears nowhere but there and in its `registered` registrations (no
    prototype, no second #ifdef'd definition, no mention in a comment), and that definition is canonical."""
    word = name.encode()
    places = []
    at = data.find(word)
    while at >= 0:  # the name as a whole word (a substring search: a regex starting with a look-behind is slow)
        end = at + len(word)
        if (at == 0 or data[at - 1] not in _IDENTIFIER_BYTES) and data[end:end + 1] not in _IDENTIFIER_BYTES_1:
            places.append((at, end))
        at = data.find(word, end)
    return len(places) == registered + 1 and any(_canonical_at(data, code, at, end, kind) for at, end in places)


@RULE.admission
def may_be_wrong(data: bytes) -> bool:
    """False only when every registration of the file names a function the check provably accepts:
    defined in this file (which the check looks up before the folder's other files) as
    `[static] int __init f(void)` for an init macro, `[static] void __exit f(void)` for an exit
    one: return type words exactly int / void, no parameter, a section annotation (so no note).
    A mention of the macros whose argument is not read as a name may be a registration: admitted."""
    code = code_of(data)
    kinds: dict[str, set[EntryKind]] = {}
    counts: dict[str, int] = {}
    for mention in mentions(code):
        if not mention.name:
            return True
        kinds.setdefault(mention.name, set()).add(mention.kind)
        counts[mention.name] = counts.get(mention.name, 0) + 1
    return not all(len(kind) == 1 and _defined_canonically(data, code, name, next(iter(kind)), counts[name])
                   for name, kind in kinds.items())


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
        # A function also called at runtime must not go to an init/exit section.
        section = "" if _used_elsewhere(ctx, reg.name) else ("__init " if reg.kind is EntryKind.INIT else "__exit ")
        if reg.kind is EntryKind.INIT:
            expected = "int"
            if wrong:
                yield ctx.finding(
                    where,
                    f"'{reg.name}' is registered with {reg.macro}() but returns '{returns or '?'}'; "
                    f"declare it '{storage}int {section}{reg.name}(void)'",
                    related=related, function=reg.name,
                )
                continue
        else:
            expected = "void"
            if wrong:
                yield ctx.finding(
                    where,
                    f"'{reg.name}' is registered with {reg.macro}() but returns '{returns or '?'}'; "
                    f"declare it '{storage}void {section}{reg.name}(void)'",
                    related=related, function=reg.name,
                )
                continue
        if params:
            yield ctx.finding(
                where,
                f"'{reg.name}' is registered with {reg.macro}() but takes parameters "
                f"({', '.join(p.type + (' ' + p.name if p.name else '') for p in params)}), which the kernel "
                f"never passes",
                related=related, function=reg.name,
            )
            continue
        if reg.macro not in ("module_init", "module_exit") or not ctx.settings["section-note"]:
            continue  # initcalls of core code: the __init note is about module entry points
        sections = _sections(ctx, path, function)
        wanted, accepted = ("__init", INIT_SECTIONS) if reg.kind is EntryKind.INIT else ("__exit", EXIT_SECTIONS)
        if "?" in sections or sections & accepted or _used_elsewhere(ctx, reg.name):
            continue
        yield ctx.finding(
            where,
            f"{reg.macro}() function '{reg.name}' is not marked {wanted}; "
            f"declare it '{storage}{expected} {wanted} {reg.name}(void)'",
            severity="note", related=related, function=reg.name,
        )
