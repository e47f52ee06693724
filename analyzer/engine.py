"""The pipeline: paths -> files -> folders -> parse once -> facts -> rules -> findings.

The unit of work is a folder: its files are read, the ones that can matter are
parsed once, their facts form the folder index, and every selected rule runs on
every relevant file with that index at hand. Folders are independent, which is
what makes parallel runs and caching simple.
"""
from __future__ import annotations

import os
import re
import time
import traceback
from dataclasses import dataclass, field
from functools import lru_cache

from . import facts as facts_module
from .config import Config
from .findings import assign_fingerprints
from .folder import FolderIndex
from .model import Finding, Notification, RunResult
from .rule import Context, Rule, run_check
from .source import SourceFile
from .suppress import INVALID_SUPPRESSION, find_suppressions, invalid_suppressions, is_suppressed

MAX_FILE_BYTES = 8 * 1024 * 1024  # generated register headers are bigger, and hold no driver logic
SOURCE_SUFFIXES = (".c", ".h")


class InputError(Exception):
    """A path that does not exist or cannot be read: exit status 2."""


@dataclass
class Discovery:
    root: str  # absolute
    files: list[tuple[str, str]] = field(default_factory=list)  # (absolute path, path relative to root)


def choose_root(paths: list[str]) -> str:
    """Paths in reports are relative to the working directory when every input is under it
    (the repository root in CI, which is what %SRCROOT% means to code scanning)."""
    cwd = os.getcwd()
    absolute = [os.path.abspath(p) for p in paths]
    if all(os.path.commonpath([cwd, a]) == cwd for a in absolute):
        return cwd
    common = os.path.commonpath(absolute)
    return common if os.path.isdir(common) else os.path.dirname(common)


def discover(paths: list[str], config: Config) -> Discovery:
    root = choose_root(paths)
    seen: dict[str, str] = {}
    for path in paths:
        absolute = os.path.abspath(path)
        if not os.path.exists(absolute):
            raise InputError(f"{path}: no such file or directory")
        if os.path.isfile(absolute):
            # A file named explicitly is checked whatever its suffix (pre-commit passes .c and .h).
            rel = _relative(absolute, root)
            if not config.is_excluded(rel):
                seen.setdefault(absolute, rel)
            continue
        for directory, subdirs, names in os.walk(absolute, onerror=_raise_walk_error):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            for name in sorted(names):
                if name.endswith(SOURCE_SUFFIXES) and not name.startswith("."):
                    file_path = os.path.join(directory, name)
                    rel = _relative(file_path, root)
                    if not config.is_excluded(rel):
                        seen.setdefault(file_path, rel)
    files = sorted(seen.items(), key=lambda item: item[1])
    return Discovery(root, files)


def _raise_walk_error(error: OSError) -> None:
    raise InputError(f"{error.filename}: {error.strerror}")


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


