"""Reading names out of expression text, shared by rules that follow values by name."""
from __future__ import annotations

import re

_LAST_NAME = re.compile(r"(\w+)\s*\)?\s*$")
_IDENTIFIERS = re.compile(r"[A-Za-z_]\w*")


def last_name(expression: str) -> str:
    """`dev->state.portid` -> `portid`: the member or variable an expression ends in."""
    match = _LAST_NAME.search(expression)
    return match.group(1) if match else ""


def identifiers(expression: str) -> list[str]:
    return _IDENTIFIERS.findall(expression)
