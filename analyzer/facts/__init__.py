"""Facts: what every rule reads about a file, extracted once from one parse.

Facts are plain dataclasses (no tree-sitter nodes), so they outlive the syntax
tree, can be pickled to the cache and combined into folder-wide indexes. The
extractor runs a handful of compiled tree-sitter Queries (the matching runs in
C) and only climbs a few parents in Python around each match.

When a rule needs a shape the facts do not carry, teach it here, where every
rule can use it, rather than walking the tree in the rule.

The package, by what each module holds:
  records      the fact dataclasses rules read (Call, Function, Access, ...)
  filefacts    FileFacts: one file's facts and the lookups rules ask of them
  family       Family, the unit of extraction, and the FileFacts attributes of each
  extractor    the Extractor: the tree, navigation, and ensure() of families
  functions, macros, calls, initializers (struct_inits, member_assigns),
  variables (globals, locals, assignments), structs, locks (lock_regions),
  accesses     one module per fact family: its queries, extraction and lazy fields
  queries      the C grammar, FileQuery and the one-walk matching
  parsing      the parse within its CPU-time budget
  syntax, lazy helpers the families share
"""
from __future__ import annotations

from ..source import SourceFile
from . import parsing
from .accesses import irq_roots, reachable
from .extractor import Extractor
from .family import ATTRIBUTE_FAMILY, ATTRIBUTES, Family, family_of
from .filefacts import FileFacts
from .parsing import ParseBudgetExceeded
from .queries import C_LANGUAGE, FileQuery, file_matches, matches
from .records import (Access, AccessKey, AccessKind, Assignment, Call, Exit, ExitKind, FactKind, Function, Global,
                      Invocation, LocalVar, LockKind, LockRegion, Macro, MemberAssign, Param, StructDef, StructInit, Test,
                      TestKind, UsageKind)
from .syntax import collapse, is_errno

__all__ = [
    "ATTRIBUTES", "C_LANGUAGE", "PARSE_BUDGET_SECONDS", "Access", "AccessKey", "AccessKind", "Assignment", "Call",
    "Exit", "ExitKind", "Extractor", "FactKind", "Family", "FileFacts", "FileQuery", "Function", "Global", "Invocation",
    "LocalVar", "LockKind", "LockRegion", "Macro", "MemberAssign", "Param", "ParseBudgetExceeded", "StructDef",
    "StructInit", "Test", "TestKind", "UsageKind", "collapse", "extract", "family_of", "file_matches", "irq_roots",
    "is_errno", "matches", "parse", "reachable",
]

# The most one file's parse may take, in CPU seconds (see parsing.py). Read at each parse, so a
# test may lower it here.
PARSE_BUDGET_SECONDS = 20.0


def parse(source: SourceFile):
    """The syntax tree of `source`, within PARSE_BUDGET_SECONDS (else ParseBudgetExceeded)."""
    return parsing.parse(source, PARSE_BUDGET_SECONDS)


def extract(source: SourceFile, extras=frozenset()) -> FileFacts:
    """Parse `source` once and return its facts. `extras` names the facts to extract right
    away, in one walk of the tree (FileFacts attributes, as in Rule.needs, or Family members);
    every other family is extracted from the same tree when first read."""
    tree = parse(source)  # the package's parse, which a test may replace
    extractor = Extractor(source, tree)
    extractor.ensure({_family(name) for name in extras})
    return extractor.facts


def _family(name) -> Family:
    """The Family of a FileFacts attribute (`globals`), of a family's name (`declarations`), or itself."""
    if isinstance(name, Family):
        return name
    return ATTRIBUTE_FAMILY.get(name) or Family(name)
