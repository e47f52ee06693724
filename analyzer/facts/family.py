"""Fact families: the unit in which facts are extracted, named by a Family, not a string.

A family is the facts one pass over the query matches works out together, filling one or
two FileFacts attributes. Rules name the attributes they read (Rule.needs: "calls",
"globals", ...); the extractor works in families, and ATTRIBUTE_FAMILY is the one bridge.
Each family module (functions.py, calls.py, ...) declares its FamilySpec: the queries it
reads, the families it builds on, and its extraction.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable

from .queries import FileQuery


class Family(enum.Enum):
    """A fact family, in dependency order (a family builds only on families before it), with the
    FileFacts attributes it fills and the empty container each one starts from."""

    FUNCTIONS = "functions", (("functions", list),)
    MACROS = "macros", (("macros", dict), ("invocations", list))
    CALLS = "calls", (("calls", list),)
    STRUCT_INITS = "struct_inits", (("struct_inits", list),)
    MEMBER_ASSIGNS = "member_assigns", (("member_assigns", list),)
    DECLARATIONS = "declarations", (("globals", list), ("locals", list))
    ASSIGNMENTS = "assignments", (("assignments", list),)
    STRUCTS = "structs", (("structs", dict),)
    LOCK_REGIONS = "lock_regions", (("lock_regions", list),)
    ACCESSES = "accesses", (("accesses", list),)

    def __new__(cls, name: str, containers: tuple[tuple[str, type], ...]):
        member = object.__new__(cls)
        member._value_ = name
        member.containers = dict(containers)  # FileFacts attribute -> its empty container's type
        return member


# FileFacts attribute (the names Rule.needs uses) -> its family.
ATTRIBUTE_FAMILY: dict[str, Family] = {attribute: family for family in Family for attribute in family.containers}
ATTRIBUTES = frozenset(ATTRIBUTE_FAMILY)
# What a read of a family not extracted yet brings: every family but the costly accesses, since
# each walk of the tree costs a third of the parse, whatever it looks for (see FileFacts).
ON_FIRST_READ = frozenset(Family) - {Family.ACCESSES}


def family_of(attribute: str) -> Family:
    """The family a FileFacts attribute (as named in Rule.needs) belongs to."""
    return ATTRIBUTE_FAMILY[attribute]


@dataclass(frozen=True)
class FamilySpec:
    """How a family is extracted: the whole-file queries whose matches it reads, the families whose
    facts it reads (extracted before it), and the Extractor method that fills its attributes."""

    family: Family
    queries: tuple[FileQuery, ...]
    builds_on: tuple[Family, ...]
    extract: Callable[..., None]
