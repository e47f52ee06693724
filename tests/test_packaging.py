"""kmodlint as a user installs it: a wheel in a fresh virtualenv, beside the PyPI
distributions named `analyzer` and `rules` (the names of this repository's source
folders), and the version flags.
"""
from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clirun import invoke

REPO = Path(__file__).resolve().parent.parent
PIP_QUIET = ["-q", "--disable-pip-version-check"]


def _run(command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=600, **kwargs)


def _local_wheel(folder: Path, name: str) -> Path:
    """A minimal wheel of a distribution `name` with a top-level package `name`: stands
    in for the PyPI one when the index cannot be reached."""
    dist_info = f"{name}-9.9.dist-info"
    files = {
        f"{name}/__init__.py": f"WHO = 'the other {name}'\n",
        f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 9.9\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: kmodlint-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    record.append(f"{dist_info}/RECORD,,")
    wheel = folder / f"{name}-9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return wheel


def _installed_files(python: Path, distribution: str) -> dict[str, str]:
    """The files a distribution installed, with the sha256 of their content now."""
    code = ("import hashlib, importlib.metadata as m, sys\n"
            "for f in m.files(sys.argv[1]) or ():\n"
            "    p = f.locate()\n"
            "    if p.is_file() and '__pycache__' not in str(f):\n"
            "        print(f, hashlib.sha256(p.read_bytes()).hexdigest())\n")
    listed = _run([python, "-c", code, distribution])
    assert listed.returncode == 0, listed.stderr
    return dict(line.rsplit(" ", 1) for line in listed.stdout.splitlines())


def test_installed_beside_the_pypi_analyzer_and_rules_both_keep_working(tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv]).check_returncode()
    python = venv / "bin" / "python"
    others = _run([python, "-m", "pip", "install", *PIP_QUIET, "--no-deps", "analyzer", "rules"])
    if others.returncode != 0:  # no package index: the same names, built here
        others = _run([python, "-m", "pip", "install", *PIP_QUIET, "--no-deps",
                       _local_wheel(tmp_path, "analyzer"), _local_wheel(tmp_path, "rules")])
    assert others.returncode == 0, others.stderr
    before = {name: _installed_files(python, name) for name in ("analyzer", "rules")}
    assert all(before.values()), before

    # Built from a copy: pip builds in the source folder, and the checkout stays as it is.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"))
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", *PIP_QUIET, "--no-deps", "-w", wheels, source])
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("kmodlint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        assert "kmodlint/rules/debugfs_mmap_ignored.py" in archive.namelist()
        assert any(name.endswith(".dist-info/licenses/LICENSE") or name.endswith(".dist-info/LICENSE")
                   for name in archive.namelist()), archive.namelist()
    assert {top for top in tops if not top.endswith(".dist-info")} == {"kmodlint"}
    installed = _run([python, "-m", "pip", "install", *PIP_QUIET, wheel])
    if installed.returncode != 0:
        pytest.skip("kmodlint's dependencies cannot be installed here: " + installed.stderr.strip()[-300:])

    # Nothing of theirs was overwritten or removed, and each name imports its own package.
    assert {name: _installed_files(python, name) for name in ("analyzer", "rules")} == before
    imports = _run([python, "-c", "import analyzer, rules, kmodlint.rules, kmodlint.cli; "
                                  "print(analyzer.__file__); print(rules.__file__); "
                                  "print(len(kmodlint.rules.all_rules()))"], cwd=tmp_path)
    assert imports.returncode == 0, imports.stderr
    analyzer_file, rules_file, count = imports.stdout.split()
    assert analyzer_file.endswith("site-packages/analyzer/__init__.py")
    assert rules_file.endswith("site-packages/rules/__init__.py")
    assert int(count) >= 20

    fixture = REPO / "fixtures-kmod" / "module-init-call"
    for command in ([venv / "bin" / "kmodlint"], [python, "-m", "kmodlint"]):
        version = _run([*command, "-V"], cwd=tmp_path)
        assert (version.returncode, version.stdout) == (0, f"kmodlint, version {_version()}\n"), version.stderr
        checked = _run([*command, "check", "--no-cache", fixture], cwd=tmp_path)
        assert checked.returncode == 1 and "[module-init-call]" in checked.stdout, checked.stderr


def _version() -> str:
    from kmodlint.__about__ import VERSION

    return VERSION


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(flag):
    result = invoke(flag)
    assert (result.exit_code, result.stdout) == (0, f"kmodlint, version {_version()}\n")


def test_license_file_is_the_mit_license_pyproject_declares():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = { text = "MIT" }' in pyproject
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_python_310_is_supported_without_tomllib(monkeypatch):
    """requires-python says 3.10: the config reader falls back to tomli there."""
    assert 'requires-python = ">=3.10"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    if sys.version_info < (3, 11):
        import tomli
        from kmodlint import config

        assert config.tomllib is tomli


def test_readme_pins_the_tag_the_release_of_this_version_creates():
    """The README's pre-commit `rev:` is `v` + the version: the tag step 4 of
    "Releasing" creates, so the snippet works as written once released."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"    rev: v{_version()}  #" in readme
    assert "rev: v" not in readme.replace(f"rev: v{_version()}", "")
