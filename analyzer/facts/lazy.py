"""Lazy facts: records whose costly fields are worked out from the syntax tree on first read.

A file has hundreds of calls and functions, and rules look closely at a few: the families
(calls.py, functions.py, variables.py) build lazy subclasses of the records that hold their
node, and name for each costly field the fill function that works it out.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Callable


class _Described:
    """A field of a lazy fact (_LazyCall, _LazyFunction, _LazyLocal) worked out on first read. A non-data
    descriptor: once filled in, the values sit in the instance's __dict__, which Python reads first."""

    def __init__(self, fill: Callable[..., dict]):
        # The Extractor method (given the extractor and the fact's node) that returns the fields:
        # several fields of one fact often share one fill, which sets them all.
        self.fill = fill

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, fact, owner=None):
        if fact is None:
            return getattr(owner._plain_type, self.name)
        extractor, node = fact.__dict__["_node"]
        fact.__dict__.update(self.fill(extractor, node))
        return fact.__dict__[self.name]


class _Lazy:
    """Mixed into a lazy fact class (before the plain fact class it stands for, `_plain_type`):
    equal to, hashed and pickled as that plain fact."""

    _plain_type: type

    def plain(self):
        return self._plain_type(**{f.name: getattr(self, f.name) for f in fields(self._plain_type)})

    def __eq__(self, other):
        if isinstance(other, self._plain_type):
            return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self._plain_type))
        return NotImplemented

    def __hash__(self):
        return hash(self.plain())

    def __reduce__(self):
        return self._plain_type, tuple(getattr(self, f.name) for f in fields(self._plain_type))


def described_fields(lazy_type: type) -> set[str]:
    """The fields `lazy_type` works out on first read."""
    return {name for name, value in vars(lazy_type).items() if isinstance(value, _Described)}
