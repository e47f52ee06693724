"""Preprocessor conditionals judged against the kernel the code targets.

Out-of-tree drivers keep two spellings of the same construct behind
`#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 15, 0)` / `#else`: two function
headers for one body, two `if (...) {` openers for one block. Kept both, the
halves glue into a syntax tree full of ERROR nodes. Here every conditional group
is judged:

* a condition this can evaluate (LINUX_VERSION_CODE, KERNEL_VERSION(a, b, c),
  numbers, `defined(X)` of a macro the package or the file defines, object-like
  macros with a number as value) picks the branch the target compiles: the
  other branches and the group's directive lines are blanked, so the taken one
  is plain code. Blanked branches are recorded (`Conditionals.inactive`): no
  rule reports code there.
* a condition it cannot evaluate (CONFIG_*, a flag from the Makefile, a kernel
  macro) keeps the group as it is when each branch is a whole construct (the
  grammar has nodes for that). When a branch opens or closes more than it
  closes or opens (a brace or a parenthesis), or stops in the middle of a
  declaration, one branch is kept and the others are blanked for parsing, so the
  parser sees one consistent version instead of both glued together. Those
  branches are not `inactive`: the target may compile them. Which one is kept is
  the file's *view*: view 0 keeps the first branch that may be compiled, view 1
  the second, and so on (`Conditionals.views` says how many views the file's
  split groups have), so that parsing each view once sees every side.

In a kernel tree a CONFIG_ name is Kconfig's (unknown), and since nothing outside
the tree adds -D flags, any other name that no Makefile of the folder (or above)
passes, no file of the folder, no local header the file includes and no global
header of the tree defines, is not defined (KernelFolder); out of a tree such a
name stays unknown, and the -D names the package's Makefile always passes are
defined. A mainline target defines no distribution macros (RHEL_RELEASE_CODE).
Every edit is in place and keeps lengths and newlines (see source.mask()).
"""
from __future__ import annotations

import bisect
import glob
import hashlib
import os
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from . import safeio

# ---------------------------------------------------------------- versions

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")


def parse_version(text: str) -> tuple[int, int, int] | None:
    """`6.12` or `6.12.3` as a (major, minor, sublevel) tuple; None when it is neither."""
    m = _VERSION.match(text.strip())
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def version_code(version: tuple[int, int, int]) -> int:
    """KERNEL_VERSION(a, b, c) as the kernel computes it (the sublevel saturates at 255)."""
    return (version[0] << 16) + (version[1] << 8) + min(version[2], 255)


_MAKEFILE_FIELD = re.compile(rb"^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\d+)\s*$", re.M)
_MAKEFILE_EXTRA = re.compile(rb"^EXTRAVERSION\s*=[ \t]*([-.+\w]{0,40})[ \t]*$", re.M)


def makefile_release(kernel_root: str) -> tuple[tuple[int, int, int], str] | None:
    """(VERSION, PATCHLEVEL, SUBLEVEL) and EXTRAVERSION ("-rc1", or "") of a kernel tree's
    top Makefile, or None. The one reader of it: the target kernel and the HTML header."""
    try:
        head = safeio.read_head(f"{kernel_root}/Makefile", 4096)  # the tree is untrusted: no FIFO
    except OSError:
        return None
    fields = {m.group(1).decode(): int(m.group(2)) for m in _MAKEFILE_FIELD.finditer(head)}
    if "VERSION" not in fields or "PATCHLEVEL" not in fields:
        return None
    extra = _MAKEFILE_EXTRA.search(head)
    return ((fields["VERSION"], fields["PATCHLEVEL"], fields.get("SUBLEVEL", 0)),
            extra.group(1).decode("ascii") if extra else "")


def makefile_version(kernel_root: str) -> tuple[int, int, int] | None:
    """VERSION/PATCHLEVEL/SUBLEVEL of a kernel tree's top Makefile, or None."""
    release = makefile_release(kernel_root)
    return release[0] if release else None


# ---------------------------------------------------------------- the macros a package defines

_DEFINE = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\()?((?:[^\n]*\\\n)*[^\n]*)", re.M)
_CONDITIONAL = re.compile(rb"^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b((?:[^\n]*\\\n)*[^\n]*)", re.M)
_LINE_COMMENT = re.compile(r"/\*.*?\*/|//.*$", re.S)
# `static inline size_t strlcpy(char *d, ...)` (the name is the last word before the `(`).
_INLINE_FUNCTION = re.compile(rb"^[ \t]*static[ \t]+(?:__always_inline|inline|__inline__|__inline)\b[^;{}()=#]*?\b([A-Za-z_]\w*)[ \t]*\(", re.M)
_WORD = re.compile(rb"[A-Za-z_]\w*")
_NUMBER_BYTES = re.compile(rb"^\(?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?(?:\s*/[/*].*)?$")
MAX_HEADER_BYTES = 256 * 1024
_NUMBER_VALUE = re.compile(r"^\(?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?$")


def _c_number(text: str) -> int:
    """A C integer literal without its suffix: 0x1f, 017 (octal), 42."""
    if text[:2] in ("0x", "0X"):
        return int(text, 16)
    if len(text) > 1 and text[0] == "0":
        return int(text, 8) if set(text) <= set("01234567") else 0
    return int(text)


