"""--fail-on and per-rule severity from config: what fails a run, and what a report says."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import assert_one_error_line, invoke

# One unchecked copy_from_user(): a warning of unchecked-copy-user by default.
DRIVER = """#include <linux/uaccess.h>

static long foo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
\tstruct foo_cfg cfg;

\tcopy_from_user(&cfg, (void __user *)arg, sizeof(cfg));
\treturn 0;
}
"""


def setup(root: Path, severity: str | None = None) -> None:
    (root / "foo.c").write_text(DRIVER)
    if severity is not None:
        (root / ".kmodlint.toml").write_text(f'[severity]\n"unchecked-copy-user" = "{severity}"\n')


def run(*args: str):
    return invoke("check", "--no-cache", "--select", "unchecked-copy-user", *args, ".")


@pytest.mark.parametrize("configured, fail_on, code", [
    (None, None, 1),          # a warning fails by default
    (None, "error", 0),
    (None, "note", 1),
    ("note", None, 0),        # notes do not fail by default
    ("note", "warning", 0),
    ("note", "note", 1),
    ("error", "error", 1),
])
def test_exit_status_follows_fail_on_and_the_configured_severity(project, configured, fail_on, code):
    setup(project, configured)
    result = run(*(["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == code, result.stdout + result.stderr
    assert "[unchecked-copy-user]" in result.stdout  # shown either way: --fail-on only gates the exit status


def test_exit_zero_still_wins(project):
    setup(project)
    assert run("--fail-on", "note", "--exit-zero").exit_code == 0


def test_configured_severity_is_what_every_report_says(project):
    setup(project, "note")
    (finding,) = json.loads(run("--format", "json").stdout)["findings"]
    assert finding["severity"] == "note"
    sarif = json.loads(run("--format", "sarif").stdout)["runs"][0]
    assert [r["level"] for r in sarif["results"]] == ["note"]
    (rule,) = sarif["tool"]["driver"]["rules"]
    assert rule["defaultConfiguration"]["level"] == "note"
    assert ": note: [unchecked-copy-user]" in run("--output-format", "concise").stdout


@pytest.mark.parametrize("table, expected", [
    ('[severity]\n"unchecked-copy-user" = "info"\n', "'severity.unchecked-copy-user' must be one of error, "
                                                     "warning, note"),
    ('[severity]\n"unchecked-copy-usr" = "note"\n', "unknown rule id 'unchecked-copy-usr'"),
    ('severity = "note"\n', "'severity' must be a table"),
])
def test_a_wrong_severity_table_is_one_error_line(project, table, expected):
    setup(project)
    (project / ".kmodlint.toml").write_text(table)
    result = run()
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, expected)


def test_fail_on_takes_only_a_severity(project):
    setup(project)
    result = run("--fail-on", "warnings")
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, "--fail-on")


@pytest.mark.parametrize("order", [("legacy", "new"), ("new", "legacy")])
def test_a_nested_config_s_severity_applies_to_its_own_folder_only(project, order):
    # Config is resolved per file (nearest first): legacy/'s override must not reach new/,
    # whatever the order of the paths on the command line.
    for name in ("legacy", "new"):
        (project / name).mkdir()
        (project / name / "foo.c").write_text(DRIVER)
    (project / "legacy" / ".kmodlint.toml").write_text('[severity]\n"unchecked-copy-user" = "note"\n')
    result = invoke("check", "--no-cache", "--select", "unchecked-copy-user", "--format", "json", *order)
    levels = {Path(f["path"]).parent.name: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert levels == {"legacy": "note", "new": "warning"}
    assert result.exit_code == 1  # new/'s warning fails the run
