"""Paths in reports: text and JSON name a file as it was typed (relative to the working
directory, never cut down to its name); SARIF and the github format name it relative to
the repository root, or --root, wherever in the repository kmodlint runs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import invoke

REPO = Path(__file__).resolve().parent.parent
BAD_INIT = (REPO / "fixtures-kmod" / "module-init-call" / "bad_multiline.c").read_text(encoding="utf-8")
LINE = next(n for n, text in enumerate(BAD_INIT.splitlines(), 1) if "expect: module-init-call" in text)


@pytest.fixture
def repo(tmp_path):
    """A git repository (a .git folder is what marks its root) with one driver and a sibling folder."""
    (tmp_path / "linux" / ".git").mkdir(parents=True)
    (tmp_path / "linux" / "drivers" / "char").mkdir(parents=True)
    (tmp_path / "linux" / "drivers" / "char" / "shub.c").write_text(BAD_INIT, encoding="utf-8")
    (tmp_path / "work").mkdir()
    return tmp_path


def _check(*args: str):
    return invoke("check", "--no-cache", "--select", "module-init-call", *args)


def _first_location(stdout: str) -> str:
    return stdout.split(": error:", 1)[0]


@pytest.mark.parametrize("cwd, typed, shown", [
    ("work", "../linux/drivers/char/shub.c", "../linux/drivers/char/shub.c"),
    ("work", "../linux/drivers/char", "../linux/drivers/char/shub.c"),
    ("linux/drivers", "char/shub.c", "char/shub.c"),
    ("linux/drivers/char", ".", "shub.c"),
    ("linux/drivers/char", "shub.c", "shub.c"),
    ("linux/drivers/char", "../char/./shub.c", "shub.c"),
])
def test_text_paths_open_from_the_working_directory(repo, monkeypatch, cwd, typed, shown):
    monkeypatch.chdir(repo / cwd)
    result = _check(typed)
    assert result.exit_code == 1, result.stderr
    assert _first_location(result.stdout) == f"{shown}:{LINE}:1"
    assert (repo / cwd / shown).is_file()
    as_json = json.loads(_check("--format", "json", typed).stdout)
    assert [f["path"] for f in as_json["findings"]] == [shown]


def test_absolute_paths_outside_the_working_directory_stay_absolute(repo, monkeypatch):
    monkeypatch.chdir(repo / "work")
    typed = str(repo / "linux" / "drivers" / "char" / "shub.c")
    assert _first_location(_check(typed).stdout) == f"{typed}:{LINE}:1"


@pytest.mark.parametrize("cwd, typed", [
    ("linux", "drivers/char"), ("linux/drivers", "char"), ("linux/drivers/char", "."),
    ("linux/drivers/char", "shub.c"), ("work", "../linux/drivers/char/shub.c"),
])
def test_sarif_and_github_paths_are_relative_to_the_repository_root(repo, monkeypatch, cwd, typed):
    monkeypatch.chdir(repo / cwd)
    github = _check("--format", "github", typed)
    assert github.stdout.startswith(f"::error file=drivers/char/shub.c,line={LINE},"), github.stdout
    sarif = json.loads(_check("--format", "sarif", typed).stdout)
    [result] = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "drivers/char/shub.c", "uriBaseId": "%SRCROOT%"}


def test_root_option_sets_the_base_of_sarif_and_github_paths(repo, monkeypatch):
    monkeypatch.chdir(repo / "linux" / "drivers" / "char")
    github = _check("--format", "github", "--root", "..", ".")
    assert github.stdout.startswith(f"::error file=char/shub.c,line={LINE},"), github.stdout
    text = _check("--root", "..", ".")  # text keeps paths as typed
    assert _first_location(text.stdout) == f"shub.c:{LINE}:1"
