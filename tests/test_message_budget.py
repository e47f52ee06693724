"""Messages say what is wrong here, with this code's names, in about one line; the why and the
generic fix live in the rule's help (`kmodlint explain`), never repeated on every finding."""
from __future__ import annotations

import re

import pytest

from kmodlint.rules import by_id
from test_goldens import FIXTURES, analysed

BUDGET = 170  # characters: "<= ~160" as a rule, a few long names of this code allowed
WINDOW = 8  # words: a message sharing this many consecutive words with the help repeats it
# Rules another change rebuilds (messages included); they join the budget when it lands.
REBUILT_ELSEWHERE: set[str] = set()
FOLDERS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9_]+", text.lower())


def repeated_from_help(message: str, help_text: str) -> str:
    """The first run of WINDOW words of `message` that the help also has, or ""."""
    help_words = " " + " ".join(words(help_text)) + " "
    said = words(message)
    for start in range(len(said) - WINDOW + 1):
        window = " ".join(said[start:start + WINDOW])
        if f" {window} " in help_words:
            return window
    return ""


@pytest.mark.parametrize("folder", FOLDERS)
def test_fixture_messages_are_short_and_do_not_repeat_the_help(folder):
    rules = by_id()
    checked = [f for f in analysed(FIXTURES / folder).findings if f.rule_id not in REBUILT_ELSEWHERE]
    too_long = [(f.path, f.span.line, len(f.message)) for f in checked if len(f.message) > BUDGET]
    assert not too_long, f"messages over {BUDGET} characters: {too_long}"
    repeats = [(f.path, f.span.line, w) for f in checked if (w := repeated_from_help(f.message, rules[f.rule_id].help))]
    assert not repeats, f"messages repeating the rule's help: {repeats}"


def test_the_repetition_check_finds_a_copied_sentence():
    help_text = "**Why:** signals are asynchronous and break what applications expect (signal(7))."
    assert repeated_from_help("x() signals 'p': signals are asynchronous and break what applications expect",
                              help_text)
    assert not repeated_from_help("send_sig() signals the user process 'task' from foo_kill()", help_text)
