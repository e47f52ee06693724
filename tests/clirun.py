"""Running kmodlint in-process for the tests: one CliRunner set-up, one error-line check.

Test modules import this (pytest puts tests/ on sys.path, as for conftest.py).
"""
from __future__ import annotations

import inspect

from click.testing import CliRunner, Result

from kmodlint.cli import main

# click 8.1 mixes stderr into stdout unless told not to; 8.2+ always keeps them apart.
RUNNER_ARGS = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}


def invoke(*args: str) -> Result:
    """`kmodlint ARGS...` in this process; an exception inside kmodlint fails the test."""
    return CliRunner(**RUNNER_ARGS).invoke(main, list(args), catch_exceptions=False)


def assert_one_error_line(stderr: str, *expected: str) -> str:
    """stderr is exactly one `kmodlint: error:` line (mentioning each of `expected`), no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kmodlint: error: "), stderr
    for text in expected:
        assert text in lines[0], stderr
    return lines[0]
