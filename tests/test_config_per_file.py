"""The config that applies to a file is the nearest one in its folder or above it
(as in ruff), whatever the other paths on the command line and their order;
`--config` names one for every file; `--show-settings` prints what applies."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import assert_one_error_line, invoke

REPO = Path(__file__).resolve().parent.parent
BAD_INIT = (REPO / "fixtures-kmod" / "module-init-call" / "bad_both_calls.c").read_text(encoding="utf-8")
RULE = "module-init-call"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """drivers/a: no config of its own; drivers/b: a .kmodlint.toml that ignores the rule;
    drivers/c: a pyproject.toml whose [tool.kmodlint] excludes its legacy/ files."""
    for folder in ("a", "b", "c", "c/legacy"):
        (tmp_path / "drivers" / folder).mkdir(parents=True)
        (tmp_path / "drivers" / folder / "init.c").write_text(BAD_INIT, encoding="utf-8")
    (tmp_path / "drivers" / "b" / ".kmodlint.toml").write_text(f'ignore = ["{RULE}"]\n', encoding="utf-8")
    (tmp_path / "drivers" / "c" / "pyproject.toml").write_text(
        '[project]\nname = "c"\n[tool.kmodlint]\nexclude = ["legacy/**"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files_with_findings(*args: str) -> set[str]:
    result = invoke("check", "--no-cache", "--format", "json", "--select", RULE, *args)
    assert result.exit_code in (0, 1), result.stderr
    return {f["path"] for f in json.loads(result.stdout)["findings"]}


EXPECTED = {"drivers/a/init.c", "drivers/c/init.c"}


@pytest.mark.parametrize("args", [
    ("drivers/a", "drivers/b", "drivers/c"),
    ("drivers/b", "drivers/a", "drivers/c"),
    ("drivers/c", "drivers/b", "drivers/a"),
    ("drivers",),
    (".",),
    ("drivers/b/init.c", "drivers/a/init.c", "drivers/c/init.c", "drivers/c/legacy/init.c"),
    ("-j", "2", "drivers"),
])
def test_each_file_gets_its_nearest_config_in_any_argument_order(tree, args):
    assert _files_with_findings(*args) == EXPECTED


def test_nearest_config_applies_from_a_subfolder_and_above_it(tree, monkeypatch):
    monkeypatch.chdir(tree / "drivers" / "b")
    assert _files_with_findings(".") == set()
    assert _files_with_findings("..") == {"../a/init.c", "../c/init.c"}


def test_config_option_overrides_every_nearer_config(tree):
    (tree / "all.toml").write_text("select = []\n", encoding="utf-8")
    everywhere = {f"drivers/{folder}/init.c" for folder in ("a", "b", "c", "c/legacy")}
    assert _files_with_findings("--config", "all.toml", "drivers") == everywhere
    assert _files_with_findings("--config", "drivers/b/.kmodlint.toml", "drivers") == set()


def test_a_broken_config_in_one_folder_is_one_error_line(tree):
    (tree / "drivers" / "c" / "pyproject.toml").write_text("[tool.kmodlint]\nselec = []\n", encoding="utf-8")
    result = invoke("check", "--no-cache", "drivers/b", "drivers/c")
    assert result.exit_code == 2
    assert_one_error_line(result.stderr, "drivers/c/pyproject.toml", "unknown key 'selec'")


def test_show_settings_prints_the_config_of_each_path(tree):
    result = invoke("check", "--show-settings", "drivers/b/init.c", "drivers/a")
    assert result.exit_code == 0, result.stderr
    b_block, a_block = result.stdout.split("\n\n")
    assert b_block.startswith("# drivers/b/init.c\n")
    assert f'config = {json.dumps(str(tree / "drivers" / "b" / ".kmodlint.toml"))}' in b_block
    assert f'ignore = ["{RULE}"]' in b_block
    b_rules = json.loads(next(line for line in b_block.splitlines() if line.startswith("rules = "))[8:])
    a_rules = json.loads(next(line for line in a_block.splitlines() if line.startswith("rules = "))[8:])
    assert RULE not in b_rules and RULE in a_rules
    assert 'config = ""' in a_block

    overridden = invoke("check", "--show-settings", "--config", "drivers/b/.kmodlint.toml", "drivers/a")
    assert 'config = "drivers/b/.kmodlint.toml"' in overridden.stdout
    selected = invoke("check", "--show-settings", "--select", "unchecked-copy-user", "drivers/c")
    assert 'rules = ["unchecked-copy-user"]' in selected.stdout
    assert 'exclude = ["legacy/**"]' in selected.stdout


def test_show_settings_names_the_per_path_ignores_that_apply(tree):
    (tree / ".kmodlint.toml").write_text(f'[per-path-ignores]\n"drivers/a/*.c" = ["{RULE}"]\n', encoding="utf-8")
    result = invoke("check", "--show-settings", "drivers/a/init.c")
    assert f'ignored-here = ["{RULE}"]' in result.stdout
    assert _files_with_findings("drivers") == {"drivers/c/init.c"}