@lru_cache(maxsize=4096)
def find_kernel_root(directory: str) -> str:
    """The kernel source tree holding `directory`, recognised by its root, or ""."""
    while True:
        if all(os.path.exists(os.path.join(directory, marker)) for marker in ("MAINTAINERS", "Kbuild", "kernel")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return ""
        directory = parent


def group_by_folder(files: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    folders: dict[str, list[tuple[str, str]]] = {}
    for absolute, rel in files:
        folders.setdefault(os.path.dirname(rel), []).append((absolute, rel))
    return [folders[key] for key in sorted(folders)]


@dataclass
class FolderResult:
    findings: list[Finding] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    files_scanned: int = 0
    files_parsed: int = 0
    files_with_parse_errors: int = 0
    io_errors: int = 0
    sources: dict[str, list[str]] = field(default_factory=dict)


def _trigger_regex(words) -> re.Pattern | None:
    words = sorted(set(words))
    return re.compile(b"|".join(re.escape(w) for w in words)) if words else None


class Analyzer:
    """Runs a fixed set of rules over folders. Built once per run (or per worker process)."""

    def __init__(self, rules: list[Rule], config: Config, known_ids: set[str], keep_sources: bool = True):
        self.rules = [r for r in rules if r.id != INVALID_SUPPRESSION.id]
        self.report_invalid_suppressions = any(r.id == INVALID_SUPPRESSION.id for r in rules)
        self.config = config
        self.known_ids = known_ids
        self.keep_sources = keep_sources
        self.rule_triggers = {r.id: _trigger_regex(r.triggers) for r in self.rules}
        self.any_trigger = _trigger_regex(
            [w for r in self.rules for w in r.triggers]
            + ([b"kmodlint:"] if self.report_invalid_suppressions else []))

    def _relevant_rules(self, data: bytes) -> list[Rule]:
        relevant = []
        for rule in self.rules:
            regex = self.rule_triggers[rule.id]
            if regex is None or regex.search(data):
                relevant.append(rule)
        return relevant

    def analyze_folder(self, files: list[tuple[str, str]]) -> FolderResult:
        """Read the folder's files, parse the ones a rule can fire on, then the siblings
        their rules ask for (folder facts), and run the rules with the folder index."""
        result = FolderResult()
        triggered: list[tuple[SourceFile, list[Rule]]] = []
        siblings: list[SourceFile] = []
        kernel_root = find_kernel_root(os.path.dirname(os.path.abspath(files[0][0]))) if files else ""
        for absolute, rel in files:
            result.files_scanned += 1
            data = self._read(absolute, rel, result)
            if data is None:
                continue
            source = SourceFile(rel, data)
            if kernel_root:
                source.kernel_path = os.path.relpath(os.path.abspath(absolute), kernel_root).replace(os.sep, "/")
            if self.any_trigger is not None and self.any_trigger.search(data):
                triggered.append((source, self._relevant_rules(data)))
            else:
                siblings.append(source)

        extras = frozenset(need for _, rules in triggered for rule in rules for need in rule.needs)
        index = FolderIndex()
        wanted: set[str] = set()
        for source, relevant in triggered:
            facts = self._extract(source, extras, result)
            if facts is not None:
                index.files[source.path] = facts
                for rule in relevant:
                    if rule.folder_tokens is not None:
                        wanted.update(rule.folder_tokens(facts))
        # Siblings are parsed only when they hold a name a triggered file's rules need
        # resolved (a fops, a socket, a shared variable): a fast bytes search first.
        sibling_regex = _trigger_regex(name.encode() for name in wanted if name)
        for source in siblings if sibling_regex is not None else ():
            if sibling_regex.search(source.data):
                facts = self._extract(source, extras, result)
                if facts is not None:
                    index.files[source.path] = facts

        for source, relevant in triggered:
            facts = index.files.get(source.path)
            if facts is None:
                continue
            findings = []
            ignored = self.config.ignored_for(source.path)
            for rule in relevant:
                if rule.id in ignored:
                    continue
                settings = {**rule.options, **self.config.rule_options.get(rule.id, {})}
                try:
                    findings.extend(run_check(rule, Context(rule, source, facts, index, settings)))
                except Exception as error:  # one rule failing on one file must not end the run
                    where = traceback.extract_tb(error.__traceback__)[-1]
                    result.notifications.append(Notification(
                        "error", f"rule {rule.id} failed: {type(error).__name__}: {error} "
                                 f"(at {os.path.basename(where.filename)}:{where.lineno})", source.path, rule.id))
            findings = [f for f in findings if not is_suppressed(f, facts.suppressions)]
            if self.report_invalid_suppressions and INVALID_SUPPRESSION.id not in ignored:
                findings.extend(invalid_suppressions(source, facts.suppressions, self.known_ids))
            if findings:
                result.findings.extend(findings)
                if self.keep_sources:
                    result.sources[source.path] = source.lines()
        return result

    def _read(self, absolute: str, rel: str, result: FolderResult) -> bytes | None:
        try:
            size = os.path.getsize(absolute)
            if size > MAX_FILE_BYTES:
                result.notifications.append(Notification(
                    "note", f"skipped: {size // (1024 * 1024)} MB is above the "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit for one file", rel))
                return None
            with open(absolute, "rb") as handle:
                return handle.read()
        except OSError as error:
            result.io_errors += 1
            result.notifications.append(Notification("error", f"cannot read file: {error.strerror}", rel))
            return None

    def _extract(self, source: SourceFile, extras: frozenset[str], result: FolderResult):
        try:
            facts = facts_module.extract(source, extras)
        except Exception as error:  # a parser failure must not end the run
            result.notifications.append(Notification("error", f"internal error while parsing: {error!r}", source.path))
            return None
        result.files_parsed += 1
        result.files_with_parse_errors += facts.has_parse_errors
        facts.suppressions = find_suppressions(source)
        return facts


def run(paths: list[str], rules: list[Rule], config: Config, known_ids: set[str]) -> tuple[RunResult, int]:
    """Analyse `paths`; returns the result and the number of files that could not be read."""
    started = time.perf_counter()
    discovery = discover(paths, config)
    analyzer = Analyzer(rules, config, known_ids)
    result = RunResult(root=discovery.root, rules=[r.info for r in rules])
    io_errors = 0
    for folder in group_by_folder(discovery.files):
        folder_result = analyzer.analyze_folder(folder)
        result.findings.extend(folder_result.findings)
        result.notifications.extend(folder_result.notifications)
        result.files_scanned += folder_result.files_scanned
        result.files_with_parse_errors += folder_result.files_with_parse_errors
        result.sources.update(folder_result.sources)
        io_errors += folder_result.io_errors
    result.findings = assign_fingerprints(sorted(set(result.findings), key=Finding.sort_key))
    result.elapsed_seconds = time.perf_counter() - started
    return result, io_errors
