"""Message snapshots: the full rendered output of each rule's fixtures, kept as a golden file.

`fixtures-kmod/<rule-id>/findings.golden` holds, for every fixture of that folder,
what the text report prints (path:line:col: severity: [rule] message, the source
excerpt and caret, the related locations) and each finding's fixes, in file order.
A changed message is then a reviewed diff of that file. After a deliberate change:

    KMODLINT_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_goldens.py

rewrites the golden files (then read `git diff fixtures-kmod/`).
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from kmodlint.engine import Analyzer
from kmodlint.model import RunResult
from kmodlint.report.text_report import render
from kmodlint.rules import all_rules
from test_fixtures import fixture_config, fixture_packages

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod"
GOLDEN = "findings.golden"
ALL_IDS = {rule.id for rule in all_rules()}
UPDATE = os.environ.get("KMODLINT_UPDATE_GOLDENS") == "1"


def driver_folders(rule_folder: Path) -> list[Path]:
    """The rule folder (its files are one driver) and each subfolder (a driver of its own)."""
    return [rule_folder, *sorted(p for p in rule_folder.rglob("*") if p.is_dir())]


def analysed(rule_folder: Path) -> RunResult:
    """The findings on every fixture of the folder, with the default rules (and its own, if opt-in)."""
    rules = [rule for rule in all_rules() if not rule.opt_in or rule.id == rule_folder.name]
    combined = RunResult(root=str(FIXTURES))
    for folder in driver_folders(rule_folder):
        files = sorted(p for p in folder.iterdir() if p.suffix in (".c", ".h") and p.is_file())
        if not files:
            continue
        analyzer = Analyzer(rules, fixture_config(folder), ALL_IDS, keep_sources=True, packages=fixture_packages())
        result = analyzer.analyze_folder([(str(p), p.relative_to(FIXTURES).as_posix()) for p in files])
        combined.findings.extend(result.findings)
        combined.sources.update(result.sources)
    combined.findings.sort(key=lambda f: f.sort_key())
    return combined


def rendered(rule_folder: Path) -> str:
    """The text report of the folder's findings, each followed by its fixes."""
    combined = analysed(rule_folder)
    out = []
    for finding in combined.findings:
        # One finding at a time, so that its fixes follow it; the summary line (timing) is left out.
        single = replace(combined, findings=[finding])
        out += render(single).splitlines()[:-1]
        for fix in finding.fixes:
            span = fix.span
            out.append(f"  fix: {fix.description} ({span.line}:{span.column}-{span.end_line}:{span.end_column} "
                       f"-> {fix.replacement!r})")
    return "\n".join(out) + "\n" if out else ""


@pytest.mark.parametrize("rule_id", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_rendered_findings_match_the_golden_file(rule_id: str) -> None:
    folder = FIXTURES / rule_id
    golden = folder / GOLDEN
    text = rendered(folder)
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run KMODLINT_UPDATE_GOLDENS=1 pytest tests/test_goldens.py"
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, (f"the findings on fixtures-kmod/{rule_id}/ changed; if on purpose, run "
                              f"KMODLINT_UPDATE_GOLDENS=1 pytest tests/test_goldens.py and review the diff")
