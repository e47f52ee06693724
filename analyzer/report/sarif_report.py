"""SARIF 2.1.0, for code-scanning services (GitHub, GitLab, IDE viewers).

Built from sarif_om objects; sarif_om has no serializer, so `_to_json` walks the
attrs fields and uses each field's schema property name as the JSON key.

GitHub code scanning rejects a run of more than 25,000 results or an upload of
more than 10 MB gzipped, and shows only 5,000 results of a run: a whole-tree
audit can pass those, so the report keeps the most severe results that fit,
writes them most severe first when GitHub would show only part of them, and
says so (a `warn` callback, and a notification in the run).
"""
from __future__ import annotations

import gzip
import heapq
import json
import re
from typing import Callable
from urllib.parse import quote

import attr
import sarif_om as om

from kmodlint import ruledoc
from kmodlint.__about__ import INFORMATION_URI, NAME, VERSION
from kmodlint.model import (PARSE_ERROR_ID, PARSE_ERROR_MESSAGE, SEVERITY_ORDER, Finding, Fix, Notification,
                            ParseError, RuleInfo, RunResult, Span)
from kmodlint.report.line_hash import file_text, line_hashes

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = f"{NAME}/v1"
LINE_HASH_KEY = "primaryLocationLineHash"

# GitHub code scanning's documented limits (docs.github.com, "SARIF support for code
# scanning" and "SARIF results exceed limits"); module-level so tests can lower them.
MAX_RESULTS = 25_000  # per run, else the upload is rejected
SHOWN_RESULTS = 5_000  # per run that GitHub keeps and shows
MAX_GZIP_BYTES = 10_000_000  # the upload, gzipped ("10 MB"; read as decimal, to stay under either)

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


def _artifact(path: str) -> om.ArtifactLocation:
    # Paths are relative to the scan root; quoting makes them valid URI references
    # (spaces, '#', '%' in file names) without ever naming the scanning machine.
    return om.ArtifactLocation(uri=quote(path.encode("utf-8", "surrogateescape"), safe="/"), uri_base_id=SRCROOT)


def _region(span: Span) -> om.Region:
    return om.Region(start_line=span.line, start_column=span.column,
                     end_line=span.end_line, end_column=span.end_column)


def _location(path: str, span: Span | None = None, **kw) -> om.Location:
    physical = om.PhysicalLocation(artifact_location=_artifact(path),
                                   region=_region(span) if span else None)
    return om.Location(physical_location=physical, **kw)


def _rule(info: RuleInfo, docs_url: str | None) -> om.ReportingDescriptor:
    help_text = info.help.strip() or info.title
    return om.ReportingDescriptor(
        id=info.id,
        name=_camel(info.id),
        short_description=om.MultiformatMessageString(text=info.title),
        full_description=om.MultiformatMessageString(text=ruledoc.description(help_text, info.title)),
        help=om.MultiformatMessageString(text=help_text, markdown=help_text),
        help_uri=ruledoc.docs_url(info.id, docs_url),  # the rule's own page (docs/rules/<id>.md)
        default_configuration=om.ReportingConfiguration(level=info.severity),
        # om.PropertyBag only models `tags`; a plain dict carries the rest.
        properties=_rule_properties(info),
    )


def _rule_properties(info: RuleInfo) -> dict:
    properties = {"tags": list(info.tags), "precision": info.precision}
    # GitHub reads security-severity only from kmodlint.rules tagged "security".
    if info.security_severity and "security" in info.tags:
        properties["security-severity"] = info.security_severity
    return properties


def _fix(fix: Fix) -> om.Fix:
    deleted = om.Region(byte_offset=fix.start_byte, byte_length=fix.end_byte - fix.start_byte)
    replacement = om.Replacement(deleted_region=deleted,
                                 inserted_content=om.ArtifactContent(text=fix.replacement))
    change = om.ArtifactChange(artifact_location=_artifact(fix.path), replacements=[replacement])
    return om.Fix(artifact_changes=[change], description=om.Message(text=fix.description))


def _fingerprints(finding: Finding, line_hash: str | None) -> dict | None:
    fingerprints = {}
    if finding.fingerprint:
        fingerprints[FINGERPRINT_KEY] = finding.fingerprint
    if line_hash:
        fingerprints[LINE_HASH_KEY] = line_hash
    return fingerprints or None


def _suppressions(finding: Finding) -> list[om.Suppression] | None:
    if finding.suppression is None:
        return None
    return [om.Suppression(
        kind="inSource",
        justification=finding.suppression.reason or None,
        location=_location(finding.path, finding.suppression.span),
    )]


def _result(finding: Finding, rule_index: dict[str, int], line_hash: str | None = None) -> om.Result:
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
        partial_fingerprints=_fingerprints(finding, line_hash),
        fixes=[_fix(x) for x in finding.fixes],
        suppressions=_suppressions(finding),
        properties={"functionHasParseError": True} if finding.function_has_parse_error else None,
    )


