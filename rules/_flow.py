"""Control flow of one function recovered from its text: blocks, jumps, labels.

Shared by rules that ask "can control get from A to B" (a use after an unlock,
an unmap on the completion path). The fact model does not carry statements
yet; when it learns them, these rules should read them from there.
"""
from __future__ import annotations

import re

from kmodlint.source import blank_comments_and_literals

_JUMP = re.compile(rb"\b(return|goto|break|continue)\b")
_LABEL = re.compile(rb"(?:^|[;{}])\s*([A-Za-z_]\w*)\s*:(?!:)", re.M)
_WORD = re.compile(rb"[A-Za-z_]\w*")
_LOOP_WORDS = (b"while", b"for", b"do", b"switch")


class Flow:
    """Blocks, jumps and labels of one function, recovered from its text."""

    def __init__(self, source, function):
        self.base = function.start_byte
        self.code = blank_comments_and_literals(source.masked[function.start_byte:function.end_byte])
        stack, self.blocks = [], []
        self.close_of: dict[int, int] = {}
        for i, c in enumerate(self.code):
            if c == 0x7B:  # {
                stack.append(i)
            elif c == 0x7D and stack:  # }
                o = stack.pop()
                self.close_of[o] = i
                if self._is_statement_block(o):
                    self.blocks.append((o, i))
        self.blocks.sort()
        self.labels = {}
        for m in _LABEL.finditer(self.code):
            word = m.group(1)
            if word not in (b"default", b"case", b"else", b"public", b"private"):
                self.labels.setdefault(word.decode(), m.start(1))

    # -- text helpers (offsets relative to the function), also used by the rules

    def prev_char(self, i: int) -> int:
        i -= 1
        while i >= 0 and self.code[i] in b" \t\r\n\\":
            i -= 1
        return i

    def next_char(self, i: int) -> int:
        while i < len(self.code) and self.code[i] in b" \t\r\n\\":
            i += 1
        return i

    def word_before(self, i: int) -> bytes:
        end = i + 1
        while i >= 0 and (chr(self.code[i]).isalnum() or self.code[i] == 0x5F):
            i -= 1
        return self.code[i + 1:end]

    def word_at(self, i: int) -> bytes:
        m = _WORD.match(self.code, i)
        return m.group(0) if m else b""

    def match_paren_back(self, close: int) -> int:
        depth = 0
        for i in range(close, -1, -1):
            if self.code[i] == 0x29:
                depth += 1
            elif self.code[i] == 0x28:
                depth -= 1
                if depth == 0:
                    return i
        return -1

    def match_paren(self, open_: int) -> int:
        depth = 0
        for i in range(open_, len(self.code)):
            if self.code[i] == 0x28:
                depth += 1
            elif self.code[i] == 0x29:
                depth -= 1
                if depth == 0:
                    return i
        return len(self.code) - 1

    def _is_statement_block(self, o: int) -> bool:
        p = self.prev_char(o)
        return p < 0 or self.code[p] in b";{}):" or self.word_before(p) in (b"else", b"do")

    def head(self, o: int) -> bytes:
        """The keyword that owns the block opening at `o`: if, else, while, for, do, switch, or b""."""
        p = self.prev_char(o)
        if p < 0:
            return b""
        if self.code[p] == 0x29:
            q = self.prev_char(self.match_paren_back(p))
            return self.word_before(q) if q >= 0 else b""
        return self.word_before(p)

    # -- structure

    def block_at(self, i: int):
        """The innermost statement block holding offset `i`."""
        best = None
        for o, c in self.blocks:
            if o < i < c:
                best = (o, c)
            elif o > i:
                break
        return best

    def skip_statement(self, i: int) -> int:
        """Offset just after the statement starting at `i`."""
        i = self.next_char(i)
        if i >= len(self.code):
            return i
        if self.code[i] == 0x7B:
            return self.close_of.get(i, len(self.code) - 1) + 1
        word = self.word_at(i)
        if word in (b"if", b"while", b"for", b"switch"):
            j = self.next_char(i + len(word))
            end = self.skip_statement(self.match_paren(j) + 1)
            if word == b"if":
                k = self.next_char(end)
                if self.word_at(k) == b"else":
                    end = self.skip_statement(k + 4)
            return end
        if word == b"do":
            end = self.skip_statement(i + 2)
            k = self.next_char(end)
            if self.word_at(k) == b"while":
                k = self.match_paren(self.next_char(k + 5)) + 1
                k = self.next_char(k)
                return k + 1 if k < len(self.code) and self.code[k] == 0x3B else k
            return end
        depth = 0
        while i < len(self.code):
            c = self.code[i]
            if c in b"([{":
                depth += 1
            elif c in b")]}":
                depth -= 1
                if depth < 0:
                    return i
            elif c == 0x3B and depth == 0:
                return i + 1
            i += 1
        return i

    def statement_end(self, i: int) -> int:
        """Just after the `;` ending the expression statement holding offset `i`."""
        depth = 0
        while i < len(self.code):
            c = self.code[i]
            if c in b"([":
                depth += 1
            elif c in b")]":
                depth -= 1
            elif c == 0x3B and depth <= 0:
                return i + 1
            elif c in b"{}":
                return i
            i += 1
        return i

    def unconditional(self, j: int) -> bool:
        p = self.prev_char(j)
        return p < 0 or self.code[p] in b";{}:" or False

    def loop_block(self, i: int):
        """The innermost loop or switch body holding `i` (for break/continue)."""
        best = None
        for o, c in self.blocks:
            if o < i < c and self.head(o) in _LOOP_WORDS:
                best = (o, c)
            elif o > i:
                break
        return best

    def reaches(self, start: int, target: int, _seen=None) -> bool:
        """Can control, just after the statement at absolute offset `start`, get to absolute `target`?"""
        return self._reaches(self.statement_end(start - self.base), target - self.base, set())

    def _reaches(self, pos: int, target: int, seen: set) -> bool:
        if pos in seen or pos > target:
            return False
        seen.add(pos)
        if pos < len(self.code) and self.code[pos] == 0x7D:  # the end of a guard(rcu) block
            block = self.block_at(pos - 1)
            pos += 1
            if block is not None and self.head(block[0]) == b"do":
                k = self.next_char(pos)
                if self.word_at(k) == b"while":
                    pos = self.skip_statement(k)
        k = self.next_char(pos)
        if self.word_at(k) == b"else":  # leaving an unbraced then-arm: skip the else arm
            end = self.skip_statement(k + 4)
            if k <= target < end:
                return False
            pos = end
        while True:
            block = self.block_at(pos)
            if block is None:
                return False
            o, c = block
            stop = min(target, c)
            for m in _JUMP.finditer(self.code, pos, stop):
                j = m.start()
                if self.block_at(j) != block or not self.unconditional(j):
                    continue
                kind = m.group(1)
                if kind == b"return":
                    return target < self.statement_end(j)  # the target is in the returned expression
                if kind == b"goto":
                    label = self.word_at(self.next_char(m.end())).decode()
                    where = self.labels.get(label)
                    return where is not None and j < where and self._reaches(where, target, seen)
                loop = self.loop_block(j)
                if loop is None or loop[0] < target < loop[1]:
                    return False
                return self._reaches(loop[1] + 1, target, seen)
            if target <= c:
                return True
            # Control falls out of the block at `c`.
            after = c + 1
            head = self.head(o)
            if head == b"if" or head == b"else":
                k = self.next_char(after)
                if self.word_at(k) == b"else":
                    end = self.skip_statement(k + 4)
                    if k <= target < end:
                        return False
                    after = end
            elif head == b"do":
                k = self.next_char(after)
                if self.word_at(k) == b"while":
                    after = self.skip_statement(k)  # `while (cond);`
            pos = after
            if pos > target:
                return False

    def depth_zero(self, offset: int) -> bool:
        """Is absolute `offset` directly in the function body (not in a nested block)?"""
        block = self.block_at(offset - self.base)
        return block is not None and block == self.blocks[0]

    def code_between(self, start: int, end: int) -> bytes:
        return self.code[start - self.base:end - self.base]


def flow_of(ctx, function_name: str) -> Flow | None:
    cache = ctx.facts.__dict__.setdefault("_flows", {})
    if function_name not in cache:
        function = ctx.facts.function(function_name)
        cache[function_name] = Flow(ctx.source, function) if function is not None else None
    return cache[function_name]
