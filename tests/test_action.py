"""The GitHub Action (action.yml), run here as a runner would: its `run:` steps, with
`${{ }}` expressions filled in from the inputs, executed by bash in a scratch
repository with the GITHUB_* / RUNNER_* environment a runner sets. The inputs are
those of the README's workflow snippets, so the snippets are tested as written.
The one `uses:` step (upload-sarif) cannot run here: the test checks what it would
be given instead, a valid SARIF file with paths relative to the repository root.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BAD = """\
#include <linux/uaccess.h>

static long foo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct foo_cfg cfg;

	copy_from_user(&cfg, (void __user *)arg, sizeof(cfg));
	return 0;
}
"""


def _action() -> dict:
    import yaml

    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def _readme_uses() -> list[dict]:
    """The `with:` of each README workflow step that uses this action."""
    import yaml

    from kmodlint.__about__ import VERSION

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```yaml\n(.*?)```", readme, re.S):
        if "kmodlint/kmodlint@" not in block:
            continue
        for job in yaml.safe_load(block)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("kmodlint/kmodlint@"):
                    assert step["uses"] == f"kmodlint/kmodlint@v{VERSION}", step  # the release tag
                    found.append({"with": step.get("with", {}), "permissions": job.get("permissions", {}),
                                  "checkout": job["steps"][0]})
    return found


def _inputs(given: dict) -> dict[str, str]:
    """The action's inputs: its defaults, overridden by `given` (YAML values become strings, as
    on GitHub: true -> 'true')."""
    inputs = {name: str(spec.get("default", "")) for name, spec in _action()["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    inputs.update({name: str(value).lower() if isinstance(value, bool) else str(value)
                   for name, value in given.items()})
    return inputs


class Runner:
    """Runs the action's `run:` steps as a GitHub runner would."""

    def __init__(self, action_path: Path, temp: Path):
        self.action_path, self.temp = action_path, temp

    def run_step(self, step: dict, inputs: dict, workspace: Path) -> tuple[subprocess.CompletedProcess, dict]:
        context = {"inputs": inputs, "github": {"action_path": str(self.action_path), "workspace": str(workspace)}}

        def fill(text: str) -> str:
            def value(match: re.Match) -> str:
                scope, _, name = match[1].partition(".")
                assert scope in context and name in context[scope], f"unsupported expression {match[0]}"
                return context[scope][name]
            return EXPRESSION.sub(value, str(text))

        assert "${{" not in step["run"], "inputs must reach the script through env, not be pasted into it"
        outputs = self.temp / "github_output"
        outputs.write_text("", encoding="utf-8")
        venv_bin = str(Path(os.sys.executable).parent)
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("GITHUB_", "RUNNER_", "VIRTUAL_ENV", "KMODLINT_"))}
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
        env.update(GITHUB_ACTIONS="true", CI="true", GITHUB_WORKSPACE=str(workspace), GITHUB_OUTPUT=str(outputs),
                   GITHUB_ACTION_PATH=str(self.action_path), RUNNER_TEMP=str(self.temp),
                   GITHUB_REPOSITORY="example/driver", GITHUB_SHA="0" * 40)
        env.update({key: fill(value) for key, value in step.get("env", {}).items()})
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        cwd = fill(step.get("working-directory", str(workspace)))
        completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                                   env=env, capture_output=True, text=True, timeout=900)
        produced = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if line)
        return completed, produced


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Runner:
    """The action checked out (this repository's files) and its install step run once."""
    if shutil.which("bash") is None or shutil.which("python3") is None:
        pytest.skip("bash and python3 are needed to run the action's steps")
    action_path = tmp_path_factory.mktemp("action") / "kmodlint"
    shutil.copytree(REPO, action_path, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"))
    runner = Runner(action_path, tmp_path_factory.mktemp("runner-temp"))
    install, = [step for step in _action()["runs"]["steps"] if step.get("name") == "Install kmodlint"]
    completed, _ = runner.run_step(install, _inputs({}), action_path)
    if completed.returncode != 0:
        pytest.skip("the action's install step needs the package index: " + completed.stderr.strip()[-400:])
    return runner


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A checked-out repository: an old finding on main (origin/main), a new one on the branch."""
    root = tmp_path / "workspace"
    (root / "drivers" / "old").mkdir(parents=True)
    (root / "drivers" / "old" / "old.c").write_text(BAD.replace("foo", "old"), encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "main")
    _git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    (root / "drivers" / "new").mkdir()
    (root / "drivers" / "new" / "new.c").write_text(BAD, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "branch")
    return root


def _check_step() -> dict:
    step, = [step for step in _action()["runs"]["steps"] if step.get("id") == "check"]
    return step


def test_readme_snippets_use_the_action_with_inputs_it_declares():
    uses = _readme_uses()
    assert len(uses) == 2
    modes = sorted(_inputs(use["with"])["mode"] for use in uses)
    assert modes == ["annotate", "sarif"]
    for use in uses:
        if _inputs(use["with"])["mode"] == "sarif":  # upload-sarif needs the permission
            assert use["permissions"] == {"security-events": "write"}
        else:  # --diff origin/main needs the history
            assert use["checkout"]["with"]["fetch-depth"] == 0
    upload, = [step for step in _action()["runs"]["steps"] if "uses" in step]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.mode == 'sarif'" in upload["if"]
    assert upload["with"] == {"sarif_file": "${{ inputs.sarif-file }}", "category": "${{ inputs.category }}"}


def test_code_scanning_snippet_writes_valid_sarif_relative_to_the_repository_root(runner, workspace,
                                                                                 sarif_validator):
    use, = [use for use in _readme_uses() if _inputs(use["with"])["mode"] == "sarif"]
    inputs = _inputs(use["with"])
    completed, outputs = runner.run_step(_check_step(), inputs, workspace)
    assert completed.returncode == 0, completed.stdout + completed.stderr  # findings do not fail it
    assert re.search(r"kmodlint: Checked 2 files for Linux [0-9.]+ in .*: 2 findings", completed.stderr), completed.stderr
    sarif_path = workspace / outputs["sarif-file"]
    assert outputs["sarif-file"] == inputs["sarif-file"] == "kmodlint.sarif" and sarif_path.is_file()
    doc = json.loads(sarif_path.read_text(encoding="utf-8"))
    assert not list(sarif_validator.iter_errors(doc))
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"])
    assert uris == ["drivers/new/new.c", "drivers/old/old.c"]

    failing = runner.run_step(_check_step(), {**inputs, "fail-on-findings": "true"}, workspace)[0]
    assert failing.returncode == 1


def test_pull_request_snippet_annotates_only_what_the_branch_added(runner, workspace):
    use, = [use for use in _readme_uses() if _inputs(use["with"])["mode"] == "annotate"]
    inputs = _inputs(use["with"])
    # From a subfolder of the runner's shell: the step runs in the workspace anyway.
    completed, _ = runner.run_step(_check_step(), inputs, workspace)
    annotations = [line for line in completed.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and annotations[0].startswith("::warning file=drivers/new/new.c,line=7,")
    assert completed.returncode == 1  # fail-on-findings: true in the snippet
    assert not (workspace / "kmodlint.sarif").exists()


def test_a_wrong_mode_and_a_tool_error_fail_the_step(runner, workspace):
    wrong = runner.run_step(_check_step(), _inputs({"mode": "html"}), workspace)[0]
    assert wrong.returncode == 2 and "::error title=kmodlint::mode must be sarif or annotate" in wrong.stdout
    missing = runner.run_step(_check_step(), _inputs({"paths": "drivers/gone"}), workspace)[0]
    assert missing.returncode == 2 and "kmodlint: error: drivers/gone: no such file or directory" in missing.stderr
