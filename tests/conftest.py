"""Shared pytest fixtures."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sarif_validator():
    """A Draft-4 validator for the official SARIF 2.1.0 schema.

    The schema lives in ../shared (not copied into the project); a missing schema
    fails the run, since skipping would silently drop the SARIF conformance check.
    """
    import jsonschema

    path = Path(os.environ.get("KMODLINT_SARIF_SCHEMA")
                or REPO.parent / "shared" / "sarif" / "sarif-schema-2.1.0.json")
    if not path.is_file():
        pytest.fail(f"SARIF 2.1.0 schema not found at {path}; "
                    "set KMODLINT_SARIF_SCHEMA to the official sarif-schema-2.1.0.json", pytrace=False)
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project folder that is also the working directory."""
    root = tmp_path / "proj"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


@pytest.fixture(autouse=True)
def user_cache_home(tmp_path_factory, monkeypatch) -> Path:
    """Each test its own user cache folder (cache entries and the per-user key live there)."""
    home = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "kmodlint"
