"""GitHub code scanning's `primaryLocationLineHash`, computed as upload-sarif computes it.

upload-sarif fills `partialFingerprints.primaryLocationLineHash` itself when a
result has none, and warns for every result whose value differs from its own.
So kmodlint computes the same value: a polynomial hash (base 37, mod 2**64) of
the 100 characters that start at the line, counted after dropping spaces and
tabs and turning CR LF and lone CR into LF, continuing over the next lines and
padded after the end of the file with one U+FFFF and then NULs; characters are
UTF-16 code units, as in JavaScript. `hash:n` says it is the n-th line of the
file with that hash (lines are numbered the JavaScript way, CR counting as a
line break, which is kmodlint's numbering for any file without a lone CR).

Equal hashes of different windows are counted apart here (the count goes by
window text); with a 64-bit hash that changes nothing in practice.
"""
from __future__ import annotations

import re

WINDOW = 100
_MASK = (1 << 64) - 1
_POWERS = [pow(37, WINDOW - 1 - i, 1 << 64) for i in range(WINDOW)]
_PADDING = "\uffff" + "\0" * WINDOW
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _utf16_units(match: re.Match) -> str:
    """An astral character as its two surrogates: one str character per UTF-16 code unit."""
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _hash(window: str) -> str:
    value = 0
    for char, power in zip(window, _POWERS):
        value += ord(char) * power
    return format(value & _MASK, "x")


def line_hashes(text: str, wanted) -> dict[int, str]:
    """`{line: "hash:n"}` for each 1-based line in `wanted` that `text` (the decoded file) has."""
    stream = text.replace("\r\n", "\n").replace("\r", "\n").replace(" ", "").replace("\t", "")
    stream = _ASTRAL.sub(_utf16_units, stream) + _PADDING
    wanted = set(wanted)
    last = max(wanted, default=0)
    seen: dict[str, int] = {}
    hashes = {}
    line, start = 1, 0
    # The counter needs every line up to the last wanted one; hashing only the wanted
    # ones keeps this linear in C-level slicing, not in Python arithmetic per character.
    while line <= last:
        window = stream[start:start + WINDOW]
        seen[window] = seen.get(window, 0) + 1
        if line in wanted:
            hashes[line] = f"{_hash(window)}:{seen[window]}"
        start = stream.find("\n", start)
        if start < 0 or start >= len(stream) - len(_PADDING):
            break
        start += 1
        line += 1
    return hashes


def file_text(lines: list[str]) -> str:
    """The file as upload-sarif reads it, from RunResult.sources lines (surrogateescape-decoded,
    trailing CR dropped): undecodable bytes become U+FFFD, as Node's UTF-8 decoder makes them."""
    return "\n".join(lines).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
