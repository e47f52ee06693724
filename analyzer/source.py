"""Reading a C file: bytes in, masked bytes for the parser, exact positions out.

tree-sitter-c knows ISO C and GNU extensions but none of the kernel's macros.
`char __user *buf`, `container_of(p, struct foo, member)` or
`list_for_each_entry(pos, head, member) {` put an ERROR node around the code,
and an ERROR node can hide the very call a rule looks for. Since nothing here
expands macros, `mask()` rewrites those shapes into plain C of exactly the same
length before parsing: every byte offset (and so every line and column) still
points at the original text, and rules read names and arguments from the
original bytes (`SourceFile.text`), not from the masked ones.

Every rewrite keeps the length and every newline, and none removes a function
call: annotations and misplaced directives are blanked, a type written as a
macro argument becomes one identifier over the same bytes, iterator macros are
renamed to a padded `while`, and a few punctuation characters are put where
whitespace was. A node of the masked tree therefore spans original text that a
rule can read as it was written (`container_of(p, struct foo, m)` keeps the
argument "struct foo"). `benchmarks/parse_quality.py` measures what is left over
a kernel tree and ranks the causes.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from .model import Span
from .preproc import Conditionals, Environment, judge_conditionals


def _alternation(words) -> bytes:
    """A regex alternation of literal words, longest first so a prefix never wins early."""
    return b"|".join(re.escape(w.encode()) for w in sorted(set(words), key=len, reverse=True))


# ---------------------------------------------------------------- annotations

# Annotations that are a bare word. They carry no meaning a rule needs.
_WORD_ANNOTATIONS = (
    # sparse address spaces and checker hints
    "__user __iomem __rcu __percpu __kernel __force __bitwise __nocast __safe __private "
    "__must_check __maybe_unused __always_unused __used __always_inline __noinline "
    "__attribute_const__ __pure __cold __hot __weak __visible __noreturn __packed __malloc "
    "__deprecated __latent_entropy __randomize_layout __no_randomize_layout __designated_init "
    "__nonstring __flatten __noclone __kprobes __sched __init_or_module __naked __nocfi "
    "__no_kcsan __no_sanitize_address __no_sanitize_thread __no_sanitize_memory __no_stack_protector "
    "__noscs __no_profile __fix_address __always_used __cpuidle __irq_entry __softirq_entry "
    "__exception_irq_entry __lockfunc __bpf_kfunc __sramfunc __mustcheck __rcu_ptr "
    "__iomem_ptr __force_data __ctx_lock_ptr __nostackprotector __unused __aligned_largest "
    "__trace_iter __visible_in_tests __no_context_analysis __always_unused_var "
    "__kernel_ulong_t_dummy __ksym __weak_alias __cleanup_fn __compiletime_error_dummy "
    # section placement
    "__init __exit __initdata __initconst __exitdata __ref __refdata __refconst __head "
    "__devinit __devexit __devinitdata __devinitconst __devexitdata __cpuinit __cpuinitdata "
    "__meminit __meminitdata __meminitconst __net_init __net_exit __net_initdata __read_mostly "
    "__ro_after_init __page_aligned_bss __page_aligned_data __initrodata __init_memblock "
    "__initdata_memblock __nosavedata __lockdep_init __section_init __tagtable __sdata "
    "____cacheline_aligned ____cacheline_aligned_in_smp __cacheline_aligned "
    "__cacheline_aligned_in_smp ____cacheline_internodealigned_in_smp __cacheline_group_begin_dummy"
).split()
# The same without the leading underscores: a few kernel annotations are plain words.
_PLAIN_WORD_ANNOTATIONS = "noinline noinline_for_stack notrace noinstr asmlinkage".split()

# Annotations that take an argument list: `__aligned(8)`, `__free(kfree)`, ...
_CALL_ANNOTATIONS = (
    "__aligned __counted_by __counted_by_le __counted_by_be __free __printf __scanf __section "
    "__acquires __releases __must_hold __guarded_by __pt_guarded_by __alloc_size __assume_aligned "
    "__cleanup __alias __nonnull __diagnose_as __malloc_dealloc __no_sanitize_or_inline "
    "__counted_by_ptr __sized_by __ended_by __realloc_size __access __retain __symver "
    "__cond_acquires __cond_releases __acquire_ret __releases_shared __acquires_shared "
    "__must_hold_shared __kcfi_typeid __bpf_fastcall __nocast_attr"
).split()

# One level of nested parentheses inside the annotation covers `__aligned(sizeof(u64))`.
_BALANCED_1 = rb"\((?:[^()]|\([^()]*\))*\)"
# Every annotation starts with `__` (a fast literal prefix for the regex engine); the
# left word boundary is checked in the callback, the right one by `\b` or the `(`.
_DUNDER = re.compile(
    rb"__(?:((?:stringify|MODULE_STRING)\s*\((?:[^()\"\n]|\([^()\"\n]*\))*\))"
    rb"|attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)"
    rb"|(?:" + _alternation(w[2:] for w in _CALL_ANNOTATIONS) + rb")\s*" + _BALANCED_1
    + rb"|(?:" + _alternation(w[2:] for w in _WORD_ANNOTATIONS) + rb")\b)"
)
_PLAIN_NO = re.compile(rb"no(?:" + _alternation(w[2:] for w in _PLAIN_WORD_ANNOTATIONS if w.startswith("no")) + rb")\b")
_ASMLINKAGE = re.compile(rb"asmlinkage\b")


# ---------------------------------------------------------------- preprocessor

# A directive inside an initializer, an argument list or an expression is beyond
# tree-sitter-c (it knows them between statements, fields and enumerators only).
_DIRECTIVE_NAMES = rb"(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif|define|undef|include|pragma|error|warning)\b"
_DIRECTIVE = re.compile(rb"#[ \t]*" + _DIRECTIVE_NAMES)
_CONDITIONAL_DIRECTIVE = re.compile(rb"#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b")
_CONDITIONAL_OPEN = frozenset((b"if", b"ifdef", b"ifndef"))
_CONDITIONALS = _CONDITIONAL_OPEN | frozenset((b"elif", b"elifdef", b"elifndef", b"else", b"endif"))
# `#define name(a, args...)`: a named variadic parameter (GNU) is not in the grammar.
_ELLIPSIS = re.compile(rb"\.\.\.")
_DEFINE_PARAMS = re.compile(rb"[ \t]*#[ \t]*define[ \t]+\w+\([^()\n]*$")
# The previous significant character says whether a directive sits inside an expression.
_EXPRESSION_BEFORE = frozenset(b",=(|&+-*/%?<>!^~[:)\"")
_INITIALIZER_BEFORE_BRACE = frozenset(b"=,{(")
# ... or the next one: `#endif` followed by `|| b` or `else` is inside a statement.
_CONTINUATION_AFTER = frozenset(b",)]|&?\"")

# ---------------------------------------------------------------- statements and expressions

# `case 1 ... 3:` (GNU case range): the grammar has no range, a binary `|` parses.
_CASE_BEFORE = re.compile(rb"(?:^|[^\w])case\b[^:;{}]*$")

# Iterator macros used as loop heads: `list_for_each_entry(pos, head, member) { ... }`.
# tree-sitter sees a call missing its ';'. Renamed to `while` (padded to the same
# length) they parse as a loop over a comma expression, which keeps the body's
# statements and their nesting intact. A name with `for_each` that is followed by
# `;` (or used in an expression) is a real function (`bus_for_each_dev(...);`)
# and stays a call.
# Names are found by a part they share (one literal-prefixed scan): `list_for_each_entry`,
# `for_each_set_bit`, `skb_queue_walk_safe`, `scoped_guard`, `drm_exec_until_all_locked`,
# `LIST_FOREACH`, `iio_device_claim_direct_scoped`; and `with_intel_runtime_pm(...) {`.
_LOOP_HINTS = (re.compile(rb"_(?:each|foreach|walk|guard|scoped|until|EACH|FOREACH)"), re.compile(rb"with_"))
# Up to three levels of nested parentheses inside a macro's argument list.
_BALANCED_3 = re.compile(rb"\((?:[^()]|\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*\)")
_WORD_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_SPACE = frozenset(b" \t\r\n\f\v")
# What can follow a loop head: its body (a block, or a statement).
_BODY_START = frozenset(b"{(*+-!&~;") | _WORD_CHARS
# Words after which a statement starts.
_STATEMENT_WORDS = frozenset((b"else", b"do"))
_STATEMENT_BEFORE = frozenset(b";{}):")

# A type written as a macro argument: `container_of(p, struct foo, member)`,
# `min_t(unsigned int, a, b)`, `DEFINE_PER_CPU(struct x *, y)`. As an expression
# it is an ERROR; with the blanks and stars between its words turned to `_` it is
# one plain identifier (`container_of(p, struct_foo, member)`) whose node spans the
# original `struct foo`, so the call's argument text stays the type.
_TYPE_ARG = re.compile(
    rb"[(,][ \t\n]*("
    rb"(?:(?:const|volatile)\b[ \t\n]*)*"
    rb"(?:(?:struct|union|enum)[ \t\n]+[A-Za-z_]\w*"
    rb"|(?:(?:signed|unsigned|short|long|int|char|float|double|_Bool|bool|void)\b[ \t\n]*)+"
    rb"|[A-Za-z_]\w*(?=[ \t\n]*\*))"
    rb"[ \t\n]*(?:(?:const|volatile)\b[ \t\n]*)*(?:\*[ \t\n]*(?:(?:const|volatile)\b[ \t\n]*)*)*"
    rb")(?=[,)])"
)
# Where such an argument can end (each a literal-prefixed search, fast in C): after a
# `*`, a struct/union/enum name or a multi-word primitive, before `,` or `)`.
_TYPE_ARG_ENDS = tuple(re.compile(pattern) for pattern in (
    rb"\*[ \t\n]*(?:(?:const|volatile)[ \t\n]*)?[,)]",
    rb"struct[ \t\n]+\w+[ \t\n]*[,)]",
    rb"enum[ \t\n]+\w+[ \t\n]*[,)]",
    rb"union[ \t\n]+\w+[ \t\n]*[,)]",
    rb"signed[ \t\n]+(?:int|long|char|short)[ \t\n]*[,)]",  # and `unsigned ...`
))
_TYPE_WORD = re.compile(rb"[A-Za-z_]\w*")
_NOT_WORD = re.compile(rb"\W")
_TYPE_KEYWORDS = frozenset((b"const", b"volatile", b"struct", b"union", b"enum"))
# Callees that take a type and are in the grammar already, and keywords before a `(`.
_TYPE_TAKERS = frozenset((b"sizeof", b"typeof", b"__typeof__", b"__typeof", b"_Alignof", b"alignof",
                          b"__alignof__", b"offsetof", b"__builtin_offsetof", b"_Generic", b"__attribute__",
                          b"__attribute", b"asm", b"__asm__", b"__asm", b"if", b"while", b"for", b"switch",
                          b"return", b"case", b"_Static_assert", b"static_assert", b"__builtin_va_arg"))
# Words that may stand before a macro invocation (anything else before `name(` is a declaration).
_CALL_AFTER_WORDS = frozenset((b"return", b"else", b"do", b"case"))

# `static DEVICE_ATTR(name, 0444, show, NULL);`: a declaration macro with several
# arguments after `static`. tree-sitter reads `static` + a parenthesized declarator
# and stops at the comma; without `static` the line is a plain call.
_STATIC_MACRO = re.compile(rb"static[ \t]+(?:const[ \t]+)?(?=[A-Z][A-Z0-9_]*[ \t]*\()")

# `{ SET_SYSTEM_SLEEP_PM_OPS(a, b) SET_RUNTIME_PM_OPS(c, d, e) }`: the macros
# expand to comma-terminated initializers. A comma in the whitespace between two
# such invocations (or before a designator) makes the list parse.
_PM_OPS = re.compile(rb"_PM_OPS[ \t]*\(")

# `module_init(foo_init)` or `ACPI_MODULE_NAME("x")` alone on a line at file scope
# without its `;` (the macro supplies it, or needs none): tree-sitter reads it as the
# type of the next declaration and breaks that one too. Its first character becomes
# `#`: a preprocessor line of its own, as it is to the compiler. No function can be
# called at file scope, so no call is lost; the invocation is a `preproc_call` node
# whose original text (`module_init(foo_init)`) is still at the same offsets.
_TOP_LEVEL_INVOCATION = re.compile(rb"\n([A-Za-z][A-Za-z0-9]\w*)(\([^\n;]*\))[ \t]*(?=\n|/[/*])")

# String macros glued to another name before a literal: `KERN_ERR DRV_NAME ": x"`.
# The grammar's concatenation needs a literal in second place; the KERN_ level is blanked.
_KERN_LEVEL = re.compile(
    rb"KERN_(?:EMERG|ALERT|CRIT|ERR|WARNING|NOTICE|INFO|DEBUG|DEFAULT|CONT)(?=[ \t]+[A-Za-z_])"
)


# `typeof(p->field) x;`, `(typeof(*p))v`: tree-sitter-c reads `typeof(name)` as a
# type but not `typeof(expression)`. The whole `typeof(...)` becomes one identifier
# of the same length (`typeof__________`): a type name wherever a type stands, and
# still an operand where an expression does. Only an expression without a call
# inside (no parentheses) is rewritten, so no call is lost.
_TYPEOF = re.compile(rb"typeof(?:__)?[ \t]*\(([^()\n;{}]*)\)")

# `offsetof(struct s, a.b)`, `offsetof(struct s, a[i])`: the grammar's offsetof takes
# one member name only. Renamed (`_ffsetof`) it is a call, and its type argument is
# rewritten like any other (`_ffsetof(struct_s, a.b)`). Callee names are read from
# the original text, so the call is still reported as `offsetof`.
_OFFSETOF = re.compile(rb"offsetof[ \t]*\(")

# Declaration macros used as struct members: `DECLARE_BITMAP(flags, NBITS);` is a
# fine call in a function but an ERROR among fields. Keeping only the declared name
# (`DECLARE_BITMAP(flags       );`) parses in both places.
_DECLARE_FIELD = re.compile(rb"DECLARE_(BITMAP|HASHTABLE|KFIFO_PTR|KFIFO|FLEX_ARRAY)[ \t]*\(")

# A comment inside a #define body (or followed by blanks before its newline) ends
# the grammar's macro body early. On a directive line it is blanked.
_COMMENT_ON_LINE = re.compile(rb"/\*[^\n]*?\*/(?=[^\n])")


def _blank_bytes(text: bytes) -> bytes:
    # Keep newlines so multi-line constructs do not shift line numbers.
    if b"\n" not in text:
        return b" " * len(text)
    return re.sub(rb"[^\n]", b" ", text)


def _prev_significant(buf: bytearray, pos: int, floor: int = -1, floor_value: int = -1) -> int:
    """Index of the last character before `pos` that is code: not blank, not in a
    comment, not on a preprocessor line. -1 when there is none. Reaching `floor`
    (the end of a directive whose answer is known) answers `floor_value`."""
    i = pos - 1
    while i >= 0:
        if i <= floor:
            return floor_value
        c = buf[i]
        if c in _SPACE:
            i -= 1
            continue
        if c == 0x2F and i > 0 and buf[i - 1] == 0x2A:  # end of a /* comment */
            start = buf.rfind(b"/*", 0, i - 1)
            if start < 0:
                return -1
            i = start - 1
            continue
        line_start = buf.rfind(b"\n", 0, i) + 1
        first = line_start
        while first < i and buf[first] in (0x20, 0x09):
            first += 1
        if buf[first] == 0x23 or (line_start >= 2 and buf[line_start - 2] == 0x5C):
            i = line_start - 1  # a directive, or a continuation line of one
            continue
        slashes = buf.find(b"//", line_start, i + 1)
        if slashes >= 0:
            i = slashes - 1
            continue
        return i
    return -1


def _word_before(buf: bytearray, end: int) -> bytes:
    start = end
    while start > 0 and buf[start - 1] in _WORD_CHARS:
        start -= 1
    return bytes(buf[start:end])


def _in_expression(buf: bytearray, p: int) -> bool:
    """Is a directive whose previous significant character is at `p` inside an
    expression, an initializer or an argument list (rather than between
    statements or declarations)?"""
    if p < 0:
        return False
    c = buf[p]
    if c in _EXPRESSION_BEFORE:
        return True
    if c == 0x7B:  # '{': an initializer's brace, or a block's?
        q = _prev_significant(buf, p)
        return q >= 0 and buf[q] in _INITIALIZER_BEFORE_BRACE
    if c in _WORD_CHARS:
        return _word_before(buf, p + 1) in (b"else", b"return")
    return False


def _next_significant(buf: bytearray, pos: int) -> int:
    """Index of the first character from `pos` on that is code (not blank, not a
    comment, not on a directive line); -1 at the end of the file or past 32 directives."""
    size = len(buf)
    i = pos
    directives = 0
    while i < size:
        c = buf[i]
        if c in _SPACE:
            i += 1
        elif c == 0x2F and i + 1 < size and buf[i + 1] == 0x2A:  # /* comment */
            close = buf.find(b"*/", i + 2)
            if close < 0:
                return -1
            i = close + 2
        elif c == 0x2F and i + 1 < size and buf[i + 1] == 0x2F:  # // comment
            i = buf.find(b"\n", i)
            if i < 0:
                return -1
        elif c == 0x23:  # a directive line
            directives += 1
            if directives > 32:
                return -1
            i = buf.find(b"\n", i)
            while i > 0 and buf[i - 1] == 0x5C:
                i = buf.find(b"\n", i + 1)
            if i < 0:
                return -1
        else:
            return i
    return -1


def _continues_expression(buf: bytearray, end: int) -> bool:
    """Does the code after a directive line ending at `end` continue an expression
    or a statement (`|| b`, `, c`, `) {`, `else ...`) rather than start a new one?"""
    i = _next_significant(buf, end)
    if i < 0:
        return False
    if buf[i] in _CONTINUATION_AFTER:
        return True
    return buf.startswith(b"else", i) and (i + 4 >= len(buf) or buf[i + 4] not in _WORD_CHARS)


def _bare_invocation(buf: bytearray, start: int, args: re.Match | None) -> bool:
    """Is the invocation whose line starts at `start` (arguments `args`, nothing
    after them on the line) a file-scope statement without its `;`?"""
    if args is None or buf.find(b"\n", args.end()) != _line_end_after_blanks(buf, args.end()):
        return False
    if start >= 2 and buf[start - 2] == 0x5C:
        return False  # a continuation line of a #define
    before = _prev_significant(buf, start)
    if before >= 0 and buf[before] not in b";})":
        return False  # inside an initializer or an expression
    after = _next_significant(buf, args.end())
    # `{` (a function body), `;`, `,`, `=`, ...: not a bare invocation
    return after < 0 or (buf[after] in _WORD_CHARS and not buf.startswith(b"else", after))


def _line_end_after_blanks(buf: bytearray, pos: int) -> int:
    """The newline ending the line at `pos` when only blanks or a comment follow `pos` on it."""
    while pos < len(buf) and buf[pos] in (0x20, 0x09):
        pos += 1
    if buf.startswith(b"//", pos) or buf.startswith(b"/*", pos):
        return buf.find(b"\n", pos)
    return pos if pos < len(buf) and buf[pos] == 0x0A else -2


def _mask_top_level_invocations(buf: bytearray) -> None:
    for m in _TOP_LEVEL_INVOCATION.finditer(buf):
        start = m.start() + 1
        if _bare_invocation(buf, start, _BALANCED_3.match(buf, m.start(2))):
            buf[start] = 0x23  # `#odule_init(foo)`: a preprocessor line, as the macro is to the parser


def _directive_end(buf: bytearray, start: int) -> int:
    """End of the directive line at `start`, with its continuation lines; -1 when a
    comment opened on it runs past its end (blanking would expose the comment)."""
    end = start
    while True:
        nl = buf.find(b"\n", end)
        if nl < 0:
            nl = len(buf)
        line = buf[end:nl]
        opened = line.rfind(b"/*")
        if opened >= 0 and line.find(b"*/", opened) < 0:
            return -1
        if nl < len(buf) and nl > 0 and buf[nl - 1] == 0x5C:  # backslash continuation
            end = nl + 1
            continue
        return nl


def _mask_directives(buf: bytearray) -> None:
    """Blank the directives that sit inside expressions; a conditional group
    (#if ... #elif/#else ... #endif) is blanked as a whole or not at all."""
    first_brace = buf.find(b"{")
    if first_brace < 0:
        first_brace = len(buf)  # no block, no initializer: nothing can be inside one
    size = len(buf)
    stack: list[list] = []  # open conditional groups: [[(line_start, kind)...], any inside an expression]
    blank: list[int] = []
    last_end = last_prev = -1  # a run of directives shares its previous significant character
    # Before the first brace only conditionals matter (plain directives there are at file scope).
    for m in itertools.chain(_CONDITIONAL_DIRECTIVE.finditer(buf, 0, first_brace),
                             _DIRECTIVE.finditer(buf, first_brace)):
        line_start = m.start()
        while line_start and buf[line_start - 1] in (0x20, 0x09):
            line_start -= 1
        if line_start and buf[line_start - 1] != 0x0A:
            continue  # not first on its line: in a string, a comment or a macro body
        kind = m.group(1)
        conditional = kind in _CONDITIONALS
        end = buf.find(b"\n", line_start)
        while end > 0 and buf[end - 1] == 0x5C:  # backslash continuation
            end = buf.find(b"\n", end + 1)
        if end < 0:
            end = size
        last_prev = _prev_significant(buf, line_start, last_end, last_prev)
        last_end = end
        inside = last_prev >= 0 and _in_expression(buf, last_prev)
        if conditional and not inside:
            inside = _continues_expression(buf, end)
        if not conditional:
            if inside:
                blank.append(line_start)
        elif kind in _CONDITIONAL_OPEN:
            stack.append([[line_start], inside])
        elif stack:
            group = stack[-1]
            group[0].append(line_start)
            group[1] = group[1] or inside
            if kind == b"endif":
                stack.pop()
                if group[1]:
                    blank.extend(group[0])
    for line_start in blank:
        end = _directive_end(buf, line_start)
        if end > 0:
            buf[line_start:end] = _blank_bytes(bytes(buf[line_start:end]))


def _mask_loops(buf: bytearray, hint: re.Pattern) -> None:
    for m in hint.finditer(buf):
        # Widen the hint to the whole identifier and find its argument list.
        start = m.start()
        while start > 0 and buf[start - 1] in _WORD_CHARS:
            start -= 1
        name_end = m.start()
        while name_end < len(buf) and buf[name_end] in _WORD_CHARS:
            name_end += 1
        if name_end - start < 5:
            continue  # room for `while`
        paren = name_end
        while paren < len(buf) and buf[paren] in (0x20, 0x09):
            paren += 1
        if paren >= len(buf) or buf[paren] != 0x28:
            continue
        args = _BALANCED_3.match(buf, paren)
        if args is None:
            continue
        # Followed by a body (not `;`, not an operator): a loop head, not a call.
        after = args.end()
        while after < len(buf) and buf[after] in _SPACE:
            after += 1
        if after >= len(buf) or buf[after] not in _BODY_START or buf[after] == 0x3B:
            continue
        if buf[after] in _WORD_CHARS and _TYPE_WORD.match(buf, after).group(0) == b"while":
            continue  # `do { } while_each_x(...)`-like tails stay as they are
        # Preceded by the end of a statement (or `else`/`do`): not an operand, not a declaration.
        before = _prev_significant(buf, start)
        if before >= 0:
            c = buf[before]
            if c in _WORD_CHARS:
                if _word_before(buf, before + 1) not in _STATEMENT_WORDS:
                    continue
            elif c not in _STATEMENT_BEFORE:
                continue
        line_start = buf.rfind(b"\n", 0, start) + 1
        if buf[line_start:start].lstrip(b" \t").startswith(b"#"):
            continue  # `#define for_each_x(...)` defines the iterator
        buf[start:name_end] = b"while" + b" " * (name_end - start - 5)


def _callee_of_argument(buf: bytearray, comma_or_paren: int) -> tuple[int, bytes] | None:
    """For a `(` or `,` that starts a macro argument: the position and name of the
    callee whose argument list it belongs to, when that list is a call (not a
    declaration's parameter list or a cast)."""
    i = comma_or_paren
    if buf[i] == 0x2C:  # ',': walk back to the unmatched '('
        depth = 0
        i -= 1
        limit = max(0, i - 4000)
        while i >= limit:
            c = buf[i]
            if c == 0x29:
                depth += 1
            elif c == 0x28:
                if depth == 0:
                    break
                depth -= 1
            elif c in (0x3B, 0x7B, 0x7D) and depth == 0:
                return None  # left the statement: an initializer or a declaration list
            i -= 1
        else:
            return None
        if i < limit:
            return None
    end = i
    while end > 0 and buf[end - 1] in _SPACE:
        end -= 1
    name = _word_before(buf, end)
    if not name or name[0] in b"0123456789" or name in _TYPE_TAKERS:
        return None
    before = _prev_significant(buf, end - len(name))
    if before >= 0:
        c = buf[before]
        if c in _WORD_CHARS:
            if _word_before(buf, before + 1) not in _CALL_AFTER_WORDS:
                return None  # `int f(struct x, ...)`: a declaration
        elif c in b"*]":
            return None  # `struct s *f(...)`, `int a[2], f(...)`
    return end - len(name), name


def _mask_type_args(buf: bytearray) -> None:
    done = set()
    for ending in _TYPE_ARG_ENDS:
        for e in ending.finditer(buf):
            # The argument starts after the nearest '(' or ',' before its end.
            end = e.end() - 1
            low = max(0, end - 160)
            start = max(buf.rfind(b"(", low, e.start()), buf.rfind(b",", low, e.start()))
            if start < 0 or start in done:
                continue
            m = _TYPE_ARG.match(buf, start)
            if m is None or m.end() != end:
                continue
            done.add(start)
            if _callee_of_argument(buf, start) is None:
                continue
            text = m.group(1)
            core = text.rstrip()
            if b"\n" not in core:
                # One identifier over the whole type (`struct_ctx`, `const_char__`): the
                # argument's node then spans the type, and its text is the original one.
                buf[m.start(1):m.start(1) + len(core)] = _NOT_WORD.sub(b"_", core)
                continue
            # Across lines: keep one name, the struct/typedef name or the last primitive keyword.
            keep = None
            for w in _TYPE_WORD.finditer(text):
                if w.group(0) not in _TYPE_KEYWORDS:
                    keep = w
            out = bytearray(_blank_bytes(text))
            if keep is not None:
                out[keep.start():keep.end()] = keep.group(0)
            buf[m.start(1):m.end(1)] = out


def _mask_static_macros(buf: bytearray) -> None:
    for m in _STATIC_MACRO.finditer(buf):
        name = _TYPE_WORD.match(buf, m.end())
        paren = buf.find(b"(", name.end())
        args = _BALANCED_3.match(buf, paren)
        if args is None:
            continue
        if _TYPE_WORD.fullmatch(args.group(0)[1:-1].strip()) and buf.find(b";", args.end(), args.end() + 1) >= 0:
            continue  # `static DEFINE_MUTEX(x);` is a fine declaration already
        after = args.end()
        while after < len(buf) and buf[after] in _SPACE:
            after += 1
        if after < len(buf) and buf[after] == 0x3B:
            buf[m.start():m.end()] = b" " * (m.end() - m.start())
        elif (not m.start() or buf[m.start() - 1] == 0x0A) and _bare_invocation(buf, m.start(), args):
            buf[m.start()] = 0x23  # `static DEF_SCSI_QCMD(x)` without `;`: as below


def _mask_pm_ops(buf: bytearray) -> None:
    for m in _PM_OPS.finditer(buf):
        if not m.start() or buf[m.start() - 1] not in _WORD_CHARS:
            continue  # `_PM_OPS(` alone is no invocation of a `*_PM_OPS` macro
        args = _BALANCED_3.match(buf, m.end() - 1)
        if args is None:
            continue
        after = args.end()
        while after < len(buf) and buf[after] in _SPACE:
            after += 1
        if after >= len(buf) or not (buf[after] == 0x2E or buf[after] in _WORD_CHARS):
            continue  # followed by ',' or '}' (or nothing): fine as it is
        gap = buf.rfind(b" ", args.end(), after)
        tab = buf.rfind(b"\t", args.end(), after)
        gap = max(gap, tab)
        if gap >= 0:
            buf[gap] = 0x2C


def _typeof(match: re.Match) -> bytes | None:
    start = match.start()
    if start and match.string[start - 1] in _WORD_CHARS and not match.string.startswith(b"__", start - 2):
        return None
    inner = match.group(1).strip()
    if not inner or _TYPE_WORD.fullmatch(inner):
        return None  # `typeof(x)` is in the grammar already
    text = match.group(0)
    keyword = len(text) - len(text.lstrip(b"_abcdefghijklmnopqrstuvwxyz"))
    return text[:keyword] + b"_" * (len(text) - keyword)


def _mask_offsetof(buf: bytearray) -> None:
    for m in _OFFSETOF.finditer(buf):
        start = m.start()
        if start and buf[start - 1] in _WORD_CHARS:
            continue
        args = _BALANCED_3.match(buf, m.end() - 1)
        if args is None:
            continue
        member = args.group(0)[1:-1].rsplit(b",", 1)[-1].strip()
        if _TYPE_WORD.fullmatch(member):
            continue  # `offsetof(struct s, m)` is in the grammar
        buf[start] = 0x5F  # '_ffsetof': a plain call


def _mask_declare_fields(buf: bytearray) -> None:
    for m in _DECLARE_FIELD.finditer(buf):
        start = m.start()
        if start and buf[start - 1] in _WORD_CHARS and not buf.startswith(b"__", start - 2):
            continue
        args = _BALANCED_3.match(buf, m.end() - 1)
        if args is None:
            continue
        inner_start, inner_end = args.start() + 1, args.end() - 1
        commas = [i for i in range(inner_start, inner_end) if buf[i] == 0x2C]
        if not commas or b"(" in buf[inner_start:inner_end]:
            continue
        if m.group(1) == b"FLEX_ARRAY":  # (type, name): keep the name
            buf[inner_start:commas[-1] + 1] = _blank_bytes(bytes(buf[inner_start:commas[-1] + 1]))
        else:  # (name, size...): keep the name
            buf[commas[0]:inner_end] = _blank_bytes(bytes(buf[commas[0]:inner_end]))


def _directive_comment(match: re.Match) -> bytes | None:
    buf = match.string
    line_start = buf.rfind(b"\n", 0, match.start()) + 1
    first = line_start
    while buf[first] in (0x20, 0x09):
        first += 1
    if buf[first] == 0x23 or (line_start >= 2 and buf[line_start - 2] == 0x5C):
        return b" " * (match.end() - match.start())
    return None


def _mask_ellipses(buf: bytearray) -> None:
    """`case 1 ... 3:` becomes `case 1 |   3:`; `#define f(a, args...)` becomes `args   `."""
    for m in _ELLIPSIS.finditer(buf):
        start = m.start()
        if start and buf[start - 1] == 0x2E:
            continue
        line_start = buf.rfind(b"\n", 0, start) + 1
        before = bytes(buf[line_start:start])
        if start and buf[start - 1] in _WORD_CHARS and _DEFINE_PARAMS.match(before):
            buf[start:start + 3] = b"   "  # a named variadic parameter (GNU)
        elif _CASE_BEFORE.search(before):
            colon = buf.find(b":", m.end(), m.end() + 200)
            if colon > 0 and not any(c in b";{}\n" for c in buf[m.end():colon]):
                buf[start:start + 3] = b"|  "


def _word_annotation(match: re.Match) -> bytes | None:
    start = match.start()
    if start and match.string[start - 1] in _WORD_CHARS:
        return None  # `foo__init`: part of a longer name
    if _names_a_macro(match.string, start):
        return None
    return _blank_bytes(match.group(0))


def _names_a_macro(buf, start: int) -> bool:
    """Is the word at `start` on a directive line (`#define __user`, `#ifndef __packed`, a macro
    body)? The grammar does not parse a macro body, and blanked, a directive would lose its name
    or end in blanks, which make the grammar read the next line into it."""
    line_start = buf.rfind(b"\n", 0, start) + 1
    if line_start >= 2 and buf[line_start - 2] == 0x5C:
        return True  # a continuation line: a macro body
    first = line_start
    while buf[first] in (0x20, 0x09):
        first += 1
    return buf[first] == 0x23


def _dunder(match: re.Match) -> bytes | None:
    start = match.start()
    if start and match.string[start - 1] in _WORD_CHARS:
        return None  # `foo__init`: part of a longer name
    if _names_a_macro(match.string, start):
        return None
    if match.group(1):
        # `__stringify(X)` (or `__MODULE_STRING(X)`) makes a string; next to string literals it breaks
        # the concatenation. A string literal of the same length keeps its role.
        return b'"' + b" " * (match.end() - start - 2) + b'"'
    return _blank_bytes(match.group(0))


def _sub(buf: bytearray, pattern: re.Pattern, replace) -> None:
    """In-place `pattern.sub` for same-length replacements; `replace` may return None to skip."""
    for m in pattern.finditer(buf):
        new = replace(m)
        if new is not None:
            buf[m.start():m.end()] = new


def mask(data: bytes, env: Environment | None = None) -> bytes:
    """Rewrite kernel macro shapes to plain C; the result has exactly the length and newlines of `data`
    (and one newline more at the end when the last line is a directive without one: the grammar
    ends a directive at a newline, and nothing before it moves)."""
    return mask_judged(data, env)[0]


def mask_judged(data: bytes, env: Environment | None = None, view: int = 0) -> tuple[bytes, Conditionals]:
    """mask(), and what judging the conditionals against `env` found (see preproc.py); `view`
    picks the branch kept of each group on an unknown condition that splits a construct.

    Every pass is a regex search with a literal prefix (a fast scan in C) and
    edits the buffer in place, so the cost stays a fraction of the parse."""
    buf = bytearray(data)
    if env is not None:
        env = env.fresh(data)
    conditionals = judge_conditionals(buf, env, view) if env is not None else Conditionals()
    if env is not None and env.blank_empty_macros:
        _mask_empty_macros(buf, env)
    _sub(buf, _DUNDER, _dunder)
    _sub(buf, _PLAIN_NO, _word_annotation)
    _sub(buf, _ASMLINKAGE, _word_annotation)
    _mask_directives(buf)
    _sub(buf, _COMMENT_ON_LINE, _directive_comment)
    _mask_ellipses(buf)
    _mask_static_macros(buf)
    _sub(buf, _TYPEOF, _typeof)
    _mask_offsetof(buf)
    _mask_declare_fields(buf)
    _mask_type_args(buf)
    for hint in _LOOP_HINTS:
        _mask_loops(buf, hint)
    _mask_pm_ops(buf)
    _mask_top_level_invocations(buf)
    _sub(buf, _KERN_LEVEL, _blank_bytes_match)
    _mask_double_semicolons(buf)
    # tree-sitter stops at NUL in some grammars' lexers; a NUL in C source is noise anyway.
    masked = bytes(buf).replace(b"\x00", b" ")
    if masked and not masked.endswith(b"\n"):
        last = masked.rfind(b"\n") + 1
        if masked[last:].lstrip(b" \t").startswith(b"#"):
            masked += b"\n"
    return masked, conditionals


# `int a;;` among struct fields: an empty declaration the grammar has only between statements.
# The second `;` is blanked, never in the head of a `for (;;)` (an unclosed `(` on the line before it).
_DOUBLE_SEMICOLON = re.compile(rb";[ \t]*;")


def _mask_double_semicolons(buf: bytearray) -> None:
    for m in _DOUBLE_SEMICOLON.finditer(buf):
        line_start = buf.rfind(b"\n", 0, m.start()) + 1
        before = buf[line_start:m.start()]
        if before.count(b"(") > before.count(b")"):
            continue
        buf[m.end() - 1] = 0x20


def _mask_empty_macros(buf: bytearray, env: Environment) -> None:
    """Blank the uses of the object-like macros the package defines empty: `#define IN`,
    `#define __devinit` make those words annotations of that package. Each name is looked
    for with a substring search first (most files hold few of them), then its own
    literal-prefixed regex."""
    for name, pattern in _empty_macro_patterns(env):
        if name not in buf:
            continue
        for m in pattern.finditer(buf):
            start = m.start()
            if start and buf[start - 1] in _WORD_CHARS:
                continue
            line_start = buf.rfind(b"\n", 0, start) + 1
            first = line_start
            while buf[first] in (0x20, 0x09):
                first += 1
            if buf[first] == 0x23 or (line_start >= 2 and buf[line_start - 2] == 0x5C):
                continue  # a directive (or a macro body) names it: kept
            before = start - 1
            while before >= 0 and buf[before] in _SPACE:
                before -= 1
            after = m.end()
            while after < len(buf) and buf[after] in _SPACE:
                after += 1
            if before >= 0 and buf[before] in b"(," and after < len(buf) and buf[after] in b",)":
                continue  # a whole macro argument (`LOG(DEBUG, ...)`): a name there parses, a gap does not
            buf[start:m.end()] = b" " * (m.end() - start)


def _empty_macro_patterns(env: Environment) -> list[tuple[bytes, re.Pattern]]:
    cache = env.package.__dict__.setdefault("_empty_patterns", {})
    if "p" not in cache:
        cache["p"] = [(name.encode(), re.compile(re.escape(name.encode()) + rb"(?!\w)"))
                      for name in env.package.empty_names() if len(name) >= 2]
    return cache["p"]


def _blank_bytes_match(match: re.Match) -> bytes:
    return _blank_bytes(match.group(0))


@dataclass
class SourceFile:
    """One file's bytes and the mapping from byte offsets to lines and columns."""

    path: str  # relative to the scan root, '/'-separated
    data: bytes
    masked: bytes = b""
    kernel_path: str = ""  # relative to the kernel tree root when the file sits in one, else ""
    # The target kernel and the package's macros: conditionals are judged against them.
    env: Environment | None = None
    # Byte ranges in a conditional branch the target does not compile: nothing is reported there.
    inactive: list[tuple[int, int]] = field(default_factory=list)
    # Which branch of each group on an unknown condition that splits a construct the masked
    # bytes keep (preproc.judge_conditionals), and how many such views the file has: a file
    # with views > 1 is parsed once per view (view()), so that rules see every side.
    view: int = 0
    views: int = 1
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.masked:
            self.masked, judged = mask_judged(self.data, self.env, self.view)
            self.inactive = judged.inactive
            self.views = judged.views
        # Each line starts one byte after the previous one's end: the running sum of the
        # lines' lengths plus one, added up in C (a find() per line is a Python step per line).
        starts = list(itertools.accumulate(map((1).__add__, map(len, self.data.split(b"\n"))), initial=0))
        starts.pop()  # the sum after the last line: no line starts there
        self._line_starts = starts

    def other_view(self, view: int) -> "SourceFile":
        """The same file with the `view`-th branch of each split group kept (see `view`)."""
        return SourceFile(self.path, self.data, kernel_path=self.kernel_path, env=self.env, view=view)

    @property
    def target_kernel(self) -> tuple[int, int, int] | None:
        """The kernel version the code is judged against, None when none was set."""
        return self.env.target if self.env is not None else None

    def is_inactive(self, offset: int) -> bool:
        """Is `offset` in a branch the target kernel does not compile?"""
        return any(start <= offset < end for start, end in self.inactive)

    @property
    def code(self) -> bytes:
        """The file's bytes with comments and literals blanked (offsets and lines unchanged):
        what a textual scan of code, rather than of prose, should read. Computed once."""
        cached = self.__dict__.get("_code")
        if cached is None:
            cached = self.__dict__["_code"] = blank_comments_and_literals(self.data)
        return cached

    def offset(self, line: int, column: int) -> int:
        """The byte offset of a 1-based line and byte column."""
        return self._line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """One source line, whitespace collapsed, decoded like every other text of the file."""
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.data)
        return " ".join(self.text(self._line_starts[line - 1], end).split())

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a byte offset; columns count bytes like gcc."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def text(self, start: int, end: int) -> str:
        return decode(self.data[start:end])

    def lines(self) -> list[str]:
        """The file's lines for excerpts. Undecodable bytes become lone surrogates
        (surrogateescape), so `line.encode("utf-8", "surrogateescape")` gives back
        the exact bytes and byte columns map to characters without guessing."""
        return [line.rstrip("\r") for line in self.data.decode("utf-8", "surrogateescape").split("\n")]


_NOT_CODE = re.compile(rb'/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


_TO_SPACE = bytes(b"\n"[0] if byte == b"\n"[0] else b" "[0] for byte in range(256))  # newlines kept


def blank_comments_and_literals(data: bytes) -> bytes:
    """Comments, string and character literals turned to spaces, newlines kept."""
    return _NOT_CODE.sub(lambda m: m.group(0).translate(_TO_SPACE), data)


def decode(data: bytes) -> str:
    """Kernel sources are UTF-8 with the odd Latin-1 byte in a comment: never fail on them."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