def _notification(n: Notification, rule_index: dict[str, int]) -> om.Notification:
    return om.Notification(
        level=n.level,
        message=om.Message(text=n.message),
        locations=[_location(n.path)] if n.path else None,
        associated_rule=(om.ReportingDescriptorReference(id=n.rule_id, index=rule_index.get(n.rule_id, -1))
                         if n.rule_id else None),
    )


def _parse_error(error: ParseError) -> om.Notification:
    """A file that kept a syntax ERROR node: named, with where the first one is."""
    return om.Notification(
        level="note",
        message=om.Message(text=PARSE_ERROR_MESSAGE),
        locations=[_location(error.path, Span(error.line, error.column, error.line, error.column)
                             if error.line else None)],
        descriptor=om.ReportingDescriptorReference(id=PARSE_ERROR_ID),
    )


def _run_properties(result: RunResult) -> dict | None:
    if not result.target_kernel:
        return None
    return {"targetKernel": result.target_kernel, "targetKernelSource": result.target_kernel_source}


def _line_hashes(result: RunResult, findings: list[Finding]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for finding in findings:
        wanted.setdefault(finding.path, set()).add(finding.span.line)
    hashes = {}
    for path, lines in wanted.items():
        source = result.sources.get(path)
        if source is not None:
            for line, value in line_hashes(file_text(source), lines).items():
                hashes[path, line] = value
    return hashes


def _severity_first(findings: list[Finding]) -> list[Finding]:
    """Reported before suppressed, then errors, warnings, notes; the report's order within each."""
    return sorted(findings, key=lambda f: (f.suppression is not None, SEVERITY_ORDER.get(f.severity, 3)))


def _document(result: RunResult, findings: list[Finding], hashes: dict, notes: list[Notification],
              docs_url: str | None) -> str:
    rule_index = {info.id: i for i, info in enumerate(result.rules)}
    driver = om.ToolComponent(
        name=NAME, version=VERSION, semantic_version=VERSION,
        information_uri=INFORMATION_URI,
        rules=[_rule(info, docs_url) for info in result.rules],
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
            tool_execution_notifications=[_notification(n, rule_index) for n in [*result.notifications, *notes]]
            + [_parse_error(e) for e in result.parse_errors],
        )],
        results=[_result(f, rule_index, hashes.get((f.path, f.span.line))) for f in findings],
        properties=_run_properties(result),
    )
    log = om.SarifLog(schema_uri=SCHEMA_URI, version="2.1.0", runs=[run])
    doc = _to_json(log)
    # sarif_om puts required fields first; readers expect $schema and version on top.
    doc = {"$schema": doc.pop("$schema"), "version": doc.pop("version"), **doc}
    return json.dumps(doc, indent=2) + "\n"


def _count(findings) -> str:
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "note")}
    return ", ".join(f"{n:,} {s}{'s' if n != 1 else ''}" for s, n in counts.items())


def render(result: RunResult, warn: Callable[[str], None] | None = None, rule_docs_url: str | None = None) -> str:
    """`rule_docs_url`: where the rules' pages are, for each rule's helpUri (ruledoc.docs_url:
    `{id}` in it is replaced by the rule id, else `<id>.md` is appended); default: the repository's."""
    # Suppressed findings (present only with --show-suppressed) are results too,
    # marked with `suppressions`, in the report's path order.
    findings = list(heapq.merge(result.findings, result.suppressed, key=Finding.sort_key))
    hashes = _line_hashes(result, findings)
    ranked = _severity_first(findings)
    keep = min(len(ranked), MAX_RESULTS)
    while True:
        kept = ranked[:keep]
        if len(kept) > SHOWN_RESULTS:
            ordered = kept  # GitHub keeps only part of them: the most severe come first
        else:
            chosen = {id(f) for f in kept}
            ordered = [f for f in findings if id(f) in chosen]
        notes = []
        if keep < len(findings):
            notes.append(Notification("warning", (
                f"GitHub code scanning limits: kept the {keep:,} most severe of {len(findings):,} results "
                f"({_count(kept)}); dropped {_count(ranked[keep:])}. Check fewer folders per run "
                f"(--shard K/N, one SARIF category each) or fewer rules (--select) to see them all.")))
        text = _document(result, ordered, hashes, notes, rule_docs_url)
        data = text.encode("utf-8")
        # gzip adds at most a few dozen bytes to incompressible data: skip it when clearly small.
        size = len(data) if len(data) < MAX_GZIP_BYTES - 1024 else len(gzip.compress(data, compresslevel=6))
        if size <= MAX_GZIP_BYTES or keep == 0:
            break
        # Shrink in proportion, a little more, and measure again.
        keep = min(keep - 1, int(keep * MAX_GZIP_BYTES / size * 0.95))
    if warn is not None:
        for note in notes:
            warn(note.message)
        if len(kept) > SHOWN_RESULTS:
            warn(f"GitHub code scanning shows only {SHOWN_RESULTS:,} of the {len(kept):,} results in this SARIF "
                 f"file; they are written most severe first so those are the ones shown.")
    return text
