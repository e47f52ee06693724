"""Before any parse: which files of a folder can define a registered hard-IRQ handler (Rule.folder_admits).

unlocked-shared-flag and spin-lock-irq-in-handler report code reached from a
function that the folder registers as a hard-IRQ handler (request_irq() and
friends), and only in the file that defines it. Their trigger words
(`irqreturn_t`, `spin_lock_irq`) are in three times as many files as such a
definition: shared headers, files whose handlers the folder never registers,
files that only register. Before any parse, this reads the folder's bytes for
the registration calls, takes every identifier of their handler argument, and
admits a file only if it holds `NAME(...) {` (or `MACRO(NAME) {`, a header
macro) for one of them: the definition tree-sitter will see.

A superset, never a guess: an argument list it cannot split with certainty (a
directive inside, no closing parenthesis near) admits every file of the
folder; comments and literals are skipped the way the compiler skips them.
"""
from __future__ import annotations

import re
from typing import Callable

from kmodlint import kernel
from kmodlint.facts import AccessKind

# Every registration's name holds `request_`: one literal to search for (fast, in C), and the
# pattern starts with it, so the regex engine skips ahead to it too; the word's start is
# checked by hand (devm_, pci_ before it).
_SHARED = b"request_"
assert all(_SHARED in name.encode() for name in kernel.IRQ_REGISTRATION)
_REGISTRATION = re.compile(
    _SHARED + rb"(?:" + b"|".join(sorted({name.encode().partition(_SHARED)[2] for name in kernel.IRQ_REGISTRATION},
                                         key=len, reverse=True)) + rb")\b\s*\(")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_WORD_SET = frozenset(bytes([b]) for b in _WORD_BYTES)
# Up to this many registered names, a file is searched for each (the most in linux 6.12 drivers/: 91).
_FEW_NAMES = 256
_SPACES = frozenset(bytes([b]) for b in b" \t\r\n\f\v")
_IDENTIFIER = re.compile(rb"[A-Za-z_]\w*")
# `NAME(` or `(NAME)`: where a file can define a handler (admission.defines_registered_handler).
# The `(` is looked ahead at, not consumed: `DECLARE_ISR(name)` holds both. A name is tried
# whole only (not from inside a word, not cut short): a megabyte-long word costs one pass,
# not one per byte.
_CALL_OR_ARGUMENT = re.compile(rb"(?<!\w)([A-Za-z_]\w*)(?!\w)\s*(?=\()|\(\s*([A-Za-z_]\w*)(?!\w)\s*\)")
_LOOKAHEAD = 4096  # an argument list or a function header longer than this is not followed


def _admit_all(data: bytes) -> bool:
    return True


def _skip_literal(data: bytes, i: int) -> int:
    """The index after the comment or literal starting at data[i], or i when none starts there."""
    byte = data[i]
    if byte == 0x2F and data[i + 1:i + 2] == b"*":  # /* ... */
        end = data.find(b"*/", i + 2)
        return len(data) if end < 0 else end + 2
    if byte == 0x2F and data[i + 1:i + 2] == b"/":  # // ... end of line
        end = data.find(b"\n", i)
        return len(data) if end < 0 else end
    if byte in b"\"'":
        j = i + 1
        while j < len(data) and data[j] != byte and data[j] != 0x0A:
            j += 2 if data[j] == 0x5C else 1  # a backslash escapes the next byte
        return j + 1
    return i


def _code(data: bytes, start: int):
    """(index, byte) of the code from data[start] on, comments and literals skipped, for at most
    _LOOKAHEAD bytes (what follows is not looked at)."""
    stop, i = min(len(data), start + _LOOKAHEAD), start
    while i < stop:
        after = _skip_literal(data, i)
        if after != i:
            i = after
            continue
        yield i, data[i]
        i += 1


