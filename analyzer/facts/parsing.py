"""The one parse of a file, within a CPU-time budget.

A kernel file parses in well under a second; a file made to be slow (thousands of
unterminated comments) could take hours at the size limit, and the scanned tree is
untrusted: a parse over budget is stopped and the file reported as not analysed. The
budget is the caller's (kmodlint.facts.PARSE_BUDGET_SECONDS, which tests lower).
"""
from __future__ import annotations

import time

import tree_sitter

from ..source import SourceFile
from .queries import C_LANGUAGE

_parser: tree_sitter.Parser | None = None
_CHUNK = 1 << 16


class ParseBudgetExceeded(Exception):
    """The file could not be parsed within its budget: it is reported as not analysed."""


def parse(source: SourceFile, budget_seconds: float) -> tree_sitter.Tree:
    """The syntax tree of `source`'s masked bytes; ParseBudgetExceeded after `budget_seconds` of CPU time."""
    global _parser
    if _parser is None:
        _parser = tree_sitter.Parser(C_LANGUAGE)
    data = source.masked
    # CPU time, not wall-clock: a busy CI machine must not turn a slow parse into a failure.
    deadline = time.process_time() + budget_seconds
    # tree-sitter calls the progress callback only when it reads through a callback, and
    # stops when it returns True (ValueError "Parsing failed").
    try:
        budgeted = _parser.parse(lambda offset, _point: data[offset:offset + _CHUNK],
                                 progress_callback=lambda *_state: time.process_time() > deadline)
        # A tree read through a callback reads Node.text through it too (a Python call and a
        # copy per text: 3 times slower rules); parsed again from the bytes with it as the old
        # tree, every node is reused, for about a third of a parse.
        return _parser.parse(data, old_tree=budgeted)
    except ValueError:
        _parser.reset()  # else the next parse resumes this one
        if time.process_time() > deadline:
            raise ParseBudgetExceeded(f"parsing took longer than the "
                                      f"{budget_seconds:g} s budget for one file; not analysed") from None
        raise
