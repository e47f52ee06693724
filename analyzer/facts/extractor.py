"""The Extractor: one file's syntax tree, and the facts worked out from it family by family.

The core here is what every family needs: text and spans of nodes, the enclosing function of
an offset, and cheap climbs to a node's parents (tree-sitter keeps no parent links). Each
family's extraction is a mixin of its own module (functions.py, calls.py, ...), so a family's
queries, extraction and lazy fills sit together; SPECS says which families there are.
ensure() extracts the families asked for, with one walk of the tree for all their queries.
"""
from __future__ import annotations

import bisect

import tree_sitter

from ..model import Span
from ..source import SourceFile
from . import accesses, calls, functions, initializers, locks, macros, structs, variables
from .family import Family, FamilySpec
from .filefacts import FileFacts
from .queries import file_matches
from .syntax import STATEMENT_TYPES, collapse

# How each family is extracted, in Family's (dependency) order.
SPECS: dict[Family, FamilySpec] = {spec.family: spec for spec in (
    functions.SPEC, macros.SPEC, calls.SPEC, initializers.STRUCT_INITS, initializers.MEMBER_ASSIGNS,
    variables.DECLARATIONS, variables.ASSIGNMENTS, structs.SPEC, locks.SPEC, accesses.SPEC)}
assert list(SPECS) == list(Family), "one FamilySpec per family, in Family's order"


class Extractor(functions.FunctionFacts, macros.MacroFacts, calls.CallFacts, initializers.InitializerFacts,
                variables.VariableFacts, structs.StructFacts, locks.LockFacts, accesses.AccessFacts):
    """Works out a file's facts family by family from its one syntax tree, which it keeps
    while the facts are in use (a folder's rules may read a sibling's facts late)."""

    def __init__(self, source: SourceFile, tree: tree_sitter.Tree):
        self.source = source
        self.tree = tree
        self.root = tree.root_node
        self.facts = FileFacts.__new__(FileFacts)
        self.facts.__dict__.update(path=source.path, has_parse_errors=self.root.has_error, suppressions=[])
        self.facts.extractor = self
        self.done: set[Family] = set()
        self._function_starts: list[int] = []
        self._function_nodes: list = []
        self._function_names: list[str] = []
        self._matches: dict[str, list] = {}  # capture name -> its nodes, during one ensure() walk
        self._parents: dict = {}
        # The last path walked down from the root (root first, the node asked for last), and
        # for each of its nodes the index of the nearest statement at or above it (-1: none).
        self._path: list = []
        self._statements: list[int] = []
        # Per function of the file, built when first asked and shared by every rule: its control flow
        # (kmodlint.flow.FunctionFlow, which holds tree nodes: it goes with the tree), by name or start
        # byte, and its control-flow graph (kmodlint.cfg.Graph), by its body's (start, end) bytes.
        self.function_flows: dict = {}
        self.function_graphs: dict = {}

    # -- positions and text

    def span(self, node) -> Span:
        return self.source.span(node.start_byte, node.end_byte)

    def text(self, node) -> str:
        raw = self.source.data[node.start_byte:node.end_byte]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # as SourceFile.text
        return " ".join(text.split())  # collapse(), faster

    def enclosing_function(self, offset: int):
        index = bisect.bisect_right(self._function_starts, offset) - 1
        if index >= 0:
            node = self._function_nodes[index]
            if node.start_byte <= offset < node.end_byte:
                return node
        return None

    def function_name(self, offset: int) -> str:
        index = bisect.bisect_right(self._function_starts, offset) - 1
        if index >= 0 and offset < self._function_nodes[index].end_byte:
            return self._function_names[index]
        return ""

    def _walk_to(self, node) -> None:
        """Make self._path the path from the root down to `node`.

        tree-sitter keeps no parent links: a Node.parent walks down from the root again, so
        asking for the ancestors of every call of a 20,000-deep nesting one by one would be
        quadratic in its depth. The walk starts instead from the deepest node of the last
        path that still contains `node` (paths are asked for in document order, mostly
        inside one another), so a run over a file's nodes costs about one walk of its depth."""
        path, statements = self._path, self._statements
        start, end = node.start_byte, node.end_byte
        low, high = 0, len(path)  # containment is monotone along a path: binary search its end
        while low < high:
            middle = (low + high) // 2
            ancestor = path[middle]
            if ancestor.start_byte <= start and end <= ancestor.end_byte and ancestor != node:
                low = middle + 1
            else:
                high = middle
        del path[low:], statements[low:]
        current = path[-1].child_with_descendant(node) if path else self.root
        while current is not None:
            statements.append(len(path) if current.type in STATEMENT_TYPES
                              else (statements[-1] if statements else -1))
            path.append(current)
            if current == node:
                return
            current = current.child_with_descendant(node)
        if low == 0:  # not below the root (a node of another tree): as far as the walk went
            statements.append(len(path) if node.type in STATEMENT_TYPES else (statements[-1] if statements else -1))
            path.append(node)
            return
        del path[:], statements[:]  # a range that contained `node` without holding it: from the root
        self._walk_to(node)

    def ancestors(self, node) -> list:
        """`node`'s ancestors, the root first (see _walk_to)."""
        self._walk_to(node)
        return self._path[:-1]

    def parent(self, node):
        """node.parent, without tree-sitter's walk from the root (see _walk_to)."""
        try:
            return self._parents[node]
        except KeyError:
            self._walk_to(node)
            parent = self._path[-2] if len(self._path) > 1 else None
            self._parents[node] = parent
            return parent

    def statement_of(self, node):
        """The nearest statement at or above `node`, or the root when there is none."""
        self._walk_to(node)
        index = self._statements[-1]
        return self._path[index] if index >= 0 else self.root

    def climb_parens(self, node):
        """Skip enclosing parentheses: the first ancestor that is not one, and the child below it."""
        parent = self.parent(node)
        while parent is not None and parent.type == "parenthesized_expression":
            node, parent = parent, self.parent(parent)
        return node, parent

    def bounded_text(self, node, limit: int) -> str:
        """self.text(node)[:limit], reading only as much of the node as that takes
        (a statement can be a whole 200 KB table, and a file holds thousands of calls)."""
        start, end, window = node.start_byte, node.end_byte, 4 * limit
        while True:
            stop = min(end, start + window)
            text = collapse(self.source.text(start, stop))
            if stop == end or len(text) > limit + 4:  # +4: a character cut at the window's edge
                return text[:limit]
            window *= 4

    def statement_text(self, node) -> str:
        node = self.statement_of(node)
        if node.type == "if_statement":  # only the condition, not the whole branch
            node = node.child_by_field_name("condition") or node
        return self.bounded_text(node, 240)

    # -- extraction

    # -- extraction

    def ensure(self, families) -> None:
        """Extract `families` (and what they build on) that are not extracted yet, with one
        walk of the tree for all their queries."""
        wanted: set[Family] = set()
        todo = [f for f in families if f not in self.done]
        while todo:
            family = todo.pop()
            if family not in wanted and family not in self.done:
                wanted.add(family)
                todo.extend(SPECS[family].builds_on)
        if not wanted:
            return
        self._matches = file_matches(self.root, (q for f in wanted for q in SPECS[f].queries))
        try:
            for family, spec in SPECS.items():  # in dependency order
                if family in wanted:
                    for attribute, empty in family.containers.items():
                        self.facts.__dict__[attribute] = empty()
                    self.done.add(family)
                    spec.extract(self)
        finally:
            self._matches = {}  # the captured nodes of one walk are not needed after it
