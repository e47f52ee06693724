"""The pipeline: paths -> files -> folders -> parse once -> facts -> rules -> findings.

The unit of work is a folder: its files are read, the ones that can matter are
parsed once, their facts form the folder index, and every selected rule runs on
every relevant file with that index at hand. Folders are independent, which is
what makes parallel runs and caching simple.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import sys
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from . import cache as cache_module
from . import facts as facts_module
from . import safeio
from .config import Config
from .driver.admission import calling
from .findings import assign_fingerprints
from .folder import FolderIndex
from .kernel import NEWEST_KNOWN_KERNEL
from .model import Finding, Notification, ParseError, RunResult
from .preproc import (Environment, KernelFolder, PackageMacros, forget_kernel_trees, kernel_tree_digest,
                      makefile_chain, makefile_defines, makefile_version, parse_version)
from .rule import Context, Rule, run_check
from .source import SourceFile
from . import trees as trees_module
from .trees import TreeBudget
from .triggers import TriggerSearch
from .suppress import (BUILTIN_IDS, INVALID_SUPPRESSION, SUPPRESSION_WORDS, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION, comment,
                       covering, find_suppressions, invalid_suppressions, suppressions_without_reason,
                       unused_suppressions)

MAX_FILE_BYTES = 8 * 1024 * 1024  # the most one file parsed: generated register headers are bigger
# The most one file read. A file between the two is searched for trigger words and skipped
# when it holds none (the kernel's 8-22 MB register headers), so nothing a rule could find in
# it goes unsaid; one that holds some is reported as not analysed.
MAX_READ_BYTES = 64 * 1024 * 1024
SOURCE_SUFFIXES = (".c", ".h")
# The most views of one file parsed (SourceFile.views): a group of three branches on unknown
# conditions that each split a construct is rare; each view is a parse and a rules run more.
MAX_VIEWS = 3
# How far up a rule's folder_callers are followed: the siblings that name one of the functions,
# then the siblings that name those siblings' functions that reach one.
CALLER_LEVELS = 2

# How an unreadable file is worded in the notifications; the CLI and --fix recognise it by this.
READ_ERROR_PREFIX = "cannot read file: "
SKIPPED_PREFIX = "skipped: "


class InputError(Exception):
    """A path that does not exist or cannot be read: exit status 2."""


@dataclass
class Discovery:
    root: str  # absolute
    files: list[tuple[str, str]] = field(default_factory=list)  # (absolute path, path relative to root)
    # Folders (relative to root) of files named one by one and not also walked (pre-commit passes
    # changed files): their siblings may be missing, so folder-wide rules see only part of them.
    partial: frozenset[str] = frozenset()
    notes: list[Notification] = field(default_factory=list)  # files the walk skipped, and why


def choose_root(paths: list[str]) -> str:
    """Paths in reports are relative to the working directory when every input is under it
    (the repository root in CI, which is what %SRCROOT% means to code scanning)."""
    cwd = os.getcwd()
    absolute = [os.path.abspath(p) for p in paths]
    if all(os.path.commonpath([cwd, a]) == cwd for a in absolute):
        return cwd
    common = os.path.commonpath(absolute)
    return common if os.path.isdir(common) else os.path.dirname(common)


# The config that applies in a folder (absolute path) and the rules it runs: the nearest
# config file, resolved per folder (config.Resolver), unless --config names one for all.
SettingsFor = Callable[[str], "tuple[Config, list[Rule]]"]


def discover(paths: list[str], config: Config, settings_for: SettingsFor | None = None, *,
             respect_gitignore: bool = False, exclude: Callable[[str], bool] | None = None,
             config_exclude: bool = True) -> Discovery:
    """The files to check; `settings_for` gives each folder's own config (its `exclude`,
    unless `config_exclude` is off: --exclude replaces it); `exclude` takes an absolute
    path (--exclude, --extend-exclude); `respect_gitignore`: walked folders skip what
    .gitignore hides (kmodlint.ignore). A file named on the command line is checked
    even when .gitignore hides it."""
    root = choose_root(paths)
    notes: list[Notification] = []

    def excluded(absolute: str, rel: str) -> bool:
        if exclude is not None and exclude(absolute):
            return True
        if not config_exclude:
            return False
        own = settings_for(os.path.dirname(absolute))[0] if settings_for else config
        return own.is_excluded(rel)

    seen: dict[str, str] = {}
    named_in, walked = set(), set()
    for path in paths:
        absolute = os.path.abspath(path)
        if not os.path.exists(absolute):
            raise InputError(f"{path}: no such file or directory")
        if os.path.isfile(absolute):
            # A file named explicitly is checked whatever its suffix (pre-commit passes .c and .h).
            rel = _relative(absolute, root)
            if not excluded(absolute, rel):
                seen.setdefault(absolute, rel)
                named_in.add(os.path.dirname(rel))
            continue
        ignored = None
        if respect_gitignore:
            from .ignore import Ignored

            ignored = Ignored(absolute)
        for directory, subdirs, names in os.walk(absolute, onerror=_raise_walk_error):
            below = _relative(directory, absolute) + "/" if directory != absolute else ""
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".")
                                and not (ignored and ignored(below + d + "/"))
                                and not (exclude and exclude(os.path.join(directory, d))))
            for name in sorted(names):
                if name.endswith(SOURCE_SUFFIXES) and not name.startswith("."):
                    file_path = os.path.join(directory, name)
                    if ignored and ignored(below + name):
                        continue
                    rel = _relative(file_path, root)
                    if excluded(file_path, rel):
                        continue
                    if not os.path.isfile(file_path):  # a dangling symlink, a FIFO: nothing to read
                        what = "a dangling symbolic link" if os.path.islink(file_path) else "not a regular file"
                        notes.append(Notification("note", f"skipped: {what}", rel))
                        continue
                    seen.setdefault(file_path, rel)
                    walked.add(os.path.dirname(rel))
    files = sorted(seen.items(), key=lambda item: item[1])
    return Discovery(root, files, frozenset(named_in - walked), notes)


def files_of_folders(paths: list[str]) -> list[str]:
    """The .c/.h files directly in the folder of each path (a folder stands for itself,
    walked as usual), each once: what `check --folders-of` checks, so that folder-wide
    rules see every file of a driver when pre-commit passes only the staged ones.
    Subfolders are not added: they are other drivers, and a file at the top of a
    repository must not mean the whole repository. A missing path is kept, so that
    discovery reports it."""
    chosen: dict[str, None] = {}
    listed: set[str] = set()
    for path in paths:
        if os.path.isdir(path) or not os.path.exists(path):
            chosen.setdefault(path)
            continue
        chosen.setdefault(path)  # the file named, whatever its suffix
        folder = os.path.dirname(path) or "."
        if folder in listed:
            continue
        listed.add(folder)
        try:
            names = sorted(os.listdir(folder))
        except OSError as error:
            raise InputError(f"{folder}: {error.strerror}") from None
        for name in names:
            sibling = os.path.join(folder, name) if folder != "." else name
            if name.endswith(SOURCE_SUFFIXES) and not name.startswith(".") and os.path.isfile(sibling):
                chosen.setdefault(sibling)
    return list(chosen)


def _raise_walk_error(error: OSError) -> None:
    raise InputError(f"{error.filename}: {error.strerror}")


def _relative(path: str, root: str) -> str:
    prefix = root.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and os.path.normpath(path) == path:  # the common case, without relpath's work
        return path[len(prefix):].replace(os.sep, "/")
    return os.path.relpath(path, root).replace(os.sep, "/")


@lru_cache(maxsize=None)
def find_kernel_root(directory: str) -> str:
    """The kernel source tree holding `directory`, recognised by its root, or "".
    Recursing through the cache checks each folder of a tree once, not once per subfolder."""
    if all(os.path.exists(os.path.join(directory, marker)) for marker in ("MAINTAINERS", "Kbuild", "kernel")):
        return directory
    parent = os.path.dirname(directory)
    return "" if parent == directory else find_kernel_root(parent)


def group_by_folder(files: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    folders: dict[str, list[tuple[str, str]]] = {}
    for absolute, rel in files:
        folders.setdefault(os.path.dirname(rel), []).append((absolute, rel))
    return [folders[key] for key in sorted(folders)]


def in_shard(folder: list[tuple[str, str]], shard: int, shards: int) -> bool:
    """Whether `folder` belongs to shard `shard` (1-based) of `shards`: crc32 of the folder's
    relative path, the same on every machine and Python (hash() is salted per process)."""
    return zlib.crc32(os.path.dirname(folder[0][1]).encode("utf-8", "surrogateescape")) % shards == shard - 1


def _kernel_dir(folder: list[tuple[str, str]]) -> str:
    """The folder's path inside its kernel tree ("" outside one): rules such as
    kernel-signal-to-user read it, so a cached result depends on it."""
    directory = os.path.dirname(os.path.abspath(folder[0][0]))
    kernel_root = find_kernel_root(directory)
    return os.path.relpath(directory, kernel_root) if kernel_root else ""


@dataclass
class FolderResult:
    """What one folder gives the run: plain data, so it crosses processes and goes into the cache."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # hidden by a suppression, with its comment
    notifications: list[Notification] = field(default_factory=list)
    files_scanned: int = 0
    files_parsed: int = 0
    files_skipped: int = 0  # read, but no trigger word and no name a sibling's rule needs: not parsed
    files_with_parse_errors: int = 0
    parse_errors: list[ParseError] = field(default_factory=list)
    io_errors: int = 0
    sources: dict[str, list[str]] = field(default_factory=dict)
    stamps: dict[str, list] = field(default_factory=dict)  # rel -> [[size, mtime_ns, inode], digest]
    # Files outside the folder that its result depends on (headers of other folders its
    # conditionals were judged by): absolute path -> preproc.input_stamp(), None when absent.
    inputs: dict[str, list | None] = field(default_factory=dict)
    from_cache: bool = False


