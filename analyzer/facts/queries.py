"""Tree-sitter queries: the one C grammar, the query type the families declare, and the walks.

Each family module declares the FileQuery objects it reads (the node kinds it wants); the
extractor asks file_matches() for the queries of every family it extracts at once, compiled
into one Query, so the tree is walked once for all of them (each Query is a walk of its own,
about a third of the parse). The matching runs in C; Python sees only the captured nodes.
"""
from __future__ import annotations

import operator
from functools import lru_cache
from typing import Iterable, NamedTuple

import tree_sitter
import tree_sitter_c

C_LANGUAGE = tree_sitter.Language(tree_sitter_c.language())


class FileQuery(NamedTuple):
    """A query and the names of its captures. A whole-file query's captures are node kinds, read
    with captures(): a match object per node costs more than a list of nodes. Its main capture
    is named after the query (`name`), so the nodes are file_matches(...)[query.name]."""

    name: str
    source: str
    captures: tuple[str, ...] = ()  # the captures file_matches() returns; () for (name,)

    def captured(self) -> tuple[str, ...]:
        return self.captures or (self.name,)


@lru_cache(maxsize=None)
def compiled(query: FileQuery) -> tree_sitter.Query:
    return tree_sitter.Query(C_LANGUAGE, query.source)


@lru_cache(maxsize=None)
def _combined_query(queries: tuple[FileQuery, ...]) -> tree_sitter.Query:
    return tree_sitter.Query(C_LANGUAGE, "\n".join(q.source for q in queries))


def file_matches(root, queries: Iterable[FileQuery]) -> dict[str, list]:
    """The nodes each capture of the whole-file `queries` captures, in document order, from one walk."""
    queries = tuple(sorted(set(queries)))  # one order for one set: one compiled Query
    if not queries:
        return {}
    captured = tree_sitter.QueryCursor(_combined_query(queries)).captures(root)
    # captures() groups by capture name but not in document order: sort (outer node first), by
    # end descending and then, stably, by start: two sorts with C-level keys, no call per node.
    ordered = {}
    for name in (name for query in queries for name in query.captured()):
        nodes = sorted(captured.get(name, ()), key=_END, reverse=True)
        nodes.sort(key=_START)
        ordered[name] = nodes
    return ordered


_START, _END = operator.attrgetter("start_byte"), operator.attrgetter("end_byte")


def matches(query: FileQuery, node) -> list:
    """The (pattern index, {capture: nodes}) matches of `query` below `node`."""
    return tree_sitter.QueryCursor(compiled(query)).matches(node)


def captures(query: FileQuery, node) -> dict[str, list]:
    """The nodes of each capture of `query` below `node` (not in document order)."""
    return tree_sitter.QueryCursor(compiled(query)).captures(node)


# Whole-file queries that several families read (the families' own queries are in their modules):
# a query named by two families extracted together is walked once.
DECLARATION = FileQuery("declaration", "(declaration) @declaration")  # struct inits, globals and locals
ASSIGN = FileQuery("assign", "(assignment_expression) @assign")  # member assigns, assignments, accesses
