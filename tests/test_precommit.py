"""pre-commit, for real: a temporary git repository, `pre-commit install`, `git commit`.

Most tests run this repository's hooks (.pre-commit-hooks.yaml, as they are) as
`language: system` with the entry pointing at this venv's kmodlint: fast, and no
network. One test uses the manifest exactly as a user's config does (`repo:` this
checkout, `language: python`): pre-commit then builds the hook's virtualenv with
pip once per test session, in a PRE_COMMIT_HOME of the session.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MULTIFILE = REPO / "fixtures-kmod" / "debugfs-mmap-ignored" / "bad_multifile"

BAD = """\
#include <linux/uaccess.h>

static long foo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct foo_cfg cfg;

	copy_from_user(&cfg, (void __user *)arg, sizeof(cfg));
	return 0;
}
"""
CLEAN = BAD.replace("\tcopy_from_user(&cfg, (void __user *)arg, sizeof(cfg));",
                    "\tif (copy_from_user(&cfg, (void __user *)arg, sizeof(cfg)))\n\t\treturn -EFAULT;")
UNCHECKED = "[unchecked-copy-user] copy_from_user() returns the number of bytes not copied"
MMAP_IGNORED = "[debugfs-mmap-ignored] debugfs_create_file() is given 'pmon_samples_fops'"


def _run(command: list[str], cwd: Path, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def git_env(tmp_path_factory) -> dict:
    """An environment for git and pre-commit that no user or outer git setting leaks into,
    with pre-commit's store in a folder of this session."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (it is in the `test` extra: pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("pre-commit-home")
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[user]\n\tname = kmodlint tests\n\temail = tests@kmodlint.invalid\n"
                         "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "SKIP"}
    env.update(PRE_COMMIT_HOME=str(home / "store"), PRE_COMMIT_COLOR="never",
               GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1")
    version = _run([sys.executable, "-m", "pre_commit", "--version"], home, env)
    if version.returncode != 0:
        pytest.skip(f"pre-commit cannot run here: {version.stderr.strip()[-300:]}")
    return env


def _manifest() -> list[dict]:
    import yaml  # pre-commit's own dependency

    return yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def local_config(*hook_ids: str) -> str:
    """This repository's hooks as `repo: local`, run with this venv's kmodlint."""
    kmodlint = Path(sys.executable).with_name("kmodlint")
    if not os.access(kmodlint, os.X_OK):
        pytest.skip(f"no kmodlint script beside {sys.executable} (install with pip install -e .)")
    hooks = []
    for hook in _manifest():
        if hook["id"] in hook_ids:
            command, _, arguments = hook["entry"].partition(" ")
            assert command == "kmodlint", hook
            hooks.append({**hook, "language": "system", "entry": f"{kmodlint} {arguments}"})
    assert [h["id"] for h in hooks] == list(hook_ids)
    return json.dumps({"repos": [{"repo": "local", "hooks": hooks}]})  # JSON is YAML


def git_repo(path: Path, config: str, env: dict) -> Path:
    path.mkdir()
    for command in (["git", "init", "-q"], ["git", "config", "core.autocrlf", "false"]):
        _run(command, path, env).check_returncode()
    (path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    installed = _run([sys.executable, "-m", "pre_commit", "install"], path, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _run(["git", "add", ".pre-commit-config.yaml"], path, env).check_returncode()
    _run(["git", "commit", "-q", "--no-verify", "-m", "config"], path, env).check_returncode()
    return path


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")


def commit(repo: Path, env: dict, *staged: str, timeout: int = 120) -> subprocess.CompletedProcess:
    _run(["git", "add", "--", *staged], repo, env).check_returncode()
    return _run(["git", "commit", "-m", "change"], repo, env, timeout)


def committed(repo: Path, env: dict) -> list[str]:
    return _run(["git", "ls-tree", "-r", "--name-only", "HEAD"], repo, env).stdout.split()


def test_commit_of_a_bad_file_is_refused_and_a_clean_one_goes_in(tmp_path, git_env):
    repo = git_repo(tmp_path / "repo", local_config("kmodlint"), git_env)
    write(repo, {"drivers/foo/foo.c": BAD})
    refused = commit(repo, git_env, "drivers/foo/foo.c")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "kmodlint" in output and "Failed" in output
    assert f"drivers/foo/foo.c:7:2: warning: {UNCHECKED}" in output
    assert "drivers/foo/foo.c" not in committed(repo, git_env)

    write(repo, {"drivers/foo/foo.c": CLEAN})
    accepted = commit(repo, git_env, "drivers/foo/foo.c")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    assert "drivers/foo/foo.c" in committed(repo, git_env)


def test_only_the_staged_files_are_checked(tmp_path, git_env):
    """An untracked bad file and an unstaged bad edit, in the very folder of the staged
    file, do not block its commit: pre-commit passes only the staged files."""
    repo = git_repo(tmp_path / "repo", local_config("kmodlint"), git_env)
    write(repo, {"drivers/foo/old.c": CLEAN})
    assert commit(repo, git_env, "drivers/foo/old.c").returncode == 0
    write(repo, {"drivers/foo/old.c": BAD, "drivers/foo/wip.c": BAD, "drivers/foo/new.c": CLEAN})
    accepted = commit(repo, git_env, "drivers/foo/new.c")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "drivers/foo/new.c" in committed(repo, git_env)
    # pre-commit put the unstaged edit back.
    assert (repo / "drivers/foo/old.c").read_text(encoding="utf-8") == BAD
    # The same tree, checked whole, has findings: the hook really was given new.c alone.
    kmodlint = Path(sys.executable).with_name("kmodlint")
    assert _run([str(kmodlint), "check", "--no-cache", "drivers"], repo, git_env).returncode == 1


def _multifile_driver(repo: Path, env: dict) -> None:
    """The fops with .mmap (pmon_fops.c) and the header, committed; then pmon_debugfs.c,
    which registers the fops with debugfs_create_file(), written but not staged."""
    files = {f"drivers/pmon/{p.name}": p.read_text(encoding="utf-8") for p in MULTIFILE.iterdir()}
    registration = "drivers/pmon/pmon_debugfs.c"
    write(repo, {name: text for name, text in files.items() if name != registration})
    accepted = commit(repo, env, "drivers/pmon/pmon_fops.c", "drivers/pmon/pmon.h")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    write(repo, {registration: files[registration]})


@pytest.mark.parametrize("hook", ["kmodlint", "kmodlint-folders"])
def test_hook_sees_the_sibling_that_defines_the_fops(tmp_path, git_env, hook):
    """Only pmon_debugfs.c is staged: the hook still reads pmon_fops.c, committed
    before, and finds the .mmap its fops have."""
    repo = git_repo(tmp_path / "repo", local_config(hook), git_env)
    _multifile_driver(repo, git_env)
    refused = commit(repo, git_env, "drivers/pmon/pmon_debugfs.c")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert f"drivers/pmon/pmon_debugfs.c:13:2: error: {MMAP_IGNORED}" in output
    assert "drivers/pmon/pmon_debugfs.c" not in committed(repo, git_env)


OLD_BUG = BAD.replace("foo_ioctl", "old_ioctl")


def test_a_commit_next_to_old_findings_passes_and_one_that_adds_a_bug_is_blocked(tmp_path, git_env):
    """The folder has an old finding (committed with --no-verify, as a tree adopting
    kmodlint has), an untracked bad file and an unstaged bad edit: none of them is the
    commit's doing, so a clean change goes in. A change that adds a bug, even to the
    file with the old finding, is blocked, and only the new finding is reported."""
    repo = git_repo(tmp_path / "repo", local_config("kmodlint"), git_env)
    write(repo, {"drivers/foo/old.c": OLD_BUG, "drivers/foo/edited.c": CLEAN})
    _run(["git", "add", "drivers"], repo, git_env).check_returncode()
    _run(["git", "commit", "-q", "--no-verify", "-m", "old"], repo, git_env).check_returncode()

    write(repo, {"drivers/foo/new.c": CLEAN, "drivers/foo/wip.c": BAD, "drivers/foo/edited.c": BAD,
                 "drivers/foo/old.c": "/* SPDX-License-Identifier: GPL-2.0 */\n" + OLD_BUG + "\n/* more */\n"})
    accepted = commit(repo, git_env, "drivers/foo/new.c", "drivers/foo/old.c")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert {"drivers/foo/new.c", "drivers/foo/old.c"} <= set(committed(repo, git_env))

    added_bug = (repo / "drivers/foo/old.c").read_text(encoding="utf-8").replace(
        "\treturn 0;\n}\n", "\tcopy_to_user((void __user *)arg, &cfg, sizeof(cfg));\n\treturn 0;\n}\n")
    write(repo, {"drivers/foo/old.c": added_bug})
    refused = commit(repo, git_env, "drivers/foo/old.c")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "drivers/foo/old.c:9:2: warning: [unchecked-copy-user] copy_to_user()" in output
    assert output.count("[unchecked-copy-user]") == 1, output  # not the old one, not wip.c, not edited.c
    # The old finding and untracked wip.c were analysed and left out; edited.c's unstaged
    # edit was stashed by pre-commit, so the analysed edited.c was clean.
    assert "not shown: 2 not on a changed line" in output, output


def test_strict_hook_reports_every_finding_of_the_folders(tmp_path, git_env):
    repo = git_repo(tmp_path / "repo", local_config("kmodlint-strict"), git_env)
    write(repo, {"drivers/foo/old.c": OLD_BUG})
    _run(["git", "add", "drivers"], repo, git_env).check_returncode()
    _run(["git", "commit", "-q", "--no-verify", "-m", "old"], repo, git_env).check_returncode()
    write(repo, {"drivers/foo/new.c": CLEAN})
    refused = commit(repo, git_env, "drivers/foo/new.c")
    assert refused.returncode != 0
    assert f"drivers/foo/old.c:7:2: warning: {UNCHECKED}" in refused.stdout + refused.stderr


def test_folders_hook_checks_each_folder_once_and_not_subfolders(tmp_path, git_env):
    """Two staged files of one folder: the folder is checked once (one finding, not two);
    a bad file in a subfolder of it is another driver, not checked."""
    repo = git_repo(tmp_path / "repo", local_config("kmodlint-strict"), git_env)
    write(repo, {"drivers/foo/a.c": CLEAN, "drivers/foo/b.h": "#define FOO 1\n", "drivers/foo/old.c": BAD,
                 "drivers/foo/sub/bad.c": BAD})
    refused = commit(repo, git_env, "drivers/foo/a.c", "drivers/foo/b.h")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert output.count(UNCHECKED) == 1, output
    assert "drivers/foo/old.c:7:2:" in output and "sub/bad.c" not in output


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory, git_env) -> tuple[Path, str]:
    """This checkout as pre-commit fetches a hook repository: its files (with any
    uncommitted change, as `pre-commit try-repo` does) committed in a git repository."""
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO, git_env)
    if listed.returncode != 0:
        pytest.skip(f"this checkout is not a git repository: {listed.stderr.strip()}")
    snapshot = tmp_path_factory.mktemp("hook-repository")
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    from kmodlint.__about__ import VERSION

    # The tag the release process creates (README, "Releasing"), which the README's snippet pins.
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"],
                    ["git", "tag", "-a", f"v{VERSION}", "-m", f"kmodlint {VERSION}"]):
        _run(command, snapshot, git_env).check_returncode()
    return snapshot, _run(["git", "rev-parse", "HEAD"], snapshot, git_env).stdout.strip()


