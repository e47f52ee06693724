"""Severity after the run: per-rule overrides from config, and which findings fail the run.

    [tool.kmodlint.severity]
    debugfs-result-checked = "warning"     # every finding of the rule gets this severity

The override is applied to the findings and to the rule table the reporters show
(SARIF's defaultConfiguration.level), after the analysis: cached results stay valid.
`--fail-on LEVEL` fails the run (exit 1) on a finding of LEVEL or more severe; the
default, `warning`, is gcc's: errors and warnings fail, notes do not.
"""
from __future__ import annotations

from dataclasses import replace

from .model import SEVERITY_ORDER, RunResult



def override(result: RunResult, severities_of) -> None:
    """Give every finding (reported or suppressed) of a rule named in the severities of its
    file's config (`severities_of(path)`, path relative to the scan root) that severity; the
    rule table takes the scan root's."""
    def changed(item, severities: dict[str, str]):
        level = severities.get(item.rule_id if hasattr(item, "rule_id") else item.id)
        return replace(item, severity=level) if level and level != item.severity else item

    result.findings = [changed(f, severities_of(f.path)) for f in result.findings]
    result.suppressed = [changed(f, severities_of(f.path)) for f in result.suppressed]
    root_severities = severities_of("")
    result.rules = [changed(r, root_severities) for r in result.rules]


def fails(result: RunResult, fail_on: str) -> bool:
    """Does a reported finding reach `fail_on` (error, warning or note)?"""
    threshold = SEVERITY_ORDER[fail_on]
    return any(SEVERITY_ORDER.get(f.severity, 0) <= threshold for f in result.findings)
