"""A bound on the syntax trees one worker holds while it checks a folder.

A file's facts are worked out from its syntax tree when a rule first reads them
(kmodlint.facts), and a folder's rules read the facts, and the trees, of every
file of the folder: so the engine used to keep every tree of a folder until its
rules had run. A tree costs about thirty times its file's size, and a folder of
5,000 generated files took gigabytes in one worker.

`TreeBudget` keeps at most `limit` trees. A file past the limit is released:
its tree, and every node its facts hold, are dropped; the facts themselves stay.
When anything reads what only the tree can say (a call's usage, a function's
flow, the driver model's lock walk), the file is parsed again from the same
bytes, which gives the same tree, so every answer is the one the first tree
would have given; the least recently used file is then released in its turn.
A folder of at most `limit` parsed files is never touched by any of this.
"""
from __future__ import annotations

from collections import OrderedDict

from . import facts as facts_module

# Parsed files whose trees one worker keeps at once (the rest are parsed again when read).
# At 64, 5 folders of drivers/ had more parsed files than this and parsed 1,425 files again
# (rules that read every sibling's call arguments or function linkage thrash them): the
# audit took 1.11x the CPU of an unbounded one. At 256 it takes the same, and the peak
# worker RSS on drivers/ stays under 400 MB; a tree is ~40x its file's size, so the bound
# is what keeps a folder of thousands of files from holding GBs.
TREES_PER_FOLDER = 256

# The lazy facts' fields that hold syntax nodes (kmodlint.facts._Described): (extractor, node).
_LAZY_FAMILIES = ("calls", "functions", "locals")


class TreeBudget:
    """The trees of one folder's parsed files, at most `limit` of them at once."""

    def __init__(self, limit: int = TREES_PER_FOLDER):
        self.limit = limit
        self.files: list = []  # every file's facts, in the order they were parsed
        self.held: OrderedDict[int, _Handle] = OrderedDict()  # least recently used first
        self.bounded = False  # True once the folder has more parsed files than the limit
        self.revived = 0  # parses after the first (for the tests and --statistics)
        self.peak = 0  # the most trees held at once

    def admit(self, facts) -> None:
        """A file just parsed: its tree counts from now on."""
        if facts.extractor is None:
            return
        self.files.append(facts)
        if self.bounded:
            self._touch(_Handle(self, facts))
        elif len(self.files) > self.limit:
            # From here on the folder is bounded: every file's tree goes through a handle.
            self.bounded = True
            for each in self.files:
                self._touch(_Handle(self, each))
        self.peak = max(self.peak, len(self.held) if self.bounded else len(self.files))

    def _touch(self, handle: "_Handle") -> None:
        key = id(handle)
        if key in self.held:
            self.held.move_to_end(key)
            return
        self.held[key] = handle
        while len(self.held) > self.limit:
            _, oldest = self.held.popitem(last=False)
            oldest.release()
        self.peak = max(self.peak, len(self.held))


class _Handle:
    """Stands in for a file's extractor (FileFacts.extractor) once its folder is bounded: the
    extractor itself while the tree is held, parsed again when released and read."""

    def __init__(self, budget: TreeBudget, facts):
        extractor = facts.extractor
        # Names that cannot be an extractor's own: every other attribute is the extractor's.
        self._budget_of_tree = budget
        self._facts_of_tree = facts
        self._extractor_of_tree = extractor
        self._families_of_tree: frozenset[str] = frozenset()
        self._class_of_tree = type(extractor)
        self.source = extractor.source  # the bytes and masked views stay: no parse needed to read them
        facts.extractor = self

    def __getattr__(self, name: str):
        if name.endswith("_of_tree") or name.startswith("__"):  # not set yet (a copy): not the extractor's
            raise AttributeError(name)
        return getattr(self._held(), name)

    def _held(self):
        extractor = self._extractor_of_tree
        if extractor is None:
            extractor = self._extractor_of_tree = self._revive()
        self._budget_of_tree._touch(self)
        return extractor

    def _revive(self):
        """The extractor of a tree parsed again: the same tree, working on the same facts."""
        budget = self._budget_of_tree
        budget.revived += 1
        try:
            tree = facts_module.parse(self.source)
        except facts_module.ParseBudgetExceeded:
            # Parsed within its budget once: a slow moment. Still bounded (nothing may hang), and
            # past that the rule that asked fails and the run says so.
            tree = facts_module.parsing.parse(self.source, 4 * facts_module.PARSE_BUDGET_SECONDS)
        extractor = self._class_of_tree(self.source, tree)
        # The function index enclosing_function() reads (a family is a name, or a facts.Family).
        functions = [f for f in self._families_of_tree if getattr(f, "value", f) == "functions"]
        if functions:
            extractor.ensure(set(functions))
        extractor.facts = self._facts_of_tree  # the facts extracted first, not the copy above
        extractor.done = set(self._families_of_tree)
        return extractor

    def release(self) -> None:
        extractor = self._extractor_of_tree
        if extractor is None:
            return
        self._families_of_tree = frozenset(extractor.done)
        facts = self._facts_of_tree
        for family in _LAZY_FAMILIES:
            for lazy in facts.__dict__.get(family, ()):
                held = lazy.__dict__.get("_node")
                if held is not None and held[0] is extractor:
                    lazy.__dict__["_node"] = _Released((self, _place(held[1])))
        self._extractor_of_tree = None

    def resolve(self, place):
        """The node of the tree held now at `place` (from _place)."""
        if isinstance(place, _Place):
            return _find(self._held().root, place)
        return tuple(self.resolve(p) for p in place)


class _Released(tuple):
    """A released lazy fact's (extractor, node): (handle, place). Unpacked, as the lazy field
    does (`extractor, node = fact._node`), it is the extractor of the tree held now and the
    node at that place in it, parsed again when need be."""

    def __iter__(self):
        handle, place = tuple.__getitem__(self, 0), tuple.__getitem__(self, 1)
        node = handle.resolve(place)
        return iter((handle._held(), node))


class _Place(tuple):
    """Where a node was: (start byte, end byte, kind)."""


def _place(node):
    if isinstance(node, tuple):  # a local's (declaration, declarator, name)
        return tuple(_place(n) for n in node)
    return _Place((node.start_byte, node.end_byte, node.type))


def _find(root, place: _Place):
    start, end, kind = place
    node = root.descendant_for_byte_range(start, end)
    while node is not None and not (node.start_byte == start and node.end_byte == end and node.type == kind):
        node = node.parent
    if node is not None:
        return node
    # Not above the smallest node there (a zero-width MISSING node is a leaf beside it): search
    # down every child that holds the range.
    below = [root]
    while below:
        node = below.pop()
        if node.start_byte == start and node.end_byte == end and node.type == kind:
            return node
        below.extend(child for child in reversed(node.children) if child.start_byte <= start and end <= child.end_byte)
    raise LookupError(f"no {kind} node at bytes {start}-{end} in the tree parsed again")