def readme_precommit_config() -> str:
    """The README's .pre-commit-config.yaml, exactly as a user copies it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n# .pre-commit-config.yaml\n", 1)[1].split("```", 1)[0]
    assert "repo: https://github.com/kmodlint/kmodlint\n" in block and "rev: v" in block, block
    return block


def test_the_readme_snippet_as_a_user_installs_it(tmp_path, git_env, hook_repository):
    """The README's config, its `repo:` pointed at this checkout (tagged as a release
    is): pre-commit builds the `language: python` environment with pip (once per
    session) and runs the hook, which blocks a bug and lets the fix in."""
    path, _ = hook_repository
    config = readme_precommit_config().replace("https://github.com/kmodlint/kmodlint", str(path))
    repo = git_repo(tmp_path / "repo", config, git_env)
    built = _run([sys.executable, "-m", "pre_commit", "install-hooks"], repo, git_env, timeout=600)
    if built.returncode != 0:
        pytest.skip("pre-commit could not build the hook environment (pip needs the package index): "
                    + (built.stdout + built.stderr).strip()[-400:])
    _multifile_driver(repo, git_env)
    write(repo, {"drivers/foo/foo.c": BAD})
    refused = commit(repo, git_env, "drivers/pmon/pmon_debugfs.c", "drivers/foo/foo.c")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert f"drivers/foo/foo.c:7:2: warning: {UNCHECKED}" in output
    assert f"drivers/pmon/pmon_debugfs.c:13:2: error: {MMAP_IGNORED}" in output
    _run(["git", "reset", "-q"], repo, git_env).check_returncode()
    write(repo, {"drivers/foo/foo.c": CLEAN})
    accepted = commit(repo, git_env, "drivers/foo/foo.c")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


# --- check --folders-of, the hook's entry, in-process -------------------------

def _check(*args: str):
    from clirun import invoke

    return invoke("check", "--no-cache", "--format", "json", *args)


def _reported(result) -> list[tuple[str, str]]:
    return [(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]]


def test_folders_of_adds_the_siblings_of_each_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {f"pmon/{p.name}": p.read_text(encoding="utf-8") for p in MULTIFILE.iterdir()})
    write(tmp_path, {"pmon/sub/bad.c": BAD, "top.c": CLEAN, "other/bad.c": BAD})
    alone = _check("pmon/pmon_debugfs.c")
    assert (alone.exit_code, _reported(alone)) == (0, [])
    expected = [("pmon/pmon_debugfs.c", "debugfs-mmap-ignored")]
    for files in (["pmon/pmon_debugfs.c"], ["pmon/pmon_fops.c"], ["pmon/pmon.h", "pmon/pmon_fops.c"],
                  ["./pmon/pmon_fops.c", "pmon/pmon_debugfs.c"]):
        result = _check("--folders-of", *files)
        assert (result.exit_code, _reported(result)) == (1, expected), files  # once, subfolder not included
    # A file at the top of the tree stands for its own folder's files, not the whole tree.
    top = _check("--folders-of", "top.c")
    assert (top.exit_code, _reported(top)) == (0, [])
    both = _check("--folders-of", "top.c", "other/bad.c")
    assert _reported(both) == [("other/bad.c", "unchecked-copy-user")]


def test_staged_on_a_first_commit_reports_every_staged_line(tmp_path, monkeypatch, git_env):
    """No HEAD yet: the whole index is what the commit adds."""
    monkeypatch.chdir(tmp_path)
    _run(["git", "init", "-q"], tmp_path, git_env).check_returncode()
    write(tmp_path, {"drivers/foo/foo.c": BAD, "drivers/foo/wip.c": BAD})
    _run(["git", "add", "drivers/foo/foo.c"], tmp_path, git_env).check_returncode()
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(key, git_env[key])
    result = _check("--staged", "--folders-of", "drivers/foo/foo.c")
    assert (result.exit_code, _reported(result)) == (1, [("drivers/foo/foo.c", "unchecked-copy-user")])
    both = _check("--staged", "--diff", "HEAD", "drivers/foo/foo.c")
    assert both.exit_code == 2 and "cannot be combined" in both.stderr


def test_folders_of_a_missing_file_is_one_error_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check("--folders-of", "gone/x.c")
    assert result.exit_code == 2
    assert result.stderr == "kmodlint: error: gone/x.c: no such file or directory\n"