def _trigger_regex(words) -> re.Pattern | None:
    words = sorted(set(words))
    return re.compile(b"|".join(re.escape(w) for w in words)) if words else None


@lru_cache(maxsize=None)
def _compiled(pattern: bytes) -> re.Pattern:
    return re.compile(pattern)


def _token_word(token) -> bytes:
    return (token[0] if isinstance(token, tuple) else token).encode()


def _holds(data: bytes, token) -> bool:
    """Does a sibling's `data` hold a folder token: a name, or a (name, regex) or (name, test) pair?"""
    if isinstance(token, tuple):
        if token[0].encode() not in data:
            return False
        return token[1](data) if callable(token[1]) else _compiled(token[1]).search(data) is not None
    return token.encode() in data


class _NamesSearch:
    """A test `data -> bool` of whether `data` names one of `names` (as a whole word)."""

    def __init__(self, names: set[str]):
        self.names = frozenset(names)
        words = sorted((n.encode() for n in names), key=len, reverse=True)
        # The names of one driver share its prefix (`foo_`): one fast search of it turns most files away.
        self.prefix = os.path.commonprefix(words)
        self.pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(w) for w in words) + rb")\b")

    def __call__(self, data: bytes) -> bool:
        return self.prefix in data and self.pattern.search(data) is not None


def _names_search(names: set[str]) -> _NamesSearch | None:
    return _NamesSearch(names) if names else None


