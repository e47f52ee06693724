"""Findings off by default, and the ways to switch them on: a rule option, or --diff for new code."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from clirun import invoke

# Right signatures, no __init/__exit: module-init-signature's section note, off by default.
UNMARKED = """\
#include <linux/module.h>

static int plain_start(void)
{
\treturn 0;
}

static void plain_stop(void)
{
}

module_init(plain_start);
module_exit(plain_stop);
MODULE_LICENSE("GPL");
"""


def findings(*args: str) -> list[tuple[int, str, str]]:
    run = invoke("check", "--no-cache", "--format", "json", *args)
    assert run.exit_code in (0, 1), run.stderr
    return [(f["line"], f["rule"], f["severity"]) for f in json.loads(run.stdout)["findings"]]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_section_note_is_off_by_default_and_on_by_config(project):
    (project / "plain.c").write_text(UNMARKED)
    assert findings("plain.c") == []
    (project / ".kmodlint.toml").write_text('[rule-options.module-init-signature]\nsection-note = true\n')
    assert findings("plain.c") == [(3, "module-init-signature", "note"), (8, "module-init-signature", "note")]


def test_section_note_is_on_for_code_a_diff_changes_unless_config_says_no(project, monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Dev")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "dev@example.com")
    (project / "plain.c").write_text(UNMARKED.replace("static int plain_start", "static int __init plain_start"))
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "start")
    (project / "plain.c").write_text(UNMARKED)  # the edit drops __init: the changed line gets the note
    assert findings("--diff", "HEAD") == [(3, "module-init-signature", "note")]
    # The note is a note: it does not fail the run.
    assert invoke("check", "--no-cache", "--diff", "HEAD").exit_code == 0
    (project / ".kmodlint.toml").write_text('[rule-options.module-init-signature]\nsection-note = false\n')
    assert findings("--diff", "HEAD") == []
