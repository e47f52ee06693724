"""chrdev-region-leak alone: the fixture harness runs every rule, so a sibling file some
other rule asks for is parsed anyway; here only this rule's own folder tokens bring the
files that hold the module entry points, the callers and the releases."""
from __future__ import annotations

from pathlib import Path

import pytest

from kmodlint.config import Config
from kmodlint.engine import Analyzer
from kmodlint.rules import by_id

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod"
RULE_ID = "chrdev-region-leak"
MARKER = f"expect: {RULE_ID}".encode()
CASES = sorted(p for p in (FIXTURES / RULE_ID).iterdir() if p.is_dir())


def run_alone(folder: Path):
    files = sorted(p for p in folder.iterdir() if p.suffix in (".c", ".h"))
    analyzer = Analyzer([by_id()[RULE_ID]], Config(), {RULE_ID}, keep_sources=False)
    return analyzer.analyze_folder([(str(p), str(p.relative_to(FIXTURES))) for p in files])


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_multi_file_driver_alone(folder: Path) -> None:
    result = run_alone(folder)
    reported = {(f.path, f.span.line) for f in result.findings}
    expected = {(str(p.relative_to(FIXTURES)), number) for p in folder.glob("*.[ch]")
                for number, line in enumerate(p.read_bytes().split(b"\n"), start=1) if MARKER in line}
    assert reported == expected


def test_exit_related_location_points_into_the_sibling() -> None:
    # mbox_main.c holds no trigger word: only the names mbox_chr.c exports get it parsed,
    # and without its module_exit there would be nothing to report.
    result = run_alone(FIXTURES / RULE_ID / "bad_multifile_class_never_destroyed")
    [finding] = result.findings
    assert finding.path.endswith("mbox_chr.c")
    [related] = finding.related
    assert related.path.endswith("mbox_main.c") and "mbox_exit" in related.message
