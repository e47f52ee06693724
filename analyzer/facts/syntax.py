"""Small readers of C syntax nodes that several families share: names, types, storage, text.

They read a node and its children only (no walk of the tree), so any family may call them
per match.
"""
from __future__ import annotations

import re

from ..source import SourceFile

_SPACES = re.compile(r"\s+")
_ERRNO = re.compile(r"^-\s*E[A-Z0-9]+$")
# The node kinds a statement_of() climb stops at.
STATEMENT_TYPES = frozenset(
    {"expression_statement", "return_statement", "declaration", "if_statement", "while_statement",
     "for_statement", "do_statement", "switch_statement", "field_declaration"}
)


def identifier_text(data: bytes, start: int, end: int) -> str:
    """data[start:end] as text when it is a plain ASCII identifier (no collapse needed), else ""."""
    raw = data[start:end]
    if raw.isascii():
        text = raw.decode("ascii")
        if text.isidentifier():
            return text
    return ""


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def is_errno(text: str) -> bool:
    """`-EFAULT`, `- EINVAL`: a negated E-constant."""
    return bool(_ERRNO.match(text))


def declarator_name(node) -> tuple[str, object]:
    """The identifier a (possibly nested) declarator declares, and its node."""
    while node is not None and node.type not in ("identifier", "field_identifier", "type_identifier"):
        inner = node.child_by_field_name("declarator")
        if inner is None:
            # parenthesized_declarator and friends keep the name in a plain child
            inner = next((c for c in node.named_children if c.type.endswith("declarator") or c.type == "identifier"), None)
        node = inner
    if node is None:
        return "", None
    return node.text.decode("utf-8", "replace"), node


def pointer_prefix(declarator) -> str:
    stars = ""
    while declarator is not None and declarator.type in ("pointer_declarator", "init_declarator", "function_declarator"):
        if declarator.type == "pointer_declarator":
            stars += "*"
        declarator = declarator.child_by_field_name("declarator")
    return stars


def annotated_start(source: SourceFile, start: int) -> int:
    """Where a node starting at `start` begins as written: masking blanked the annotations
    before it on its line (`__user char *buf` parses as `char *buf`)."""
    masked, data = source.masked, source.data
    while start > 0 and masked[start - 1] in b" \t":
        start -= 1
    while data[start] in b" \t":
        start += 1
    return start


def storage_classes(node) -> set[str]:
    return {c.text.decode() for c in node.children if c.type == "storage_class_specifier"}


def type_text(node) -> str:
    parts = [c.text.decode("utf-8", "replace") for c in node.children if c.type == "type_qualifier"]
    type_node = node.child_by_field_name("type")
    if type_node is not None:
        parts.append(type_node.text.decode("utf-8", "replace"))
    return collapse(" ".join(parts))


def is_function_declarator(node) -> bool:
    while node is not None:
        if node.type == "function_declarator":
            return True
        node = node.child_by_field_name("declarator")
    return False


def plain_assignments(assigns, left_type: str):
    """(assignment, left, right) of the `left = right` assignments among `assigns` whose left is a `left_type`."""
    for assign in assigns:
        left = assign.child_by_field_name("left")
        if left is None or left.type != left_type:
            continue
        operator, right = assign.child_by_field_name("operator"), assign.child_by_field_name("right")
        if operator is not None and operator.type == "=" and right is not None:
            yield assign, left, right
