"""Walking folders: .gitignore respected (git's rules where a repository exists),
--exclude/--extend-exclude, and files that cannot be read as files (a dangling
symlink, a FIFO) noted rather than ending the run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from clirun import invoke

REPO = Path(__file__).resolve().parent.parent
BAD = (REPO / "fixtures-kmod" / "module-init-call" / "bad_multiline.c").read_text(encoding="utf-8")
CLEAN = (REPO / "fixtures-kmod" / "module-init-call" / "good_plain.c").read_text(encoding="utf-8")


def _checked(*args: str) -> tuple[int, list[str], dict]:
    """Exit status, the files with findings, and the JSON report."""
    result = invoke("check", "--no-cache", "--select", "module-init-call", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(result.stdout)
    return result.exit_code, sorted({f["path"] for f in doc["findings"]}), doc


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    files = {"drivers/foo/foo.c": BAD, "drivers/foo/foo.mod.c": BAD, "drivers/foo/gen/regs.c": BAD,
             "drivers/foo/staging/old.c": BAD, "drivers/foo/kept.c": BAD,
             ".gitignore": "*.mod.c\ngen/\nkept.c\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_is_respected_in_a_repository(tree):
    _git(tree, "init", "-q")
    _git(tree, "add", "-f", "drivers/foo/kept.c")  # tracked: git never ignores it
    _, files, doc = _checked("drivers")
    assert files == ["drivers/foo/foo.c", "drivers/foo/kept.c", "drivers/foo/staging/old.c"]
    assert doc["summary"]["files_scanned"] == 3
    # From a subfolder the same; an ignored file or folder named on the command line is checked.
    os.chdir(tree / "drivers" / "foo")
    assert _checked(".")[1] == ["foo.c", "kept.c", "staging/old.c"]
    assert _checked("foo.mod.c", "gen")[1] == ["foo.mod.c", "gen/regs.c"]
    assert len(_checked("--no-respect-gitignore", ".")[1]) == 5


def test_outside_git_only_generated_module_glue_is_skipped(tree):
    """No repository: .gitignore can list shipped files (a distribution's kernel source
    ignores `/*`), so it is not read; Kbuild's *.mod.c alone is skipped."""
    (tree / ".gitignore").write_text("/*\n", encoding="utf-8")
    _, files, _ = _checked("drivers")
    assert files == ["drivers/foo/foo.c", "drivers/foo/gen/regs.c", "drivers/foo/kept.c",
                     "drivers/foo/staging/old.c"]


def test_exclude_replaces_the_config_and_extend_exclude_adds_to_it(tree):
    (tree / ".kmodlint.toml").write_text('exclude = ["drivers/foo/kept.c"]\n', encoding="utf-8")
    everything = ["drivers/foo/foo.c", "drivers/foo/gen/regs.c", "drivers/foo/staging/old.c"]
    assert _checked("drivers")[1] == everything
    assert _checked("--extend-exclude", "staging", "drivers")[1] == ["drivers/foo/foo.c", "drivers/foo/gen/regs.c"]
    assert _checked("--exclude", "staging,gen", "drivers")[1] == ["drivers/foo/foo.c", "drivers/foo/kept.c"]
    assert _checked("--exclude", "drivers/foo/g*", "--exclude", "*.c", "drivers")[1] == []
    os.chdir(tree / "drivers")  # a path pattern is relative to the working directory
    assert _checked("--exclude", "foo/staging", ".")[1] == ["foo/foo.c", "foo/gen/regs.c", "foo/kept.c"]


def test_a_dangling_symlink_and_a_fifo_are_notes_not_an_abort(tree):
    (tree / "drivers" / "foo" / "gone.c").symlink_to("nowhere.c")
    os.mkfifo(tree / "drivers" / "foo" / "pipe.c")  # reading it would block forever
    code, files, doc = _checked("drivers")
    assert code == 1 and "drivers/foo/foo.c" in files
    notes = {(n["level"], n["path"], n["message"]) for n in doc["notifications"]}
    assert ("note", "drivers/foo/gone.c", "skipped: a dangling symbolic link") in notes
    assert ("note", "drivers/foo/pipe.c", "skipped: not a regular file") in notes
    (tree / "drivers" / "foo" / "foo.c").write_text(CLEAN, encoding="utf-8")
    for name in ("kept.c", "staging/old.c", "gen/regs.c"):
        (tree / "drivers" / "foo" / name).unlink()
    result = invoke("check", "--no-cache", "drivers")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "kmodlint: note: skipped: a dangling symbolic link (drivers/foo/gone.c)" in result.stdout