def _judged_once(test: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    """`test`, answering again for the file it judged last without judging it again."""
    last: list = [None, False]

    def judged(data: bytes) -> bool:
        if last[0] is not data:
            last[0], last[1] = data, test(data)
        return last[1]
    return judged


def _needs(rules: list[Rule]) -> frozenset[str]:
    """The facts to extract with the parse: what these rules read (others come when read)."""
    return frozenset(need for rule in rules for need in rule.needs)


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _real_path(path: str) -> str:
    """os.path.realpath(path), with each folder resolved once (realpath stats every
    component of every path: 10 s for drivers/ on a loaded machine)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    return os.path.join(_real_folder(folder), name)


class _WatchedFolder:
    """A FolderIndex that records whether a rule looked at it (for unused-suppression)."""

    def __init__(self, index: FolderIndex):
        self._index = index
        self.read = False

    def __getattr__(self, name: str):
        self.read = True
        return getattr(self._index, name)


class Analyzer:
    """Runs a fixed set of rules over folders. Built once per run (or per worker process)."""

    def __init__(self, rules: list[Rule], config: Config, known_ids: set[str], keep_sources: bool = True,
                 hash_files: bool = False, partial_folders: frozenset[str] = frozenset(),
                 packages: dict[str, PackageMacros] | None = None, root: str = ""):
        self.rules = [r for r in rules if r.id not in BUILTIN_IDS]
        self.builtins = {r.id for r in rules if r.id in BUILTIN_IDS}  # the suppression checks that run
        self.config = config
        self.known_ids = known_ids
        self.keep_sources = keep_sources
        self.hash_files = hash_files  # record each file's stat and digest for the cache
        self.partial_folders = partial_folders  # see Discovery.partial
        # Package root (absolute) -> the macros its headers define (package_macros()); a folder
        # in none of them (a kernel tree's, a test's) has the macros of its own headers.
        self.packages = packages or {}
        self.target = parse_version(config.kernel_version) if config.kernel_version else None
        self.real_root = os.path.realpath(root) if root else ""  # files resolving outside it are skipped
        self.trees_per_folder = trees_module.TREES_PER_FOLDER  # syntax trees held at once (kmodlint.trees)
        # Trigger words are looked up with `word in data` (a fast substring search in C),
        # words that share a part only where the part is (analyzer/triggers.py): a regex
        # alternation of ~60 words tries every branch at every byte, and was 2-4 times slower.
        self.triggers = TriggerSearch(
            [w for r in self.rules for w in r.trigger_words] + (list(SUPPRESSION_WORDS) if self.builtins else []))

    def _triggered(self, data: bytes) -> bool:
        return bool(self.triggers.present(data))

    def _relevant_rules(self, data: bytes, folder_test=None, present=None) -> list[Rule]:
        """The rules whose triggers and admission tests `data` passes; `folder_test(rule)`: the
        rule's folder admission test of this file's folder (None: no folder, admit);
        `present`: the trigger words it holds, when already searched."""
        if present is None:
            present = self.triggers.present(data)

        def matches(trigger) -> bool:
            if isinstance(trigger, tuple):  # (word, regex): the word first, the regex where it is
                return trigger[0] in present and _compiled(trigger[1]).search(data) is not None
            return trigger in present

        return [rule for rule in self.rules
                if (not rule.triggers or any(matches(t) for t in rule.triggers))
                and (rule.admits is None or rule.admits(data))
                and (rule.folder_admits is None or folder_test is None or folder_test(rule)(data))]

    def analyze_folder(self, files: list[tuple[str, str]]) -> FolderResult:
        """Read the folder's files, parse the ones a rule can fire on, then the siblings
        their rules ask for (folder facts), and run the rules with the folder index."""
        result = FolderResult()
        triggered: list[tuple[SourceFile, list[Rule]]] = []
        siblings: list[tuple[str, str, bytes]] = []
        kernel_root = find_kernel_root(os.path.dirname(os.path.abspath(files[0][0]))) if files else ""
        partial = bool(files) and os.path.dirname(files[0][1]) in self.partial_folders
        contents: list[tuple[str, str, bytes]] = []
        for absolute, rel in files:
            result.files_scanned += 1
            data = self._read(absolute, rel, result)
            if data is not None:
                contents.append((absolute, rel, data))
        folder_tests: dict[Callable, Callable[[bytes], bool]] = {}

        def folder_test(rule: Rule) -> Callable[[bytes], bool]:
            """The rule's folder admission test, built from the folder's bytes once, and shared by the
            rules that admit alike (the IRQ rules): each file is judged once for all of them."""
            if rule.folder_admits not in folder_tests:
                folder_tests[rule.folder_admits] = _judged_once(rule.folder_admits([data for _, _, data in contents]))
            return folder_tests[rule.folder_admits]

        env = self._environment(files, kernel_root, contents)
        for absolute, rel, data in contents:
            present = self.triggers.present(data)
            relevant = self._relevant_rules(data, folder_test, present) if present else []
            if relevant or (self.builtins and any(word in present for word in SUPPRESSION_WORDS)):
                triggered.append((self._source(absolute, rel, data, kernel_root, env), relevant))
            else:
                siblings.append((absolute, rel, data))  # masked only if parsed: most never are

        # What the folder's rules read of files other than their own: every parsed file gets it
        # with its parse, so a folder-wide rule does not cost each file one more walk.
        folder_needs = frozenset(need for _, relevant in triggered for rule in relevant for need in rule.folder_needs)
        index = FolderIndex()
        trees = TreeBudget(self.trees_per_folder)  # a large folder's trees are parsed again when read
        # rule id -> the files its own admission brings in (Rule's doc): what it reads of the folder.
        admitted: dict[str, set[str]] = {}
        wanted: dict[str, set] = {}  # rule id -> names (or (name, regex)) a sibling must hold to be parsed for it
        callers: dict[str, set[str]] = {}  # rule id -> functions whose callers a sibling must be parsed for
        for source, relevant in triggered:
            facts = self._extract(source, _needs(relevant) | folder_needs, result)
            for rule in relevant:
                admitted.setdefault(rule.id, set()).add(source.path)
            if facts is not None:
                index.files[source.path] = facts
                trees.admit(facts)
                for rule in relevant:
                    if rule.folder_tokens is not None:
                        wanted.setdefault(rule.id, set()).update(n for n in rule.folder_tokens(facts) if n)
                    if rule.folder_callers is not None:
                        callers.setdefault(rule.id, set()).update(n for n in rule.folder_callers(facts) if n)
        unparsed = {rel: (absolute, data) for absolute, rel, data in siblings}
        rules_by_id = {rule.id: rule for rule in self.rules}

        def parse_for(rel: str, asking: list[Rule]):
            """The facts of the folder's file `rel`, parsed now for `asking` if it was not yet."""
            if rel in unparsed:
                absolute, data = unparsed.pop(rel)
                source = self._source(absolute, rel, data, kernel_root, env)
                facts = self._extract(source, _needs(asking) | folder_needs, result)
                if facts is not None:
                    index.files[source.path] = facts
                    trees.admit(facts)
            return index.files.get(rel)

        # Siblings are parsed only when they hold a name a triggered file's rules need
        # resolved (a fops, a socket, a shared variable): a fast bytes search first. Every file
        # of the folder is looked at for every rule, those parsed for another rule too, so that
        # what a rule reads is the same whichever rules run with it.
        sibling_regex = _trigger_regex(_token_word(token) for tokens in wanted.values() for token in tokens)
        if sibling_regex is not None:
            for _, rel, data in contents:
                if not sibling_regex.search(data):
                    continue
                asking = [rule for rule in self.rules if rel not in admitted.get(rule.id, ())
                          and any(_holds(data, token) for token in wanted.get(rule.id, ()))]
                if asking:
                    for rule in asking:
                        admitted.setdefault(rule.id, set()).add(rel)
                    parse_for(rel, asking)
        # The callers of the functions a rule's context comes from: the siblings that name one, then
        # those that name the functions of such a sibling that reach one, CALLER_LEVELS up.
        for rule_id, names in callers.items():
            for _ in range(CALLER_LEVELS):
                search = _names_search(names)
                if search is None:
                    break
                names = set()
                for _, rel, data in contents:
                    if rel in admitted[rule_id] or not search(data):
                        continue
                    admitted[rule_id].add(rel)
                    facts = parse_for(rel, [rules_by_id[rule_id]])
                    if facts is not None:
                        names |= calling(facts, search.names)
        for rel, (absolute, data) in unparsed.items():
            result.files_skipped += 1
            index.unparsed[rel] = (data, self._late_parse(absolute, rel, data, kernel_root, result, env, trees))
        index.files = dict(sorted(index.files.items()))  # the order of the folder, not of the parses
        data_of = {rel: data for _, rel, data in contents}
        rule_views: dict = {}
        rule_view_of: dict = {}  # (id of the base index, rule id) -> its view

        def folder_for(base: FolderIndex, rule: Rule) -> FolderIndex:
            """What `rule` reads of the folder: `base` less the files its admission did not bring
            in, which it sees as unparsed siblings (one view per set of files, shared by its rules)."""
            chosen = rule_view_of.get((id(base), rule.id))
            if chosen is not None:  # asked per file and rule: the set is worked out once
                return chosen
            rule_view_of[(id(base), rule.id)] = chosen = view_for(base, rule)
            return chosen

        def view_for(base: FolderIndex, rule: Rule) -> FolderIndex:
            paths = frozenset(base.files.keys() & admitted.get(rule.id, set()))
            if len(paths) == len(base.files):
                return base
            key = (id(base), paths)
            if key not in rule_views:
                view = FolderIndex(files={p: f for p, f in base.files.items() if p in paths},
                                   unparsed=dict(base.unparsed))
                for p, f in base.files.items():
                    if p not in paths:
                        view.unparsed[p] = (data_of[p], lambda f=f: f)
                view._parsed_late, view._undefined = base._parsed_late, base._undefined
                rule_views[key] = view
            return rule_views[key]

        views = self._other_views(triggered, index, folder_needs, result, trees)
        for source, relevant in triggered:
            facts = index.files.get(source.path)
            if facts is None:
                continue
            ignored = self.config.ignored_for(source.path)
            failed, read_folder = set(), set()
            findings = _judged(source, facts, self._check(source, facts, relevant, lambda r: folder_for(index, r),
                                                          partial, ignored, failed, read_folder, result))
            for view_source, view_facts, view_index in views.get(source.path, ()):
                # The other sides of the file's split conditionals: a finding at a place the
                # first view reported already (common code) is that view's, reported once.
                seen = {(f.rule_id, f.path, f.span.line, f.span.column) for f in findings}
                findings += [f for f in _judged(view_source, view_facts, self._check(
                    view_source, view_facts, relevant, lambda r, v=view_index: folder_for(v, r), partial, ignored,
                    failed, read_folder, result))
                             if (f.rule_id, f.path, f.span.line, f.span.column) not in seen]
            # Judged for unused-suppression: the rules that ran on this file and did not fail
            # (a rule without the file's trigger words ran, trivially, and found nothing), and,
            # when siblings may be missing, did not look at them.
            judged = {rule.id for rule in self.rules
                      if rule.id not in ignored and rule.id not in failed and rule.id not in read_folder}
            kept, suppressed = self._apply_suppressions(source, facts.suppressions, findings, judged, ignored)
            if kept or suppressed:
                result.findings.extend(kept)
                result.suppressed.extend(suppressed)
                if self.keep_sources:
                    result.sources[source.path] = source.lines()
        if env.kernel is not None:
            result.inputs = dict(env.kernel.inputs)
        return result

    def _check(self, source: SourceFile, facts, relevant: list[Rule], folder_for: Callable[[Rule], FolderIndex],
               partial: bool, ignored: set[str], failed: set[str], read_folder: set[str],
               result: FolderResult) -> list[Finding]:
        """The findings of the relevant rules on one view of a file, each rule reading the folder
        `folder_for(rule)` gives; a rule that fails joins `failed`, one that read the folder of a
        partial run joins `read_folder`."""
        findings = []
        for rule in relevant:
            if rule.id in ignored:
                continue
            settings = {**rule.options, **self.config.rule_options.get(rule.id, {})}
            index = folder_for(rule)
            folder = _WatchedFolder(index) if partial else index
            try:
                findings.extend(run_check(rule, Context(rule, source, facts, folder, settings)))
            except Exception as error:  # one rule failing on one file must not end the run
                import traceback

                failed.add(rule.id)
                where = traceback.extract_tb(error.__traceback__)[-1]
                result.notifications.append(Notification(
                    "error", f"rule {rule.id} failed: {type(error).__name__}: {error} "
                             f"(at {os.path.basename(where.filename)}:{where.lineno})", source.path, rule.id))
            if partial and folder.read:
                read_folder.add(rule.id)
        return findings

    def _other_views(self, triggered: list[tuple[SourceFile, list[Rule]]], index: FolderIndex,
                     folder_needs: frozenset[str], result: FolderResult, trees: TreeBudget) -> dict[str, list]:
        """path -> [(source, facts, folder index)] of the views after the first of each triggered
        file whose unknown conditionals split a construct (SourceFile.views), each parsed once.
        The folder index of view k holds view k of every such file (view 0 of the others), so
        the folder's driver model is built once per view, not once per file."""
        split = [(source, relevant) for source, relevant in triggered
                 if source.views > 1 and source.path in index.files]
        if not split:
            return {}
        views: dict[str, list] = {}
        for view in range(1, min(MAX_VIEWS, max(source.views for source, _ in split))):
            view_index = FolderIndex(files=dict(index.files), unparsed=index.unparsed)
            view_index._parsed_late, view_index._undefined = index._parsed_late, index._undefined
            for source, relevant in split:
                if view >= source.views:
                    continue
                other = source.other_view(view)
                facts = self._extract(other, _needs(relevant) | folder_needs, result, view=True)
                if facts is not None:
                    view_index.files[source.path] = facts
                    trees.admit(facts)
                    views.setdefault(source.path, []).append((other, facts, view_index))
        return views

    def _apply_suppressions(self, source: SourceFile, suppressions, findings: list[Finding], judged: set[str],
                            ignored: set[str]) -> tuple[list[Finding], list[Finding]]:
        """(reported, suppressed) findings of one file, the suppression checks' own findings included."""
        kept, suppressed, used = [], [], set()
        for finding in findings:
            hits = covering(finding, suppressions)
            if not hits:
                kept.append(finding)
                continue
            # Every suppression covering the finding counts as used: calling one of two
            # overlapping comments unused would be a guess about which one was meant.
            used.update((i, finding.rule_id) for i in hits)
            suppressed.append(dataclasses.replace(finding, suppression=comment(suppressions[hits[0]])))
        own = []
        active = self.builtins - ignored
        if INVALID_SUPPRESSION.id in active:
            own += invalid_suppressions(source, suppressions, self.known_ids)
        if UNUSED_SUPPRESSION.id in active:
            own += unused_suppressions(source, suppressions, used, judged)
        if SUPPRESSION_WITHOUT_REASON.id in active:
            own += suppressions_without_reason(source, suppressions, self.known_ids)
        for finding in own:  # `ignore-file[unused-suppression]` works like any other rule id
            hits = covering(finding, suppressions)
            if hits:
                suppressed.append(dataclasses.replace(finding, suppression=comment(suppressions[hits[0]])))
            else:
                kept.append(finding)
        return kept, suppressed

    def _late_parse(self, absolute: str, rel: str, data: bytes, kernel_root: str, result: FolderResult,
                    env: Environment, trees: TreeBudget):
        """How a skipped sibling is parsed after all, for a rule that asks the folder index for
        a definition it holds (FolderIndex.unparsed): struct definitions, counted as parsed."""
        def parse():
            result.files_skipped -= 1
            facts = self._extract(self._source(absolute, rel, data, kernel_root, env), frozenset({"structs"}), result)
            if facts is not None:
                trees.admit(facts)
            return facts
        return parse

    def _environment(self, files: list[tuple[str, str]], kernel_root: str,
                     contents: list[tuple[str, str, bytes]]) -> Environment:
        """The target kernel and the package macros the folder's conditionals are judged against."""
        target = self.target or (makefile_version(kernel_root) if kernel_root else None) \
            or parse_version(NEWEST_KNOWN_KERNEL)
        if kernel_root:
            # In a kernel tree the macros that decide conditionals are Kconfig's and the kernel
            # headers' (none of them here); the annotations are the kernel's (source.mask() knows
            # them). The file's own #defines are still read (Environment.is_defined).
            directory = os.path.dirname(os.path.abspath(files[0][0]))
            return Environment(target, blank_empty_macros=False,
                               kernel=KernelFolder(kernel_root, directory, lambda: [data for _, _, data in contents]))
        directory = os.path.dirname(os.path.abspath(files[0][0])) if files else ""
        root = package_root(directory)
        flags = makefile_defines(directory, root) if directory else frozenset()
        package = self.packages.get(root)
        if package is not None:
            return Environment(target, package, flags=flags)

        def folder_headers() -> PackageMacros:
            """Outside any package: the folder's own headers, read when a condition asks."""
            macros = PackageMacros()
            for _, rel, data in contents:
                if rel.endswith(".h"):
                    macros.add(data)
            return macros

        return Environment(target, folder_headers, flags=flags)

    @staticmethod
    def _source(absolute: str, rel: str, data: bytes, kernel_root: str, env: Environment | None = None) -> SourceFile:
        source = SourceFile(rel, data, env=env)
        if kernel_root:
            source.kernel_path = os.path.relpath(os.path.abspath(absolute), kernel_root).replace(os.sep, "/")
        return source

    def _read(self, absolute: str, rel: str, result: FolderResult) -> bytes | None:
        if self.real_root and not safeio.inside(_real_path(absolute), self.real_root):
            # A committed symlink to a file elsewhere: not the tree's code, and --fix must not edit it.
            result.notifications.append(Notification(
                "note", "skipped: a symlink to a file outside the scanned tree", rel))
            return None
        try:
            # The stat of the file read (fstat): a file changed after it only costs the next run
            # a re-hash, never a stale cached result.
            st_out: list = []
            data = safeio.read_bounded(absolute, MAX_READ_BYTES, st_out)
        except safeio.TooBig as error:
            self._too_big(rel, error.size, result)
            if self.hash_files and st_out:
                result.stamps[rel] = [cache_module.stamp(st_out[0]), cache_module.oversize_digest(error.size)]
            return None
        except OSError as error:
            result.io_errors += 1
            result.notifications.append(Notification("error", READ_ERROR_PREFIX + (error.strerror or str(error)), rel))
            return None
        if self.hash_files:
            result.stamps[rel] = [cache_module.stamp(st_out[0]), cache_module.digest(data)]
        if len(data) > MAX_FILE_BYTES:
            if self.triggers.present(data) or (self.builtins and b"kmodlint:" in data):
                self._too_big(rel, len(data), result)
            else:  # nothing a rule looks for: skipped like any file without trigger words
                result.files_skipped += 1
            return None
        return data

    @staticmethod
    def _too_big(rel: str, size: int, result: FolderResult) -> None:
        result.notifications.append(Notification(
            "error", f"{SKIPPED_PREFIX}{size // (1024 * 1024)} MB is above the {MAX_FILE_BYTES // (1024 * 1024)} MB "
                     f"limit for one file, and it holds code a rule checks; not analysed", rel))

    def _extract(self, source: SourceFile, needs: frozenset[str], result: FolderResult, view: bool = False):
        """Parse one file (`view`: another view of a file parsed already, which the counts of
        files and of parse errors do not count again) and extract the facts `needs` names."""
        try:
            facts = facts_module.extract(source, needs)
        except facts_module.ParseBudgetExceeded as error:
            result.notifications.append(Notification("error", str(error), source.path))
            return None
        except Exception as error:  # a parser failure must not end the run
            result.notifications.append(Notification("error", f"internal error while parsing: {error!r}", source.path))
            return None
        if view:
            return facts
        result.files_parsed += 1
        if facts.has_parse_errors:
            result.files_with_parse_errors += 1
            line, column = facts.first_parse_error()
            result.parse_errors.append(ParseError(source.path, line, column))
        facts.suppressions = find_suppressions(source)
        return facts


def _judged(source: SourceFile, facts, findings: list[Finding]) -> list[Finding]:
    """The findings of one file without those in a branch the target kernel does not compile,
    each marked when its function kept a syntax error (part of it was not analysed)."""
    if source.inactive:
        findings = [f for f in findings
                    if f.path != source.path or not source.is_inactive(source.offset(f.span.line, f.span.column))]
    if facts.has_parse_errors and findings:
        broken = facts.functions_with_parse_errors()
        if broken:
            findings = [dataclasses.replace(f, function_has_parse_error=True)
                        if f.path == source.path and f.function in broken else f for f in findings]
    return findings


# What marks the top of an out-of-tree package (a DKMS package, a git checkout of one).
_PACKAGE_MARKERS = (".git", "dkms.conf")


@lru_cache(maxsize=None)
def package_root(directory: str) -> str:
    """The package a folder outside a kernel tree belongs to: the nearest folder holding a
    .git or a dkms.conf, or "" when there is none (each folder is then its own package)."""
    if any(os.path.exists(os.path.join(directory, marker)) for marker in _PACKAGE_MARKERS):
        return directory
    parent = os.path.dirname(directory)
    return "" if parent == directory else package_root(parent)


def package_macros(files: list[tuple[str, str]]) -> dict[str, PackageMacros]:
    """Package root -> what the package's headers (those among `files`) define, for files
    outside a kernel tree: version guards, compat shims and the package's own annotation
    macros are defined in one header and used everywhere in the package."""
    packages: dict[str, PackageMacros] = {}
    for absolute, _ in files:
        if not absolute.endswith(".h"):
            continue
        directory = os.path.dirname(absolute)
        if find_kernel_root(directory):
            continue
        root = package_root(directory)
        if not root:
            continue
        try:
            data = safeio.read_bounded(absolute, MAX_FILE_BYTES)  # a FIFO or a device is not a header
        except OSError:
            continue  # reported when the file itself is read
        packages.setdefault(root, PackageMacros()).add(data)
    return packages


def _package_key(folder: list[tuple[str, str]], packages: dict[str, PackageMacros]) -> str:
    """What of the package outside the folder its result depends on, for the cache key."""
    if not packages:
        return ""
    package = packages.get(package_root(os.path.dirname(os.path.abspath(folder[0][0]))))
    return "\0package:" + package.digest() if package is not None else ""


def _flags_key(folder: list[tuple[str, str]]) -> str:
    """The -D names the folder's (or its package's) Makefile always passes, for the cache key:
    they decide conditionals (preproc.makefile_defines)."""
    directory = os.path.dirname(os.path.abspath(folder[0][0]))
    flags = makefile_defines(directory, "" if find_kernel_root(directory) else package_root(directory))
    return "\0flags:" + ",".join(sorted(flags)) if flags else ""


def _tree_key(folder: list[tuple[str, str]], states: dict[str, str]) -> str:
    """Inside a kernel tree, what of the tree outside the folder its conditionals read, for the
    cache key: the global headers and Makefiles (preproc.kernel_tree_digest, once per run and
    tree in `states`) and the Makefile/Kbuild of each folder from this one up to the root."""
    directory = os.path.dirname(os.path.abspath(folder[0][0]))
    kernel_root = find_kernel_root(directory)
    if not kernel_root:
        return ""
    chain = []
    for _, path in makefile_chain(directory, kernel_root):
        try:
            st = os.stat(path)
        except OSError:
            continue
        chain.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    if kernel_root not in states:
        states[kernel_root] = kernel_tree_digest(kernel_root)
    return "\0tree:" + states[kernel_root] + "\0" + "\0".join(chain)


def target_kernel(config: Config, root: str) -> tuple[str, str]:
    """The kernel version a run judges code against, as "X.Y" (or "X.Y.Z"), and how it was chosen."""
    if config.kernel_version:
        return config.kernel_version, config.kernel_version_from or "configuration"
    kernel_root = find_kernel_root(root) if os.path.isdir(root) else ""
    version = makefile_version(kernel_root) if kernel_root else None
    if version is not None:
        return f"{version[0]}.{version[1]}", "the Makefile of the kernel tree"
    return NEWEST_KNOWN_KERNEL, "the newest kernel kmodlint's API tables know (no kernel tree)"


ProgressFactory = Callable[[int], object]  # total -> a context manager whose value has update(n)


def run(paths: list[str], rules: list[Rule], config: Config, known_ids: set[str], *, jobs: int = 1,
        cache_dir: str | None = None, shard: tuple[int, int] | None = None,
        progress: ProgressFactory | None = None, warn: Callable[[str], None] | None = None,
        hash_files: bool = False, only_folders: set[str] | None = None,
        settings_for: SettingsFor | None = None, walk: dict | None = None, read_cache: bool = True,
        cache_secret: bytes | None = None) -> tuple[RunResult, int]:
    """Analyse `paths`; returns the result and the number of files that could not be read.

    `jobs` > 1 analyses folders in that many processes; `cache_dir` enables the result
    cache there; `shard` = (k, n) keeps the k-th of n folder partitions; `progress`
    makes a progress bar for a number of folders; `warn` hears about cache trouble;
    `hash_files` records each file's content digest in RunResult.digests (always done
    with a cache); `only_folders` keeps the folders (relative, '/'-separated) in it;
    `settings_for` gives each folder its own config and rules (else `config` and `rules`
    apply everywhere); `walk`: discover()'s keyword options (.gitignore, --exclude);
    `read_cache` False stores results but takes none from the cache (--fix: fixes are
    recomputed from the files, never read from disk); `cache_secret` authenticates entries
    (default: the user's, cache.load_secret)."""
    started = time.perf_counter()
    discovery = discover(paths, config, settings_for, **(walk or {}))
    folders = group_by_folder(discovery.files)
    if shard is not None:
        folders = [folder for folder in folders if in_shard(folder, *shard)]
    if only_folders is not None:
        folders = [folder for folder in folders if os.path.dirname(folder[0][1]) in only_folders]
    # Each folder's profile: the config that applies there (keyed by its file) and its rules.
    profiles: dict[str, tuple[list[Rule], Config]] = {}
    folder_profiles: list[str] = []
    for folder in folders:
        own, own_rules = settings_for(os.path.dirname(folder[0][0])) if settings_for else (config, rules)
        profiles.setdefault(own.path, (own_rules, own))
        folder_profiles.append(own.path)
    caches: dict[str, cache_module.Cache] = {}
    if cache_dir is not None:
        try:
            secret = cache_secret or cache_module.load_secret()
        except cache_module.CacheRefused as error:
            secret = None
            if warn:
                warn(str(error))
        if secret is not None:
            for key, (own_rules, own) in profiles.items():
                settings = cache_module.settings_digest(own_rules, own, known_ids, discovery.root, keep_sources=True)
                caches[key] = cache_module.Cache(cache_dir, settings, MAX_READ_BYTES, warn, secret=secret,
                                                 root=discovery.root)
    # A folder's key says whether it was checked whole: that changes which suppressions are judged.
    packages = package_macros(discovery.files)
    tree_states: dict[str, str] = {}  # kernel root -> preproc.kernel_tree_digest, once per run
    forget_kernel_trees()  # a run reads what the tree's headers define now, not at an earlier run
    kernel_dirs = [_kernel_dir(folder) + ("\0partial" if os.path.dirname(folder[0][1]) in discovery.partial else "")
                   + _package_key(folder, packages) + _flags_key(folder) + _tree_key(folder, tree_states)
                   for folder in folders] if caches else []

    results: list[FolderResult | None] = [None] * len(folders)
    with _progress(progress, len(folders)) as advance:
        pending = []
        for i, folder in enumerate(folders):
            cache = caches.get(folder_profiles[i])
            results[i] = cache.load(folder, kernel_dirs[i]) if cache and read_cache else None
            if results[i] is None:
                pending.append(i)
            else:
                advance(1)
        analyzer_args = (profiles, known_ids, True, bool(caches) or hash_files, discovery.partial, packages,
                         discovery.root)
        for i, folder_result in _analyze(folders, folder_profiles, pending, analyzer_args, jobs):
            results[i] = folder_result
            advance(1)
            cache = caches.get(folder_profiles[i])
            if cache:
                cache.store(folders[i], kernel_dirs[i], folder_result)

    ran = {rule.id: rule for own_rules, _ in (profiles.values() if profiles else [(rules, config)]) for rule in own_rules}
    result = RunResult(root=discovery.root, rules=[ran[i].info for i in sorted(ran)],
                       files=[rel for folder in folders for _, rel in folder])
    # The walk's notes, for the folders this run covers (a --fix re-run or a shard: only theirs).
    result.notifications.extend(
        note for note in discovery.notes
        if (only_folders is None or posixpath.dirname(note.path) in only_folders)
        and (shard is None or in_shard([("", note.path)], *shard)))
    io_errors = 0
    for folder_result in results:
        result.findings.extend(folder_result.findings)
        result.suppressed.extend(folder_result.suppressed)
        result.notifications.extend(folder_result.notifications)
        result.files_scanned += folder_result.files_scanned
        result.files_parsed += folder_result.files_parsed
        result.files_skipped += folder_result.files_skipped
        result.files_with_parse_errors += folder_result.files_with_parse_errors
        result.parse_errors.extend(folder_result.parse_errors)
        result.files_from_cache += folder_result.files_scanned if folder_result.from_cache else 0
        result.sources.update(folder_result.sources)
        result.digests.update((rel, stamp[1]) for rel, stamp in folder_result.stamps.items())
        io_errors += folder_result.io_errors
    result.findings = assign_fingerprints(sorted(set(result.findings), key=Finding.sort_key))
    # Fingerprinted on their own, so reported findings keep exactly the fingerprints they had
    # before suppressed findings were kept (the baseline matches on them).
    result.suppressed = assign_fingerprints(sorted(set(result.suppressed), key=Finding.sort_key))
    result.notifications.sort(key=lambda n: n.path)  # stable: a file's own notifications keep their order
    result.parse_errors.sort(key=lambda e: e.path)
    # The version the report states: the scan root's config's (folders may set their own).
    root_config = settings_for(discovery.root)[0] if settings_for else config
    result.target_kernel, result.target_kernel_source = target_kernel(root_config, discovery.root)
    result.elapsed_seconds = time.perf_counter() - started
    return result, io_errors


@contextmanager
def _progress(factory: ProgressFactory | None, total: int):
    if factory is None or total <= 1:
        yield lambda n: None
        return
    with factory(total) as bar:
        yield bar.update


class _Analyzers:
    """One Analyzer per profile (config and rules), built when a folder first needs it."""

    def __init__(self, profiles: dict[str, tuple[list[Rule], Config]], *shared):
        self.profiles = profiles
        self.shared = shared  # known_ids, keep_sources, hash_files, partial_folders, packages, root
        self.built: dict[str, Analyzer] = {}

    def analyze(self, folder, profile: str) -> FolderResult:
        if profile not in self.built:
            rules, config = self.profiles[profile]
            self.built[profile] = Analyzer(rules, config, *self.shared)
        return self.built[profile].analyze_folder(folder)


def _analyze(folders, folder_profiles: list[str], indexes: list[int], analyzer_args: tuple, jobs: int):
    """(index, FolderResult) for each folder index, in this process or in a pool."""
    if jobs <= 1 or len(indexes) <= 1:  # a pool costs more than it gains: start none
        analyzers = _Analyzers(*analyzer_args)
        for i in indexes:
            yield i, analyzers.analyze(folders[i], folder_profiles[i])
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .preproc import prepare_kernel_tree

    for kernel_root in sorted({find_kernel_root(os.path.dirname(os.path.abspath(folders[i][0][0]))) for i in indexes}):
        if kernel_root:
            prepare_kernel_tree(kernel_root)  # read once here, not once per worker
    chunks = _chunks(folders, folder_profiles, indexes, jobs)
    # fork starts a worker in milliseconds with everything imported; elsewhere (macOS,
    # Windows) it is unsafe or absent, and the default start method pickles the rules.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    executor = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context,
                                   initializer=_start_worker, initargs=(os.getpid(), *analyzer_args))
    try:
        futures = [executor.submit(_analyze_chunk, chunk) for chunk in chunks]
        for future in as_completed(futures):
            yield from future.result()
    except BaseException:
        # Ctrl-C, a failed worker or an abandoned generator: stop the workers now rather
        # than let them finish every queued chunk (there is no public API for this).
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()