def _arguments(data: bytes, start: int) -> list[bytes] | None:
    """The argument texts of the call whose `(` ends at `start`, or None when unsure."""
    args, depth, begin = [], 0, start
    for i, byte in _code(data, start):
        if byte in b"([":
            depth += 1
        elif byte in b")]":
            if depth == 0:
                args.append(data[begin:i])
                return args
            depth -= 1
        elif byte == 0x2C and depth == 0:  # ,
            args.append(data[begin:i])
            begin = i + 1
        elif byte in b";{}#":  # a statement's end, a block or a directive: not a plain call
            return None
    return None


def registered_handler_names(folder_data: list[bytes]) -> set[bytes] | None:
    """Every identifier in the hard-handler argument of an IRQ registration in the folder
    (None: a registration this cannot read, so any name may be registered)."""
    names: set[bytes] = set()
    for data in folder_data:
        if _SHARED not in data:
            continue
        for match in _REGISTRATION.finditer(data):
            start = match.start()
            while start > 0 and data[start - 1] in _WORD_BYTES:
                start -= 1
            callee = data[start:match.end()].rstrip(b" \t\r\n\f\v(").decode("latin-1")
            if callee not in kernel.IRQ_REGISTRATION:
                continue  # another function that ends the same way (my_request_irq)
            args = _arguments(data, match.end())
            if args is None:
                return None
            index = kernel.IRQ_REGISTRATION[callee][0]
            if index < len(args):
                names.update(_IDENTIFIER.findall(_blank_literals(args[index])))
    names.discard(b"NULL")
    return names


