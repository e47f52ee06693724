"""The fixtures are the spec: every rule must report exactly the marked lines.

A line ending in `/* expect: rule-id */` (or `expect: rule-a, rule-b`) must be
reported by that rule; every other line of every fixture must stay silent for
every rule. Files directly in a rule folder are one driver folder; each
subfolder is a driver folder of its own (multi-file cases). Like clang -verify.
Fixtures run with the default rules; an opt-in rule (suppression-without-reason)
also runs on its own fixture folder, as it would when switched on. A subfolder
may hold a `kmodlint.toml` (the keys of a .kmodlint.toml): its cases then run
with that config, e.g. a rule option that switches on an opt-in finding.
"""
from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from kmodlint.config import Config, parse
from kmodlint.engine import Analyzer, package_macros, package_root
from kmodlint.suppress import BUILTIN_IDS
from kmodlint.rules import all_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures-kmod"
MARKER = re.compile(rb"expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
ALL_IDS = {rule.id for rule in all_rules()}


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".c", ".h") and p.is_file())


def expected_markers(path: Path) -> set[tuple[int, str]]:
    expected = set()
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        for match in MARKER.finditer(line):
            for rule_id in match.group(1).split(b","):
                expected.add((number, rule_id.strip().decode()))
    return expected


def fixture_config(folder: Path) -> Config:
    """The config a driver folder of the fixtures runs with: its kmodlint.toml, or the defaults."""
    path = folder / "kmodlint.toml"
    if not path.is_file():
        return Config()
    return parse(tomllib.loads(path.read_text(encoding="utf-8")), str(path), {r.id: r for r in all_rules()})


@lru_cache(maxsize=None)
def fixture_packages() -> dict:
    """The macros of the fixture packages (a folder with a dkms.conf), as a run computes them:
    a compat header in one folder of a package is seen from every other folder of it."""
    files = [(str(p), str(p.relative_to(FIXTURES))) for p in fixture_files()
             if os.path.exists(os.path.join(package_root(str(p.parent)), "dkms.conf"))]
    return package_macros(files)


@lru_cache(maxsize=None)
def analyse_unit(folder: Path) -> dict[str, set[tuple[int, str]]]:
    """Run the default rules over one driver folder (its files, not its subfolders)."""
    files = sorted(p for p in folder.iterdir() if p.suffix in (".c", ".h") and p.is_file())
    own_rule = folder.relative_to(FIXTURES).parts[0]
    rules = [rule for rule in all_rules() if not rule.opt_in or rule.id == own_rule]
    analyzer = Analyzer(rules, fixture_config(folder), ALL_IDS, keep_sources=False, packages=fixture_packages())
    result = analyzer.analyze_folder([(str(p), str(p.relative_to(FIXTURES))) for p in files])
    assert not [n for n in result.notifications if n.level == "error"], result.notifications
    reported: dict[str, set[tuple[int, str]]] = {}
    for finding in result.findings:
        reported.setdefault(finding.path, set()).add((finding.span.line, finding.rule_id))
    return reported


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_reports_exactly_the_marked_lines(path: Path) -> None:
    expected = expected_markers(path)
    unknown = {rule for _, rule in expected if rule not in ALL_IDS}
    assert not unknown, f"markers name unknown rules: {unknown}"
    reported = analyse_unit(path.parent).get(str(path.relative_to(FIXTURES)), set())
    missing = sorted(expected - reported)
    unexpected = sorted(reported - expected)
    assert not missing and not unexpected, f"missing (line, rule): {missing}; unexpected: {unexpected}"


def test_bad_and_good_names_match_markers() -> None:
    for path in fixture_files():
        case = path if path.parent.parent == FIXTURES else path.parent
        if case.name.startswith("good"):
            assert not expected_markers(path), f"{path}: a good_ case must not expect findings"
    for case in FIXTURES.glob("*/bad*"):
        files = [case] if case.is_file() else list(case.glob("*.[ch]"))
        assert any(expected_markers(f) for f in files), f"{case}: a bad_ case needs an expect marker"


@pytest.mark.parametrize("rule_id", sorted(ALL_IDS))
def test_every_rule_has_firing_and_silent_fixtures(rule_id: str) -> None:
    folder = FIXTURES / rule_id
    assert folder.is_dir(), f"fixtures-kmod/{rule_id}/ is missing"
    cases = [p for p in folder.iterdir() if p.suffix == ".c" or p.is_dir()]
    bad = [p for p in cases if p.name.startswith("bad")]
    good = [p for p in cases if p.name.startswith("good")]
    # The engine's own suppression check needs fewer cases than a driver rule.
    minimum = 2 if rule_id in BUILTIN_IDS else 8
    assert len(bad) >= minimum and len(good) >= minimum, f"{rule_id}: {len(bad)} bad, {len(good)} good cases"
    assert any(rule_id in {r for _, r in expected_markers(f)} for f in folder.rglob("*.[ch]"))
