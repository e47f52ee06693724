"""kmodlint on a slice of a real kernel tree: drivers/char of Linux 6.12.

Runs only when the corpus is on disk: KMODLINT_CORPUS names the extracted tree (the
folder holding MAINTAINERS, drivers/, ...) or, as ../shared/corpus/get-linux.sh uses
it, the folder the tree was extracted into; without it, ~/.cache/kmodlint-corpus/
linux-source-6.12. Fetch it with `../shared/corpus/get-linux.sh` (about 150 MB
download, 1.7 GB on disk).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kmodlint.cli import check as check_command

TREE_NAME = "linux-source-6.12"
GET_CORPUS = "../shared/corpus/get-linux.sh"


def corpus_tree() -> Path | None:
    candidates = []
    if os.environ.get("KMODLINT_CORPUS"):
        configured = Path(os.environ["KMODLINT_CORPUS"]).expanduser()
        candidates += [configured, configured / TREE_NAME]
    candidates.append(Path.home() / ".cache" / "kmodlint-corpus" / TREE_NAME)
    for candidate in candidates:
        if (candidate / "MAINTAINERS").is_file() and (candidate / "drivers").is_dir():
            return candidate
    return None


TREE = corpus_tree()
pytestmark = pytest.mark.skipif(
    TREE is None,
    reason=f"kernel corpus not found (KMODLINT_CORPUS={os.environ.get('KMODLINT_CORPUS', '')!r}, "
           f"~/.cache/kmodlint-corpus/{TREE_NAME}); fetch it with `{GET_CORPUS}` "
           f"(or set KMODLINT_CORPUS to an extracted kernel tree)")

_OPTIONS = {opt for param in check_command.params for opt in param.opts}


def kmodlint_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("kmodlint")
    command = ([str(script)] if os.access(script, os.X_OK)
               else [sys.executable, "-c", "from kmodlint.cli import main; main()"])
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def drivers_char(tmp_path_factory):
    """One SARIF run over drivers/char, shared by the tests below."""
    out_dir = tmp_path_factory.mktemp("corpus")
    sarif_path = out_dir / "drivers-char.sarif"
    args = [str(TREE / "drivers" / "char"), "--format", "sarif", "-o", str(sarif_path)]
    if "--no-cache" in _OPTIONS:
        args.append("--no-cache")  # never write a cache into the corpus, never read a stale one
    if "--statistics" in _OPTIONS:
        args.append("--statistics")
    run = kmodlint_process("check", *args, cwd=out_dir)
    doc = json.loads(sarif_path.read_text(encoding="utf-8")) if sarif_path.exists() else None
    return run, doc, out_dir


def test_drivers_char_exits_cleanly(drivers_char):
    run, doc, _ = drivers_char
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert doc is not None, run.stderr
    problems = [line for line in run.stderr.splitlines()
                if line.startswith("kmodlint: error:") or "internal error" in line or re.search(r"rule \S+ failed", line)]
    assert not problems, "\n".join(problems)


def test_drivers_char_sarif_validates(drivers_char, sarif_validator):
    _, doc, _ = drivers_char
    assert doc is not None
    errors = sorted(sarif_validator.iter_errors(doc), key=str)
    assert not errors, errors[0]
    [sarif_run] = doc["runs"]
    notifications = sarif_run["invocations"][0].get("toolExecutionNotifications", [])
    failures = [n["message"]["text"] for n in notifications if n.get("level") == "error"]
    assert not failures, failures
    # Paths stay relative to the scan root: the corpus location never leaks.
    assert str(TREE) not in json.dumps(doc)


def test_drivers_char_scans_more_than_100_files(drivers_char):
    run, _, out_dir = drivers_char
    match = re.search(r"files scanned:\s*(\d+)", run.stderr)
    if match is None:  # no --statistics: the JSON summary counts them
        json_run = kmodlint_process("check", str(TREE / "drivers" / "char"), "--format", "json", "--exit-zero",
                                    *(["--no-cache"] if "--no-cache" in _OPTIONS else []), cwd=out_dir)
        assert json_run.returncode == 0, json_run.stderr
        scanned = json.loads(json_run.stdout)["summary"]["files_scanned"]
    else:
        scanned = int(match.group(1))
    assert scanned > 100


def test_drivers_char_finds_dsp56k_unchecked_get_user(drivers_char):
    """drivers/char/dsp56k.c ignores the results of get_user in its upload and read paths."""
    _, doc, _ = drivers_char
    results = doc["runs"][0]["results"]
    unchecked = [r for r in results if r["ruleId"] == "unchecked-copy-user"]
    assert unchecked, sorted({r["ruleId"] for r in results})
    dsp56k = [r for r in unchecked
              if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("dsp56k.c")]
    assert dsp56k, [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in unchecked]
    assert any(r["message"]["text"].startswith("get_user()") for r in dsp56k), [r["message"]["text"] for r in dsp56k]
