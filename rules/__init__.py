"""One module per rule; each defines `RULE`. Modules starting with `_` hold shared helpers.

Registration needs no hand-kept list: every module in this package is imported
and its `RULE` collected, sorted by id.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache


@lru_cache(maxsize=None)
def all_rules() -> tuple:
    found = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        rule = getattr(module, "RULE", None)
        if rule is None:
            raise RuntimeError(f"rules/{module_info.name}.py defines no RULE")
        found.append(rule)
    from kmodlint.suppress import BUILTIN_RULES  # the engine's own findings are rules too

    found.extend(BUILTIN_RULES)
    ids = [rule.id for rule in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda rule: rule.id))


def by_id() -> dict:
    return {rule.id: rule for rule in all_rules()}
