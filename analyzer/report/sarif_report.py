"""SARIF 2.1.0, for code-scanning services (GitHub, GitLab, IDE viewers).

Built from sarif_om objects; sarif_om has no serializer, so `_to_json` walks the
attrs fields and uses each field's schema property name as the JSON key.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import attr
import sarif_om as om

from analyzer.__about__ import INFORMATION_URI, NAME, VERSION
from analyzer.model import Finding, Fix, Notification, RuleInfo, RunResult, Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = f"{NAME}/v1"

# Emitted even when empty or equal to sarif_om's default, because absence means
# something else: a result without `level` inherits its rule's default level
# (wrong if configuration changed it), and a run without `results` means
# "did not look" rather than "found nothing" (SARIF 3.14.23).
_ALWAYS = {"level", "results"}


def _to_json(obj):
    if attr.has(type(obj)):
        out = {}
        for f in attr.fields(type(obj)):
            key = f.metadata["schema_property_name"]
            value = getattr(obj, f.name)
            default = f.default.factory() if isinstance(f.default, attr.Factory) else f.default
            if value is None:
                continue
            if key not in _ALWAYS and (value == default or (isinstance(value, (list, dict)) and not value)):
                continue
            out[key] = _to_json(value)
        return out
    if isinstance(obj, dict):
        return {k: _to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_json(v) for v in obj]
    return obj


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _first_paragraph(markdown: str) -> str:
    para = markdown.strip().split("\n\n", 1)[0]
    return " ".join(para.split())


def _artifact(path: str) -> om.ArtifactLocation:
    # Paths are relative to the scan root; quoting makes them valid URI references
    # (spaces, '#', '%' in file names) without ever naming the scanning machine.
    return om.ArtifactLocation(uri=quote(path, safe="/"), uri_base_id=SRCROOT)


def _region(span: Span) -> om.Region:
    return om.Region(start_line=span.line, start_column=span.column,
                     end_line=span.end_line, end_column=span.end_column)


def _location(path: str, span: Span | None = None, **kw) -> om.Location:
    physical = om.PhysicalLocation(artifact_location=_artifact(path),
                                   region=_region(span) if span else None)
    return om.Location(physical_location=physical, **kw)


def _rule(info: RuleInfo) -> om.ReportingDescriptor:
    help_text = info.help.strip() or info.title
    return om.ReportingDescriptor(
        id=info.id,
        name=_camel(info.id),
        short_description=om.MultiformatMessageString(text=info.title),
        full_description=om.MultiformatMessageString(text=_first_paragraph(help_text)),
        help=om.MultiformatMessageString(text=help_text, markdown=help_text),
        help_uri=f"{INFORMATION_URI}/blob/main/README.md#{info.id}",
        default_configuration=om.ReportingConfiguration(level=info.severity),
        # om.PropertyBag only models `tags`; a plain dict carries precision too.
        properties={"tags": list(info.tags), "precision": info.precision},
    )


def _fix(fix: Fix) -> om.Fix:
    deleted = om.Region(byte_offset=fix.start_byte, byte_length=fix.end_byte - fix.start_byte)
    replacement = om.Replacement(deleted_region=deleted,
                                 inserted_content=om.ArtifactContent(text=fix.replacement))
    change = om.ArtifactChange(artifact_location=_artifact(fix.path), replacements=[replacement])
    return om.Fix(artifact_changes=[change], description=om.Message(text=fix.description))


def _result(finding: Finding, rule_index: dict[str, int]) -> om.Result:
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=rule_index.get(finding.rule_id, -1),  # -1 is the default: omitted
        level=finding.severity,
        message=om.Message(text=finding.message),
        locations=[_location(finding.path, finding.span)],
        related_locations=[
            _location(r.path, r.span, id=i, message=om.Message(text=r.message))
            for i, r in enumerate(finding.related)
        ],
        partial_fingerprints={FINGERPRINT_KEY: finding.fingerprint} if finding.fingerprint else None,
        fixes=[_fix(x) for x in finding.fixes],
    )


def _notification(n: Notification, rule_index: dict[str, int]) -> om.Notification:
    return om.Notification(
        level=n.level,
        message=om.Message(text=n.message),
        locations=[_location(n.path)] if n.path else None,
        associated_rule=(om.ReportingDescriptorReference(id=n.rule_id, index=rule_index.get(n.rule_id, -1))
                         if n.rule_id else None),
    )


def render(result: RunResult) -> str:
    rule_index = {info.id: i for i, info in enumerate(result.rules)}
    driver = om.ToolComponent(
        name=NAME, version=VERSION, semantic_version=VERSION,
        information_uri=INFORMATION_URI,
        rules=[_rule(info) for info in result.rules],
    )
    run = om.Run(
        tool=om.Tool(driver=driver),
        automation_details=om.RunAutomationDetails(id=f"{NAME}/"),
        # No `uri`: the scan root is an absolute path of the scanning machine and
        # must not leak; consumers supply it (e.g. the checkout root).
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(
            description=om.Message(text=f"The root folder that {NAME} was run on"))},
        invocations=[om.Invocation(
            execution_successful=True,
            tool_execution_notifications=[_notification(n, rule_index) for n in result.notifications],
        )],
        results=[_result(f, rule_index) for f in result.findings],
    )
    log = om.SarifLog(schema_uri=SCHEMA_URI, version="2.1.0", runs=[run])
    doc = _to_json(log)
    # sarif_om puts required fields first; readers expect $schema and version on top.
    doc = {"$schema": doc.pop("$schema"), "version": doc.pop("version"), **doc}
    return json.dumps(doc, indent=2) + "\n"