def _clean(body: bytes) -> str:
    """A directive's text without comments and line continuations, blanks collapsed."""
    text = body.decode("latin-1").replace("\\\n", " ")
    return " ".join(_LINE_COMMENT.sub(" ", text).split())


@dataclass
class PackageMacros:
    """What a package's headers define, for evaluating conditions and masking its own macros.

    `defined`: names with a definition outside any conditional other than an include
    guard (defined wherever a header of the package is included); `maybe`: names
    defined only under some condition; `values`: object-like macros whose every
    definition is the same number; `empty`: object-like macros whose every definition
    is empty (`#define IN`, `#define __devinit`): annotations, blanked where used;
    `function_like`: name -> (parameters, body) of function-like macros (the last one)."""

    defined: set[str] = field(default_factory=set)
    maybe: set[str] = field(default_factory=set)
    values: dict[str, int | None] = field(default_factory=dict)
    empty: dict[str, bool] = field(default_factory=dict)
    function_like: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    functions: set[str] = field(default_factory=set)  # static inline functions of the headers
    # Words the headers use in code (not on directive lines): an empty macro is blanked where
    # used only if one of them is (`IN` in prototypes; not a feature flag read by #ifdef alone).
    code_words: set[bytes] = field(default_factory=set, repr=False)

    def add(self, data: bytes) -> None:
        """Add the definitions of one header. A header over MAX_HEADER_BYTES is a generated
        register map: its thousands of offsets are no package's feature macros or shims."""
        if len(data) > MAX_HEADER_BYTES:
            return
        if b"inline" in data:
            self.functions.update(m.group(1).decode("latin-1") for m in _INLINE_FUNCTION.finditer(data))
        self.code_words.update(_WORD.findall(_DIRECTIVE_LINE.sub(b"", data)))
        if b"define" not in data:
            return
        guard = _include_guard(data)
        spans = _conditional_spans(data, guard)  # outermost groups: sorted, disjoint
        starts = [start for start, _ in spans]
        for m in _DEFINE.finditer(data):
            name = m.group(1).decode("latin-1")
            if name == guard:
                continue
            index = bisect.bisect_right(starts, m.start()) - 1
            inside = index >= 0 and m.start() < spans[index][1]
            (self.maybe if inside else self.defined).add(name)
            raw = m.group(3)
            if m.group(2):  # function-like
                params, _, rest = _clean(raw).partition(")")
                self.function_like[name] = (tuple(p.strip() for p in params.split(",") if p.strip()), rest.strip())
                self.empty[name] = False
                continue
            body = raw.strip()
            if body.startswith((b"/", b"\\")) or body.endswith(b"\\"):
                body = _clean(raw).encode("latin-1")  # a comment or a continuation: cleaned
            number = _NUMBER_BYTES.match(body)
            value = _c_number(number.group(1).decode("ascii")) if number else None
            if name in self.values and self.values[name] != value:
                value = None
            self.values[name] = value
            self.empty[name] = self.empty.get(name, True) and not body

    def defines(self, name: str) -> bool:
        """Does any header of the package define `name`, as a macro or a function?"""
        return name in self.defined or name in self.maybe or name in self.functions

    def empty_names(self) -> list[str]:
        """The empty object-like macros used in code somewhere in the headers."""
        return sorted(name for name, empty in self.empty.items()
                      if empty and name not in _NEVER_BLANK and name.encode() in self.code_words)

    def digest(self) -> str:
        """A stable text of everything here, for cache keys."""
        import hashlib

        text = repr((sorted(self.defined), sorted(self.maybe), sorted(self.values.items()),
                     self.empty_names(), sorted(self.function_like.items()), sorted(self.functions)))
        return hashlib.sha1(text.encode()).hexdigest()[:16]


# Words that are never blanked as empty macros, whatever a package does with them.
_NEVER_BLANK = frozenset(("if", "else", "while", "for", "do", "return", "int", "char", "void", "const", "static",
                          "struct", "union", "enum", "unsigned", "signed", "long", "short", "inline", "extern"))


_FIRST_DIRECTIVE = re.compile(rb"^[ \t]*#", re.M)
_GUARD = re.compile(rb"[ \t]*#[ \t]*(?:ifndef[ \t]+(\w+)|if[ \t]+!\s*defined\s*\(?\s*(\w+)\s*\)?)[ \t]*(?:/[/*][^\n]*)?\n"
                    rb"(?:[ \t]*(?://[^\n]*)?\n)*[ \t]*#[ \t]*define[ \t]+(\w+)")
_GUARD_CONDITION = re.compile(r"!?\s*(?:defined\s*\(?\s*)?(\w+)\s*\)?")


def _include_guard(data: bytes) -> str:
    """The include-guard macro of a header (`#ifndef X` + `#define X` first), or ""."""
    first = _FIRST_DIRECTIVE.search(data)
    if first is None:
        return ""
    m = _GUARD.match(data, first.start())
    if m is None or (m.group(1) or m.group(2)) != m.group(3):
        return ""
    return m.group(3).decode("latin-1")


