"""Reporters only format: each module exposes render(result: RunResult, **options) -> str.

They are imported lazily by name so that a text run never imports sarif-om.
"""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "html")


def render(fmt: str, result, **options) -> str:
    module = importlib.import_module(f"kmodlint.report.{fmt}_report")
    return module.render(result, **options)
