"""Reading a C file: bytes in, masked bytes for the parser, exact positions out.

tree-sitter-c knows ISO C and GNU attributes but none of the kernel's annotation
macros. `char __user *buf` or `static int __init foo(void)` put an ERROR node
around the declaration, and an ERROR node can hide the very call a rule looks
for. Since nothing here expands macros, the annotations are blanked to spaces of
the same length before parsing: every byte offset (and so every line and column)
still points at the original text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .model import Span

# Annotations that are a bare word. They carry no meaning a rule needs.
_WORD_ANNOTATIONS = (
    # sparse address spaces and checker hints
    "__user __iomem __rcu __percpu __kernel __force __bitwise __nocast __safe __private "
    "__must_check __maybe_unused __always_unused __used __always_inline __noinline noinline "
    "__attribute_const__ __pure __cold __hot __weak __visible __noreturn __packed __malloc "
    "__deprecated __latent_entropy __randomize_layout __no_randomize_layout __designated_init "
    "__nonstring __flatten __noclone notrace noinstr __kprobes __sched asmlinkage __init_or_module "
    # section placement
    "__init __exit __initdata __initconst __exitdata __ref __refdata __refconst __head "
    "__devinit __devexit __devinitdata __devinitconst __devexitdata __cpuinit __cpuinitdata "
    "__meminit __meminitdata __net_init __net_exit __read_mostly __ro_after_init "
    "__page_aligned_bss __page_aligned_data __initrodata __always_used "
    "____cacheline_aligned ____cacheline_aligned_in_smp __cacheline_aligned "
    "__cacheline_aligned_in_smp ____cacheline_internodealigned_in_smp"
).split()

# Annotations that take an argument list: `__aligned(8)`, `__free(kfree)`, ...
_CALL_ANNOTATIONS = (
    "__aligned __counted_by __counted_by_le __counted_by_be __free __printf __scanf __section "
    "__acquires __releases __must_hold __guarded_by __pt_guarded_by __alloc_size __assume_aligned "
    "__cleanup __alias __nonnull __diagnose_as"
).split()

_WORDS = re.compile(rb"\b(?:" + b"|".join(w.encode() for w in _WORD_ANNOTATIONS) + rb")\b")
# One level of nested parentheses covers every use seen in drivers/ (`__aligned(sizeof(u64))`).
_CALLS = re.compile(
    rb"\b(?:" + b"|".join(w.encode() for w in _CALL_ANNOTATIONS) + rb")\s*\((?:[^()]|\([^()]*\))*\)"
)
# Iterator macros used as loop heads: `list_for_each_entry(pos, head, member) { ... }`.
# tree-sitter sees a call missing its ';'. Renamed to `while` (padded to the same
# length) they parse as a loop over a comma expression, which keeps the body's
# statements and their nesting intact.
_FOR_EACH = re.compile(rb"(?<![#\w])(?:[a-z0-9_]*_for_each[a-z0-9_]*|for_each_[a-z0-9_]+)(?=\s*\()")
_DEFINE_LINE = re.compile(rb"^[ \t]*#[ \t]*define\b")


def _blank(match: re.Match) -> bytes:
    # Keep newlines so multi-line annotations do not shift line numbers.
    return re.sub(rb"[^\n]", b" ", match.group(0))


def _as_while(match: re.Match) -> bytes:
    text = match.group(0)
    # A `#define for_each_x(...)` line defines the iterator: leave it alone.
    line_start = match.string.rfind(b"\n", 0, match.start()) + 1
    if _DEFINE_LINE.match(match.string, line_start):
        return text
    return b"while" + b" " * (len(text) - 5)


def mask(data: bytes) -> bytes:
    """Blank kernel annotations; the result has exactly the length and newlines of `data`."""
    if b"__" in data:
        data = _CALLS.sub(_blank, data)
        data = _WORDS.sub(_blank, data)
    if b"for_each" in data:
        data = _FOR_EACH.sub(_as_while, data)
    # tree-sitter stops at NUL in some grammars' lexers; a NUL in C source is noise anyway.
    return data.replace(b"\x00", b" ")


@dataclass
class SourceFile:
    """One file's bytes and the mapping from byte offsets to lines and columns."""

    path: str  # relative to the scan root, '/'-separated
    data: bytes
    masked: bytes = b""
    kernel_path: str = ""  # relative to the kernel tree root when the file sits in one, else ""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.masked:
            self.masked = mask(self.data)
        starts = [0]
        find = self.data.find
        pos = find(b"\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find(b"\n", pos + 1)
        self._line_starts = starts

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
        return [line.rstrip("\r") for line in decode(self.data).split("\n")]


def decode(data: bytes) -> str:
    """Kernel sources are UTF-8 with the odd Latin-1 byte in a comment: never fail on them."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
