"""benchmarks/precision/README.md is what the sheets say, and each rule's SARIF precision follows it."""
from __future__ import annotations

import re
from pathlib import Path

from kmodlint.rules import by_id

PRECISION = Path(__file__).resolve().parents[1] / "benchmarks" / "precision"
ROW = re.compile(r"^\| ([a-z0-9-]+) \| ([^|]+) \| (yes|no) \| (\d+) \| (\d+) \| (\d+) \| (\d+) % \| \[[^]]+\]\(([^)]+)\) \|$")


def rows() -> list[dict]:
    found = []
    for line in (PRECISION / "README.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rule, tier, default, total, tp, fp, percent, sheet = match.groups()
            found.append({"rule": rule, "tier": tier, "default": default == "yes", "total": int(total),
                          "tp": int(tp), "fp": int(fp), "percent": int(percent), "sheet": sheet})
    assert found, "no table rows in benchmarks/precision/README.md"
    return found


def level(tp: int, fp: int) -> str:
    share = tp / (tp + fp)
    if share >= 0.95 and tp + fp >= 20:
        return "very-high"
    return "high" if share >= 0.85 else "medium" if share >= 0.60 else "low"


def test_table_rows_are_what_their_sheets_say():
    for row in rows():
        verdicts = re.findall(r"^verdict: (\S+)", (PRECISION / row["sheet"]).read_text(encoding="utf-8"), re.M)
        assert verdicts.count("TP") == row["tp"] and verdicts.count("FP") == row["fp"], row
        assert "?" not in verdicts, f"{row['sheet']} has unjudged findings"
        assert row["tp"] + row["fp"] == min(row["total"], 20) or "UNSURE" in verdicts, row
        assert row["percent"] == round(100 * row["tp"] / (row["tp"] + row["fp"])), row


def test_every_default_tier_is_at_least_85_percent_right():
    low = [(r["rule"], r["tier"], r["percent"]) for r in rows() if r["default"] and r["percent"] < 85]
    assert not low, f"default tiers below 85 %: {low}"


def test_each_measured_rule_declares_the_precision_its_default_tiers_earned():
    rules = by_id()
    measured: dict[str, list[dict]] = {}
    for row in rows():
        measured.setdefault(row["rule"], []).append(row)
    for rule_id, tiers in measured.items():
        default = [t for t in tiers if t["default"]]
        if default:
            expected = level(sum(t["tp"] for t in default), sum(t["fp"] for t in default))
        elif rules[rule_id].opt_in:
            expected = level(sum(t["tp"] for t in tiers), sum(t["fp"] for t in tiers))
        else:
            continue  # only an opt-in tier measured: the default ones had no finding to read
        assert rules[rule_id].precision == expected, (rule_id, rules[rule_id].precision, expected)