def _chunks(folders, folder_profiles: list[str], indexes: list[int], jobs: int) -> list[list[tuple[int, list, str]]]:
    """Folders grouped into tasks of about 1/(32*jobs) of the bytes, biggest folders first,
    so that one task costs one round trip and the last tasks to finish are small."""
    sizes = {i: _folder_bytes(folders[i]) for i in indexes}
    target = sum(sizes.values()) / (32 * jobs)
    chunks, chunk, filled = [], [], 0
    for i in sorted(indexes, key=lambda i: (-sizes[i], i)):
        chunk.append((i, folders[i], folder_profiles[i]))
        filled += sizes[i]
        if filled >= target:
            chunks.append(chunk)
            chunk, filled = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _folder_bytes(folder: list[tuple[str, str]]) -> int:
    total = 0
    for absolute, _ in folder:
        try:
            total += os.stat(absolute).st_size
        except OSError:
            pass
    return total


_worker_analyzers: _Analyzers | None = None


def _start_worker(parent: int, *analyzer_args) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the parent alone decides to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    global _worker_analyzers
    _worker_analyzers = _Analyzers(*analyzer_args)


def _die_with(parent: int) -> None:
    """End this worker when `parent` dies, even by SIGKILL (which runs no clean-up): a CI job
    killed at its time limit must not leave workers analysing on."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # died before the line above took effect
        os._exit(1)


def _analyze_chunk(chunk: list[tuple[int, list, str]]) -> list[tuple[int, FolderResult]]:
    return [(i, _worker_analyzers.analyze(folder, profile)) for i, folder, profile in chunk]