def _blank_literals(text: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(text):
        after = _skip_literal(text, i)
        if after != i:
            out += b" "
            i = after
        else:
            out.append(text[i])
            i += 1
    return bytes(out)


def _is_definition(data: bytes, start: int) -> bool:
    """After `NAME(` at data[start]: does a `{` come before any `;` or `}` (a definition, not a
    call or a prototype)? Unsure (too long) counts as a definition."""
    for _, byte in _code(data, start):
        if byte == 0x7B:  # {
            return True
        if byte in b";}":
            return False
    return True


_IRQ_RETURN = re.compile(rb"\birqreturn_t\b")
_DECLARATOR = re.compile(rb"(?:\s+|\s*\*\s*)((?:[A-Za-z_]\w*\s+)*)([A-Za-z_]\w*)\s*\(")


def irq_function_names(data: bytes) -> set[bytes] | None:
    """The names of the functions returning irqreturn_t that `data` defines (`irqreturn_t
    foo_isr(int irq, void *data) {`, attributes between allowed), or None when an irqreturn_t
    in a macro's definition may define one this cannot name."""
    names: set[bytes] = set()
    for match in _IRQ_RETURN.finditer(data):
        line_start = data.rfind(b"\n", 0, match.start()) + 1
        if data[line_start:match.start()].lstrip().startswith(b"#") or \
                data[max(0, line_start - 2):line_start] == b"\\\n":
            return None  # in a #define (or its continuation line): a macro that defines handlers
        declarator = _DECLARATOR.match(data, match.end())
        if declarator is not None and _is_definition(data, declarator.end()):
            names.add(declarator.group(2))
    return names


def defines_registered_handler(folder_data: list[bytes]) -> Callable[[bytes], bool]:
    """Rule.folder_admits of the IRQ rules: a file of the folder is admitted when it defines a
    function named in a registration's handler argument somewhere in the folder."""
    names = registered_handler_names(folder_data)
    if names is None:
        return _admit_all
    # `NAME(` then a body, or `(NAME)` then a body: a header macro's invocation (`DECLARE_ISR(NAME) {`),
    # which the facts read as the function NAME (facts.functions.FunctionFacts.header_macro).
    # Found with bytes.find at each occurrence of the name, not a regex per name: compiling one
    # costs more than the search (a folder names dozens of handlers).
    def defines(data: bytes, name: bytes) -> bool:
        start = data.find(name)
        while start >= 0:
            end = start + len(name)
            if (start == 0 or data[start - 1] not in _WORD_BYTES) and data[end:end + 1] not in _WORD_SET:
                after = end
                while data[after:after + 1] in _SPACES:
                    after += 1
                if data[after:after + 1] == b"(" and _is_definition(data, after + 1):
                    return True
                if data[after:after + 1] == b")":
                    before = start
                    while before > 0 and data[before - 1:before] in _SPACES:
                        before -= 1
                    if data[before - 1:before] == b"(" and before > 0 and _is_definition(data, after + 1):
                        return True
            start = data.find(name, end)
        return False

    def defined_in(data: bytes) -> list[bytes]:
        """The registered names `data` defines: only the names it holds are tried. A folder names
        a few dozen handlers: a substring search (in C) per name costs a ninth of collecting every
        `NAME(` of the file in Python; for very many names, that one scan."""
        if len(names) <= _FEW_NAMES:
            written = {name for name in names if name in data}
        else:
            written = {m.group(1) or m.group(2) for m in _CALL_OR_ARGUMENT.finditer(data)} & names
        return [name for name in sorted(written) if defines(data, name)]

    # A name no file of the folder defines is a parameter of the driver's own wrapper
    # (`foo_setup_irq(priv, handler)`), a function pointer (`priv->ops->irq_handler`) or a kernel
    # function: the handlers are then named where they are passed or stored, which this does not
    # follow. A file is then admitted when it defines an irqreturn_t function that the folder names
    # other than in a call or a definition (`foo_setup_irq(priv, foo_isr)`, `.irq_handler = foo_isr`):
    # one that is only ever called is no handler. Worked out only for a file it could admit, once; the
    # files that define handlers looked at first.
    wrapped: list[bool] = []
    likely_first = sorted(folder_data, key=lambda data: b"irqreturn_t" not in data)
    passed: dict[bytes, bool] = {}

    def passed_as_value(name: bytes) -> bool:
        if name not in passed:
            value = re.compile(rb"\b" + re.escape(name) + rb"\b(?!\s*\()")
            passed[name] = any(name in data and value.search(data) for data in likely_first)
        return passed[name]

    def admits(data: bytes) -> bool:
        if defined_in(data):
            return True
        if b"irqreturn_t" not in data:
            return False
        if not wrapped:
            defined: set[bytes] = set()
            for other in likely_first:
                defined.update(defined_in(other))
                if defined >= names:
                    break
            wrapped.append(not defined >= names)
        if not wrapped[0]:
            return False
        defined = irq_function_names(data)
        return defined is None or any(passed_as_value(name) for name in defined)

    return admits


def _callers_in_file(facts) -> dict[str, set[str]]:
    """Callee name -> the functions of the file that call it (kept with the facts)."""
    def build() -> dict[str, set[str]]:
        callers: dict[str, set[str]] = {}
        for call in facts.calls:
            if call.function:
                callers.setdefault(call.callee, set()).add(call.function)
        return callers
    return facts.memo(_callers_in_file, build)


def calling(facts, names) -> set[str]:
    """The non-static functions of the file from which one of `names` is reached: the ones it
    defines, and those that call one, directly or through other functions of the file. Only these
    can a sibling name (in a call, an ops table, a registration) to reach `names`."""
    callers = _callers_in_file(facts)
    public = {f.name for f in facts.functions if not f.static}
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(callers.get(name, ()))
    return seen & public


def reaching_irq_shared_state(facts) -> set[str]:
    """Rule.folder_callers of unlocked-shared-flag: the functions of the file that reach an update,
    outside its IRQ side, of what that side changes with a read-modify-write (FileFacts.accesses):
    the updates that can lose the handler's. Their context (a system call, work, a thread, setup)
    comes from whatever reaches them, often a sibling's ops table or ioctl."""
    from kmodlint.facts import irq_roots, reachable

    roots = set(irq_roots(facts))
    for call in facts.calls:
        positions = kernel.IRQ_REGISTRATION.get(call.callee)
        if positions and positions[0] < len(call.args):
            roots.add(kernel.function_argument(call.args[positions[0]]))
    irq_side = reachable(facts, roots)
    changed = {a.key for a in facts.accesses if a.kind is AccessKind.RMW and a.function in irq_side}
    return calling(facts, {a.function for a in facts.accesses
                           if a.key in changed and a.kind is not AccessKind.READ and a.function and a.function not in irq_side})
