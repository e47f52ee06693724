"""Suppression comments: which ids, and which reason, a comment gives."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kmodlint.source import SourceFile
from kmodlint.suppress import find_suppressions, has_reason


def parse(text: str):
    return find_suppressions(SourceFile("a.c", text.encode("utf-8")))


@pytest.mark.parametrize("text, ids, reason", [
    ("x(); /* kmodlint: ignore[a-rule] best effort */ y();", ("a-rule",), "best effort"),
    ("x(); /* kmodlint: ignore[a-rule] -- best effort */", ("a-rule",), "best effort"),
    ("x(); // kmodlint: ignore[a-rule, b-rule] -- legacy ABI", ("a-rule", "b-rule"), "legacy ABI"),
    ("x(); /* kmodlint: ignore[a-rule] */", ("a-rule",), ""),
    ("x(); /* kmodlint: ignore[a-rule] -- */", ("a-rule",), ""),
    ("x(); // kmodlint: ignore[a-rule]", ("a-rule",), ""),
    # A block comment may give the reason on its next lines, up to the closing */.
    ("/*\n * kmodlint: ignore[a-rule]\n * userspace polls again,\n * see the UAPI header\n */\nx();",
     ("a-rule",), "userspace polls again, see the UAPI header"),
    ("x(); /* kmodlint: ignore[a-rule]\n\t* reply is advisory */", ("a-rule",), "reply is advisory"),
    # ... but the line after a line comment is code, not a reason.
    ("// kmodlint: ignore[a-rule]\nx(); /* not a reason */", ("a-rule",), ""),
])
def test_ids_and_reason(text, ids, reason):
    (suppression,) = parse(text)
    assert (suppression.rule_ids, suppression.reason) == (ids, reason)


@pytest.mark.parametrize("reason, given_one", [("", False), ("--", False), ("...", False), ("ok", True),
                                               ("see 3f2a1c", True)])
def test_punctuation_is_no_reason(reason, given_one):
    (suppression,) = parse(f"/* kmodlint: ignore[a-rule] {reason} */")
    assert has_reason(suppression) is given_one


_PIECES = st.sampled_from(["/*", "*/", "//", "kmodlint: ignore[", "kmodlint: ignore-file[", "]", "a", "--", " ",
                           "\n", "\r\n", "*", "\udcff", "é", ","])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_comment_soup_parses(text):
    for suppression in find_suppressions(SourceFile("a.c", text.encode("utf-8", "surrogateescape"))):
        assert "\n" not in suppression.reason and suppression.line >= 1
