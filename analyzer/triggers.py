"""Which trigger words a file holds, in fewer passes over its bytes than there are words.

Every file of a scan is searched for the rules' trigger words before anything
is parsed; on a kernel tree that is a gigabyte, most of it in files that hold
none of them (the register headers of drivers/gpu alone are 450 MB). Python's
`word in data` is a fast substring search in C, but one pass per word, and an
alternation regex is slower still (it tries each branch at every byte). So the
words are searched as a tree: words that share a part (`copy_from_user`,
`put_user`, `__user` ... share `_user`; `request_irq`, `_lock_irq` ... share
`_irq`) are searched only in the files that hold that part, and a word that
contains another trigger word (`send_sig_info`, `send_sig`) only where that
one is. A file without any costs one pass per top-level part: about half the
passes of one per word, with the same answer (tests/test_parallel_cache.py
checks it against a plain search).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# A shared part costs one pass, and a pass per word below it in the files that hold it: it
# pays when it is rare. Short parts are common ("init", "dev_" are in most driver files),
# so a part shared by fewer words must be longer: `_user` groups eight words, `_irq`
# six, `module_` two. (Not a frequency table: words of new rules group themselves.)
_MIN_PART = 4
_MIN_PART_FOR_FEW = 5  # for a part shared by two or three words


# Bytes of C source from the rarest to the most common (drivers/*.c of Linux 6.12, sampled).
_RARITY = b"JZjQY9z7WKH46XV:58qBGF3U2y1wLMPkNODCxSATRIbE0ghvfmplucodnasirte"
# A needle shorter than this is found faster by a regex that starts at its rarest byte: sre
# skips to that byte in a tight loop (memchr-like, and the register headers, nearly half of
# drivers/ by size, hold few lowercase letters), where `in` advances a byte at a time on each
# false hit of its bloom filter. A longer needle skips further per step with `in`.
_SHORT = 11


def _finder(part: bytes):
    """A test `data -> truthy` of whether `part` occurs in data."""
    if len(part) >= _SHORT:
        return lambda data: part in data
    rank = {byte: index for index, byte in enumerate(_RARITY)}
    i = min(range(len(part)), key=lambda k: rank.get(part[k], len(_RARITY)))
    if i == 0:
        return re.compile(re.escape(part)).search
    # `c(?<=prefix c)suffix`: matched where the rare byte c is, then checked both ways.
    return re.compile(re.escape(part[i:i + 1]) + rb"(?<=" + re.escape(part[:i + 1]) + rb")"
                      + re.escape(part[i + 1:])).search


@dataclass
class _Node:
    part: bytes
    is_word: bool
    children: list["_Node"] = field(default_factory=list)
    found: object = None  # _finder(part)

    def __post_init__(self) -> None:
        self.found = _finder(self.part)


class TriggerSearch:
    """present(data): the words (of those given) that occur in data, found through shared parts."""

    def __init__(self, words):
        self.words = frozenset(words)
        minimal = [w for w in sorted(self.words) if not any(v != w and v in w for v in self.words)]
        nodes = {w: _Node(w, True) for w in minimal}
        # Words holding another word hang below the first such word.
        for word in sorted(self.words - set(minimal)):
            parent = next(v for v in minimal if v in word)
            nodes[parent].children.append(_Node(word, True))
        self.roots: list[_Node] = []
        ungrouped = list(minimal)
        while True:
            part, members = _best_shared_part(ungrouped)
            if part is None:
                break
            self.roots.append(_Node(part, part in nodes, [nodes[w] for w in members if w != part]))
            ungrouped = [w for w in ungrouped if w not in members]
        self.roots.extend(nodes[w] for w in ungrouped)

    def present(self, data: bytes) -> set[bytes]:
        found: set[bytes] = set()
        todo = [node for node in self.roots if node.found(data)]
        while todo:
            node = todo.pop()
            if node.is_word:
                found.add(node.part)
            todo.extend(child for child in node.children if child.found(data))
        return found


def _best_shared_part(words: list[bytes]) -> tuple[bytes | None, list[bytes]]:
    """The substring (with an underscore: part of an identifier's structure, not of a common
    word) shared by the most words, longest first; (None, []) when none is shared by enough."""
    counts: dict[bytes, set[bytes]] = {}
    for word in words:
        for size in range(_MIN_PART, len(word) + 1):
            for start in range(len(word) - size + 1):
                part = word[start:start + size]
                if b"_" in part and part.strip(b"_"):
                    counts.setdefault(part, set()).add(word)
    worth = [(part, members) for part, members in counts.items()
             if len(members) >= 4 or (len(members) >= 2 and len(part) >= _MIN_PART_FOR_FEW)]
    best = max(worth, key=lambda item: (len(item[1]), len(item[0]), item[0]), default=None)
    if best is None:
        return None, []
    return best[0], sorted(best[1])