def _conditional_spans(data: bytes, guard: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost conditional group other than the include guard."""
    spans, stack = [], []
    for m in _CONDITIONAL.finditer(data):
        kind = m.group(1)
        if kind in (b"if", b"ifdef", b"ifndef"):
            condition = _GUARD_CONDITION.fullmatch(_clean(m.group(2))) if guard and not stack else None
            is_guard = condition is not None and condition.group(1) == guard
            stack.append((m.start(), is_guard))
        elif kind == b"endif" and stack:
            start, is_guard = stack.pop()
            if not is_guard and not any(g is False for _, g in stack):
                spans.append((start, m.end()))
    return spans


# ---------------------------------------------------------------- evaluating a condition

_TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(&&|\|\||<<|>>|<=|>=|==|!=|[-+*/%<>&|^!~?:(),]))")
Tri = bool | int | None  # a value, or None: unknown


class _Unsupported(Exception):
    pass


class _Evaluator:
    """A C preprocessor expression with unknowns: `None` wherever a value cannot be known,
    short-circuits (`0 && X`, `1 || X`) deciding what they decide anyway."""

    def __init__(self, text: str, env: "Environment"):
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                if text[pos:].strip() == "":
                    break
                raise _Unsupported(text[pos:])
            pos = m.end()
            if m.group(1):
                self.tokens.append(("num", m.group(1)))
            elif m.group(2):
                self.tokens.append(("id", m.group(2)))
            else:
                self.tokens.append(("op", m.group(3)))
        self.i = 0
        self.env = env

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.i >= len(self.tokens):
            raise _Unsupported("end")
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise _Unsupported(op)

    def run(self) -> Tri:
        value = self.conditional()
        if self.i != len(self.tokens):
            raise _Unsupported("trailing")
        return value

    def conditional(self) -> Tri:
        test = self.binary(0)
        if self.peek() != "?":
            return test
        self.take()
        yes = self.conditional()
        self.expect(":")
        no = self.conditional()
        if test is None:
            return yes if yes == no and yes is not None else None
        return yes if test else no

    _LEVELS = (("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"),
               ("+", "-"), ("*", "/", "%"))

    def binary(self, level: int) -> Tri:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in self._LEVELS[level] and self.tokens[self.i][0] == "op":
            op = self.take()[1]
            right = self.binary(level + 1)
            left = _apply(op, left, right)
        return left

    def unary(self) -> Tri:
        kind, text = self.take()
        if kind == "op" and text in "!~-+":
            value = self.unary()
            if value is None:
                return None
            return {"!": lambda v: int(not v), "~": lambda v: ~v, "-": lambda v: -v, "+": lambda v: v}[text](int(value))
        if kind == "op" and text == "(":
            value = self.conditional()
            self.expect(")")
            return value
        if kind == "num":
            return _c_number(text)
        if kind == "id":
            if text == "defined":
                parenthesized = self.peek() == "("
                if parenthesized:
                    self.take()
                name_kind, name = self.take()
                if name_kind != "id":
                    raise _Unsupported("defined")
                if parenthesized:
                    self.expect(")")
                state = self.env.is_defined(name)
                return None if state is None else int(state)
            if self.peek() == "(":  # a function-like macro
                args = self.arguments()
                if text == "KERNEL_VERSION" and len(args) == 3:
                    values = [_Evaluator(a, self.env).run() for a in args]
                    if all(isinstance(v, int) for v in values):
                        return (values[0] << 16) + (values[1] << 8) + min(values[2], 255)
                return None
            return self.env.value(text)
        raise _Unsupported(text)

    def arguments(self) -> list[str]:
        """The argument texts of a macro call whose `(` is next."""
        self.expect("(")
        args, current, depth = [], [], 0
        while True:
            kind, text = self.take()
            if text == "(" and kind == "op":
                depth += 1
            elif text == ")" and kind == "op":
                if depth == 0:
                    args.append(" ".join(current))
                    return args
                depth -= 1
            elif text == "," and kind == "op" and depth == 0:
                args.append(" ".join(current))
                current = []
                continue
            current.append(text)


def _apply(op: str, left: Tri, right: Tri) -> Tri:
    if op == "&&":
        if left is not None and not left or right is not None and not right:
            return 0
        return None if left is None or right is None else 1
    if op == "||":
        if left is not None and left or right is not None and right:
            return 1
        return None if left is None or right is None else 0
    if left is None or right is None:
        return None
    a, b = int(left), int(right)
    if op in ("/", "%") and b == 0:
        return None
    return int({
        "|": lambda: a | b, "^": lambda: a ^ b, "&": lambda: a & b, "==": lambda: a == b, "!=": lambda: a != b,
        "<": lambda: a < b, "<=": lambda: a <= b, ">": lambda: a > b, ">=": lambda: a >= b,
        "<<": lambda: a << min(b, 64), ">>": lambda: a >> min(b, 64), "+": lambda: a + b, "-": lambda: a - b,
        "*": lambda: a * b, "/": lambda: int(a / b), "%": lambda: a % b,
    }[op]())


# Names whose meaning is the same for every kernel module build.
_ALWAYS_DEFINED = frozenset(("__KERNEL__", "__GNUC__", "__STDC__", "LINUX_VERSION_CODE", "KERNEL_VERSION", "__linux__"))
# C++ never builds a module; a mainline target is no distribution kernel (RHEL_RELEASE_CODE and
# friends exist only in those kernels' headers).
_NEVER_DEFINED = frozenset(("__cplusplus", "RHEL_RELEASE_CODE", "RHEL_RELEASE_VERSION", "RHEL_MAJOR", "RHEL_MINOR",
                            "SUSE_PRODUCT_CODE", "SUSE_PRODUCT", "UTS_UBUNTU_RELEASE_ABI"))


# ---------------------------------------------------------------- what a kernel tree defines

# Names the compiler or Kbuild defines for every module build (-DMODULE, -DKBUILD_MODNAME) or that
# generated headers (include/generated, asm-offsets) define: none of them is in the tree's sources.
_BUILD_DEFINED = frozenset(("MODULE", "KBUILD_MODNAME", "KBUILD_BASENAME", "KBUILD_MODFILE", "KBUILD_BUILTIN",
                            "UTS_RELEASE", "UTS_VERSION", "UTS_MACHINE", "LINUX_COMPILE_BY", "LINUX_COMPILER",
                            "NR_PAGEFLAGS", "MAX_NR_ZONES", "NR_CPUS_BITS", "SPINLOCK_SIZE", "linux", "unix",
                            "i386"))
_MAKE_DEFINE = re.compile(rb"-D[ \t]*([A-Za-z_]\w*)")
_MAKE_CONDITIONAL = re.compile(rb"^[ \t]*(ifeq|ifneq|ifdef|ifndef|endif)\b", re.M)
# `ccflags-y += -DFOO`, `subdir-ccflags-y`, `EXTRA_CFLAGS`: flags every file of the folder gets.
_MAKE_FLAGS = re.compile(rb"[ \t]*(?:subdir-)?(?:ccflags-y|EXTRA_CFLAGS)[ \t]*[:+]?=")
_INCLUDE_DIR = re.compile(rb"-I[ \t]*(\S+)")
_QUOTED_INCLUDE = re.compile(rb"^[ \t]*#[ \t]*include[ \t]*([\"<])([^\">\n]+)[\">]", re.M)
_DEFINED_NAME = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)", re.M)
MAX_INCLUDED_HEADERS = 256  # the most local headers followed from one file


@lru_cache(maxsize=4096)
def _makefile_flags(path: str) -> tuple[frozenset[str], frozenset[str], tuple[bytes, ...]]:
    """(names every file gets, names some files or configurations get, -I directories) of the
    -D flags of one Makefile or Kbuild file; a missing file gives nothing. Read once per process:
    every subfolder of a driver asks for its parents' Makefiles."""
    try:
        data = safeio.read_bounded(path, MAX_HEADER_BYTES)
    except OSError:
        return frozenset(), frozenset(), ()
    defined, maybe = set(), set()
    depth = 0
    for line in data.replace(b"\\\n", b" ").split(b"\n"):
        opened = _MAKE_CONDITIONAL.match(line)
        if opened:
            depth += -1 if opened.group(1) == b"endif" else 1
            depth = max(depth, 0)
            continue
        names = {m.decode("latin-1") for m in _MAKE_DEFINE.findall(line)}
        if not names:
            continue
        # Unconditional only on a plain flags line outside ifeq/ifdef: `ccflags-$(CONFIG_X)`,
        # `CFLAGS_one.o`, a variable used who knows where, may or may not apply.
        (defined if depth == 0 and _MAKE_FLAGS.match(line) else maybe).update(names)
    return frozenset(defined), frozenset(maybe - defined), tuple(_INCLUDE_DIR.findall(data))


class _KernelTree:
    """What a kernel tree defines beyond one folder, read once per process and tree: the names
    its global headers (include/, arch/*/include/) #define, and the -D flags of its top, arch
    and scripts Makefiles."""

    _trees: dict[str, "_KernelTree"] = {}

    @classmethod
    def of(cls, root: str) -> "_KernelTree":
        if root not in cls._trees:
            cls._trees[root] = cls(root)
        return cls._trees[root]

    def __init__(self, root: str):
        self.root = root
        self._names: bytes | None = None
        self._answers: dict[str, bool] = {}
        self._make: set[str] | None = None
        self._header_paths: list[str] | None = None

    def header_defines(self, name: str) -> bool:
        """Does a global header of the tree #define `name` (anywhere, under any condition)?
        Remembered per name: a search of the blob costs milliseconds, and folders ask the same
        names (DEBUG, VERBOSE_DEBUG) again and again."""
        answer = self._answers.get(name)
        if answer is None:
            self.load()
            answer = self._answers[name] = b"\n" + name.encode() + b"\n" in self._names
        return answer

    def load(self) -> None:
        """Read the global headers' names (once; a parallel run does it before its workers fork)."""
        if self._names is None:
            # One `\n`-separated blob of names (a few MB) rather than a set of 300,000 strings.
            chunks = []
            for path in self.header_paths():
                try:
                    data = safeio.read_bounded(path, MAX_HEADER_BYTES)
                except OSError:
                    continue
                if b"define" in data:
                    chunks.append(b"\n".join(_DEFINED_NAME.findall(data)))
            self._names = b"\n" + b"\n".join(chunks) + b"\n"

    def make_defines(self, name: str) -> bool:
        """Is `name` among the -D flags of the tree's top, arch or scripts Makefiles?"""
        if self._make is None:
            self._make = set()
            for path in self.makefile_paths():
                defined, maybe, _ = _makefile_flags(path)
                self._make |= defined | maybe
        return name in self._make

    def header_paths(self) -> list[str]:
        """The global headers (include/, arch/*/include/; symlinked folders not followed): one
        walk per tree and process, shared by load() and inputs_digest()."""
        if self._header_paths is not None:
            return self._header_paths
        tops = [os.path.join(self.root, "include")]
        arch = os.path.join(self.root, "arch")
        try:
            tops += sorted(os.path.join(arch, a, "include") for a in os.listdir(arch))
        except OSError:
            pass
        paths = []
        for top in tops:
            for folder, dirs, files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(folder, d)))
                paths += [os.path.join(folder, file) for file in sorted(files) if file.endswith(".h")]
        self._header_paths = paths
        return paths

    def makefile_paths(self) -> list[str]:
        """The top, scripts and arch Makefiles, whose -D flags reach every folder."""
        return [os.path.join(self.root, "Makefile"), *sorted(glob.glob(os.path.join(self.root, "scripts", "Makefile*"))),
                *sorted(glob.glob(os.path.join(self.root, "arch", "*", "Makefile")))]

    def inputs_digest(self) -> str:
        """A digest of the sizes and modification times of what load() and make_defines() read:
        for a cache key, so that a folder result is stale when a global header starts or stops
        defining a name (a stat of each, about 10,000 files; nothing is read)."""
        digest = zlib.crc32(b"")
        for path in self.makefile_paths() + self.header_paths():
            try:
                st = os.stat(path)
            except OSError:
                continue
            digest = zlib.crc32(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"), digest)
        return f"{digest:08x}"


def makefile_defines(directory: str, package_root: str = "") -> frozenset[str]:
    """Out of a kernel tree: the -D names every build of `directory` gets, from the folder's own
    Makefile/Kbuild, or, when it has none, from the package root's (which then builds it)."""
    for folder in (directory, package_root) if package_root and package_root != directory else (directory,):
        found = [os.path.join(folder, name) for name in ("Makefile", "Kbuild") if os.path.isfile(os.path.join(folder, name))]
        if found:
            return frozenset(name for path in found for name in _makefile_flags(path)[0])
    return frozenset()


def makefile_chain(directory: str, kernel_root: str):
    """(folder, path) of each Makefile/Kbuild name from `directory` up to the tree's root (not
    included): a parent's ccflags may build this folder's objects, subdir-ccflags reach below."""
    folder = directory
    while safeio.inside(folder, kernel_root) and folder != kernel_root:
        for name in ("Makefile", "Kbuild"):
            yield folder, os.path.join(folder, name)
        folder = os.path.dirname(folder)


def kernel_tree_digest(kernel_root: str) -> str:
    """What a kernel tree's folders read beyond themselves when they decide conditionals, as a
    digest for the cache key (_KernelTree.inputs_digest)."""
    return _KernelTree.of(kernel_root).inputs_digest()


def forget_kernel_trees() -> None:
    """Drop what earlier runs of this process read of kernel trees (a library or test process
    runs several times; the headers may have changed in between)."""
    _KernelTree._trees.clear()


def prepare_kernel_tree(kernel_root: str) -> None:
    """Read what `kernel_root`'s global headers define now, so that worker processes forked
    after this share it instead of each reading the headers again."""
    _KernelTree.of(kernel_root).load()


def input_stamp(st: os.stat_result, data: bytes | None, oversize: int = 0) -> list:
    """[size, mtime_ns, inode, digest] of an input file as read: the stat of the opened file and
    the digest of the bytes read (blake2b-128, as the cache's); an unreadable or oversize file's
    digest says so, since its content was not used."""
    if data is None:
        digest = f"size:{oversize}" if oversize else "unreadable"
    else:
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return [st.st_size, st.st_mtime_ns, st.st_ino, digest]


class KernelFolder:
    """Whether a macro a conditional of a kernel-tree folder tests can be defined at all.

    In a kernel tree nothing outside the tree adds -D flags: a name that is no CONFIG_
    (Kconfig's, unknown), that no Makefile of the folder or above it passes with -D, that no
    file of the folder, no local header a file includes (followed from header to header) and
    no global header of the tree #defines, and that the compiler or Kbuild do not predefine,
    is not defined (`#ifdef _HAS_TYPE_ARG_IN_ACCESS_OK`: an out-of-tree leftover)."""

    def __init__(self, kernel_root: str, directory: str, folder_data: Callable[[], list[bytes]]):
        self.tree = _KernelTree.of(kernel_root)
        self.directory = directory
        self.real_root = os.path.realpath(kernel_root)
        self._folder_data = folder_data
        self._folder_names: bytes | None = None
        self._flags: tuple[set[str], set[str], list[str]] | None = None
        self._headers: dict[str, tuple[bytes, list[tuple[bytes, bytes]]]] = {}
        self._included: tuple[bytes, bytes] | None = None  # (a file's bytes, what its local headers define)
        # Files outside the folder's own that its answers read (local headers reached through
        # includes and -I, possibly in other folders): path -> input_stamp(), None when absent.
        # The result cache checks them, as it checks the folder's files (a header of another
        # folder that gains a #define changes which side of an #ifdef this folder's code is on).
        self.inputs: dict[str, list | None] = {}

    def _make(self) -> tuple[set[str], set[str], list[str]]:
        """(-D names every file of the folder gets, -D names it may get, -I directories)."""
        if self._flags is None:
            defined, maybe, resolved = set(), set(), []
            # A parent's Makefile may build this folder's objects (`common/x.o`) with its own
            # ccflags, and subdir-ccflags reach below: each parent's -D names may apply.
            for folder, path in makefile_chain(self.directory, self.tree.root):
                d, m, dirs = _makefile_flags(path)
                if folder == self.directory:
                    defined |= d
                    maybe |= m
                else:
                    maybe |= d | m
                resolved += [d for d in (self._include_dir(raw, folder) for raw in dirs) if d]
            self._flags = (defined, maybe - defined, resolved)
        return self._flags

    def _include_dir(self, raw: bytes, makefile_dir: str) -> str:
        """An -I directory of the Makefile in `makefile_dir` as a path ("" when it names a variable
        this cannot know): $(src) and $(obj) are that folder, $(srctree) the tree's root."""
        text = raw.decode("latin-1").strip("\"'")
        for var, value in (("$(srctree)/$(src)", makefile_dir), ("$(src)", makefile_dir), ("$(obj)", makefile_dir),
                           ("$(srctree)", self.tree.root), ("$(KBUILD_SRC)", self.tree.root)):
            text = text.replace(var, value)
        if "$" in text:
            return ""
        return os.path.normpath(text if os.path.isabs(text) else os.path.join(self.tree.root, text))

    def state(self, name: str, data: bytes) -> bool | None:
        """True when every build of the file (whose bytes are `data`) defines `name`, False when
        none can, None when it depends."""
        defined, maybe, _ = self._make()
        if name in defined:
            return True
        if name in maybe or name.startswith("__") or name in _BUILD_DEFINED or self.tree.make_defines(name):
            return None
        word = name.encode()
        if self._folder_names is None:
            self._folder_names = b"\n" + b"\n".join(
                b"\n".join(_DEFINED_NAME.findall(d)) for d in self._folder_data() if b"define" in d) + b"\n"
        if b"\n" + word + b"\n" in self._folder_names:
            return None
        if self._included_define(word, data) or self.tree.header_defines(name):
            return None
        return False

    def _included_define(self, word: bytes, data: bytes) -> bool:
        """Does a local header `data` includes (directly or through another) #define `word`?"""
        if self._included is None or self._included[0] is not data:
            self._included = (data, self._included_names(data))  # once per file, for all its names
        return b"\n" + word + b"\n" in self._included[1]

    def _included_names(self, data: bytes) -> bytes:
        """The names the local headers that `data` includes #define (followed from header to header,
        resolved as the compiler would: beside the includer for "", then the Makefiles' -I)."""
        _, _, include_dirs = self._make()
        queue = [(self.directory, quote, target) for quote, target in _QUOTED_INCLUDE.findall(data)]
        seen: set[str] = set()
        names = [b"\n"]
        while queue and len(seen) < MAX_INCLUDED_HEADERS:
            base, quote, target = queue.pop()
            text = target.decode("latin-1")
            candidates = ([os.path.join(base, text)] if quote == b'"' else []) + [os.path.join(d, text) for d in include_dirs]
            for candidate in candidates:
                path = os.path.normpath(candidate)
                if path in seen:
                    break
                header = self._header(path)
                if header is None:
                    continue
                seen.add(path)
                names.append(header[0])
                queue += [(os.path.dirname(path), q, t) for q, t in header[1]]
                break
        return b"".join(names)

    def _header(self, path: str) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
        """(the names it #defines, its includes) of a header inside the tree, None when absent.
        Every path looked at is an input of the folder's result (`inputs`), present or not."""
        if path not in self._headers:
            header, stamp = None, None
            if os.path.isfile(path) and safeio.inside(os.path.realpath(path), self.real_root):
                st_out: list = []
                try:
                    data = safeio.read_bounded(path, MAX_HEADER_BYTES, st_out)
                    header = (b"\n" + b"\n".join(_DEFINED_NAME.findall(data)) + b"\n", _QUOTED_INCLUDE.findall(data))
                    stamp = input_stamp(st_out[0], data)
                except safeio.TooBig as error:
                    stamp = input_stamp(st_out[0], None, error.size)
                except OSError:
                    stamp = input_stamp(st_out[0], None) if st_out else None
            self._headers[path] = header
            self.inputs[path] = stamp
        return self._headers[path]


_LOCAL_DEFINE = re.compile(rb"define[ \t]+([A-Za-z_]\w*)(\()?([^\n]*)")
_LOCAL_UNDEF = re.compile(rb"undef[ \t]+([A-Za-z_]\w*)()([^\n]*)")


class Environment:
    """What a condition is evaluated against: the target kernel, the package's macros (built
    on first need: most files never ask), and the file's own #define/#undef lines before
    the directive being judged (`position`; read from the file on first need)."""

    def __init__(self, target: tuple[int, int, int], package: "PackageMacros | Callable[[], PackageMacros] | None" = None,
                 blank_empty_macros: bool = True, kernel: KernelFolder | None = None,
                 flags: frozenset[str] = frozenset()):
        self.target = target
        # Out of a kernel tree: the names the package's Makefile always passes with -D (makefile_defines()).
        self.flags = flags
        # In a kernel tree: which names the tree can define at all (None: unknown names stay unknown).
        self.kernel = kernel
        self._package = package if package is not None else PackageMacros()
        # Out of tree, the package's empty object-like macros (`#define IN`) are blanked where used;
        # in a kernel tree the annotations are the kernel's, which source.mask() knows already.
        self.blank_empty_macros = blank_empty_macros
        self.data: bytes = b""
        self.position = 0
        self._defines: dict[str, list[tuple[int, bool, int | None]]] | None = None

    @property
    def package(self) -> PackageMacros:
        if callable(self._package):
            return self._package()
        return self._package

    def fresh(self, data: bytes = b"") -> "Environment":
        """The same target and package, for one file's bytes."""
        env = Environment(self.target, self._package, self.blank_empty_macros, self.kernel, self.flags)
        if callable(self._package) and not isinstance(self._package, _Once):
            self._package = _Once(self._package)  # built once for all the folder's files
        env._package = self._package
        env.data = data
        return env

    def _local(self, name: str) -> tuple[bool, int | None] | None:
        """(defined, value) after the file's last #define/#undef of `name` before `position`."""
        if self._defines is None:
            # One literal-prefixed scan per file for every #define/#undef; values parsed when asked.
            self._defines = {}
            data = self.data
            for pattern, defined in ((_LOCAL_DEFINE, True), (_LOCAL_UNDEF, False)):
                if pattern is _LOCAL_UNDEF and b"undef" not in data:
                    continue
                for m in pattern.finditer(data):
                    line_start = data.rfind(b"\n", 0, m.start()) + 1
                    if data[line_start:m.start()].strip(b" \t") == b"#":
                        self._defines.setdefault(m.group(1), []).append((m.start(), defined, m))
            for events in self._defines.values():
                events.sort(key=lambda e: e[0])
        last = None
        for offset, defined, m in self._defines.get(name.encode(), ()):
            if offset >= self.position:
                break
            last = (defined, m)
        if last is None:
            return None
        defined, m = last
        if not defined or m.group(2):
            return defined, None
        number = _NUMBER_VALUE.match(_clean(m.group(3)))
        return True, _c_number(number.group(1)) if number else None

    def _kconfig(self, name: str) -> bool:
        """In a kernel tree a CONFIG_ name is Kconfig's: unknown, no header of the folder decides it."""
        return not self.blank_empty_macros and name.startswith("CONFIG_")

    def is_defined(self, name: str) -> bool | None:
        if name in _ALWAYS_DEFINED:
            return True
        if name in _NEVER_DEFINED:
            return False
        if self._kconfig(name):
            return None
        local = self._local(name)
        if local is not None:
            return local[0]
        if name in self.flags:
            return True
        package = self.package
        if name in package.defined:
            return True
        if self.kernel is not None and name not in package.maybe:
            return self.kernel.state(name, self.data)
        return None

    def value(self, name: str) -> int | None:
        if name == "LINUX_VERSION_CODE":
            return version_code(self.target)
        if name in _NEVER_DEFINED:
            return 0
        if self._kconfig(name):
            return None
        local = self._local(name)
        if local is not None:
            return local[1] if local[0] else 0
        package = self.package
        if name in package.defined and name not in package.maybe:
            return package.values.get(name)
        if self.kernel is not None and name not in package.maybe and self.kernel.state(name, self.data) is False:
            return 0  # an identifier no build defines is 0 in #if
        return None

    def evaluate(self, kind: bytes, condition: str) -> bool | None:
        """The truth of one `#if`/`#elif`/`#ifdef`/`#ifndef` line, None when unknown."""
        if kind in (b"ifdef", b"ifndef", b"elifdef", b"elifndef"):
            word = condition.split()[0] if condition.split() else ""
            if not (word.isidentifier() and word.isascii()):
                return None
            state = self.is_defined(word)
            if state is None:
                return None
            return state if kind in (b"ifdef", b"elifdef") else not state
        try:
            value = _Evaluator(condition, self).run()
        except (_Unsupported, RecursionError, ValueError):
            return None
        return None if value is None else bool(value)


# ---------------------------------------------------------------- masking the branches

_ANY_CONDITIONAL = re.compile(rb"#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b")
_NOT_CODE = re.compile(rb'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


@dataclass
class Conditionals:
    """What judging a file's conditionals did: byte ranges the target cannot compile."""

    inactive: list[tuple[int, int]] = field(default_factory=list)
    # How many views the file has: the most branches that may be compiled in one group on an
    # unknown condition whose branches split a construct (1: no such group, one parse sees all).
    views: int = 1


_TO_SPACE = bytes(0x0A if byte == 0x0A else 0x20 for byte in range(256))


def _blank_match(match: re.Match) -> bytes:
    return match.group(0).translate(_TO_SPACE)


def _blank(buf: bytearray, start: int, end: int) -> None:
    chunk = buf[start:end]
    buf[start:end] = re.sub(rb"[^\n]", b" ", bytes(chunk)) if b"\n" in chunk else b" " * (end - start)


class _Once:
    """A loader called at most once."""

    def __init__(self, loader):
        self.loader = loader
        self.value = None

    def __call__(self):
        if self.value is None:
            self.value = self.loader()
        return self.value


class _Group:
    __slots__ = ("directives", "values", "parent_active", "taken", "covered")

    def __init__(self, parent_active: bool):
        self.directives: list[tuple[int, int]] = []  # (line start, line end) of each directive
        self.values: list[bool | None] = []  # each branch's condition (True for #else)
        self.parent_active = parent_active
        self.taken = False  # a branch known true came already
        # A condition known true came already, maybe after unknown ones: whichever branch is
        # taken, it is not a later one.
        self.covered = False


def judge_conditionals(buf: bytearray, env: Environment, view: int = 0) -> Conditionals:
    """Blank the branches of `buf` the target does not compile, and, for conditions that
    cannot be known, all but one branch of a group whose branches split a construct: the
    `view`-th that may be compiled (the last one when the group has fewer)."""
    result = Conditionals()
    if b"#" not in buf:
        return result
    stack: list[_Group] = []
    code: bytes | None = None
    guard: str | None = None
    size = len(buf)
    for m in _ANY_CONDITIONAL.finditer(buf):
        line_start = m.start()
        while line_start and buf[line_start - 1] in (0x20, 0x09):
            line_start -= 1
        if line_start and buf[line_start - 1] != 0x0A:
            continue
        end = m.end()
        while True:
            nl = buf.find(b"\n", end)
            if nl < 0:
                nl = size
                break
            if buf[nl - 1] != 0x5C:
                break
            end = nl + 1
        kind = m.group(1)
        text = _clean(bytes(buf[m.end():nl]))
        active = all(_branch_active(g) for g in stack)
        env.position = line_start
        if kind in (b"if", b"ifdef", b"ifndef"):
            group = _Group(active)
            group.directives.append((line_start, nl))
            if guard is None:
                guard = _include_guard(bytes(buf))
            if not stack and guard and kind == b"ifndef" and text.split()[:1] == [guard]:
                group.values.append(True)  # the include guard: the header is read once, whole
            else:
                group.values.append(env.evaluate(kind, text) if active else False)
            group.taken = group.values[-1] is True
            stack.append(group)
        elif not stack:
            continue
        elif kind in (b"elif", b"elifdef", b"elifndef", b"else"):
            group = stack[-1]
            group.directives.append((line_start, nl))
            if group.taken or group.covered or not group.parent_active:
                value = False
            elif kind == b"else":
                value = None if any(v is None for v in group.values) else True
            else:
                value = env.evaluate(kind, text)
                if value is True and any(v is None for v in group.values):
                    group.covered = True
                    value = None  # true only if the unknown ones before were false
            group.values.append(value)
            group.taken = group.taken or value is True
        else:  # endif
            group = stack.pop()
            group.directives.append((line_start, nl))
            if not group.parent_active:
                continue  # inside a blanked branch: blanked with it
            if code is None and any(v is None for v in group.values):
                code = _NOT_CODE.sub(_blank_match, bytes(buf))  # comments and literals out: once, when needed
            _resolve(buf, code, group, result, view)
    return result


def _branch_active(group: _Group) -> bool:
    return group.parent_active and group.values[-1] is not False


def _resolve(buf: bytearray, code: bytes | None, group: _Group, result: Conditionals, view: int) -> None:
    branches = [(group.directives[i][1], group.directives[i + 1][0]) for i in range(len(group.values))]
    values = group.values
    if all(v is not None for v in values):
        # Known: keep the true branch as plain code, blank the rest and every directive line.
        for (start, end), value in zip(branches, values):
            if not value:
                _blank(buf, start, end)
                result.inactive.append((start, end))
        for start, end in group.directives:
            _blank(buf, start, end)
        return
    if not _splits_construct(code, branches):
        # Unknown but whole in each branch: known false branches still go.
        for (start, end), value in zip(branches, values):
            if value is False:
                _blank(buf, start, end)
                result.inactive.append((start, end))
        return
    # Unknown and split: one version for the parser. The view's branch among those that may be
    # compiled stays; the others are blanked for parsing (not inactive unless known false).
    possible = [i for i, v in enumerate(values) if v is not False]
    kept = possible[min(view, len(possible) - 1)]
    result.views = max(result.views, len(possible))
    for i, ((start, end), value) in enumerate(zip(branches, values)):
        if i != kept:
            _blank(buf, start, end)
            if value is False:
                result.inactive.append((start, end))
    for start, end in group.directives:
        _blank(buf, start, end)


_PAIRS = ((b"{", b"}"), (b"(", b")"), (b"[", b"]"))
_DIRECTIVE_LINE = re.compile(rb"^[ \t]*#[^\n]*(?:\\\n[^\n]*)*", re.M)


def _splits_construct(code: bytes, branches: list[tuple[int, int]]) -> bool:
    """Does a branch open or close a bracket it does not close or open, or stop in the middle
    of a declaration or a statement (a function header, `a = b +`)?"""
    for start, end in branches:
        text = code[start:end]
        if b"#" in text:
            text = _DIRECTIVE_LINE.sub(b"", text)  # nested groups are judged already
        for opener, closer in _PAIRS:
            opened = text.count(opener)
            if opened != text.count(closer):
                return True
            first_close = text.find(closer)
            if first_close >= 0 and (opened == 0 or first_close < text.find(opener)):
                return True  # `} else {`: closes first, then opens

        last = text.rstrip()
        if last and last[-1] not in b";}{,:" and not last.endswith(b"*/"):
            # A function header or half an expression; a macro invocation without `;` at
            # file scope (`module_init(x)`, `EXPORT_SYMBOL(y)`) is a whole statement.
            line = last[last.rfind(b"\n") + 1:].strip()
            if not re.fullmatch(rb"[A-Za-z_]\w*\s*\([^;{}]*\)", line) or re.search(rb"\b(?:static|int|void|struct|long|char|bool|unsigned|inline)\b", line):
                return True
    return False
