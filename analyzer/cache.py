"""The result cache: one JSON file per folder, in the user's cache folder.

The scanned tree is untrusted (a pull request), so the cache is never part of
it: by default it lives in $XDG_CACHE_HOME/kmodlint (~/.cache/kmodlint), one
folder per absolute scan root, and every entry carries an HMAC made with a
per-user secret (`secret`, created 0600 beside the entries): an entry that
someone else wrote, copied or edited is a miss. A `--cache-dir` that git tracks
is refused (a committed cache is the pull request's, not ours), and `--fix`
never takes its fixes from the cache: they are recomputed from the files.

A folder's result depends on every file of the folder (folder-wide rules read
siblings), so an entry is valid only when the content of every file matches.
An entry's file name comes from the folder and its file names, so the cache
holds one entry per folder and does not grow with every rule edit or upgrade;
inside, the settings (kmodlint version and code, rules, effective config) and
the content digest of each file decide whether it is still current, and so do
the files outside the folder the analysis read (in a kernel tree, the headers of
other folders its #if conditions were judged by, present or absent). Digests are
recomputed only for files whose stat (size, mtime_ns, inode) differs from the
one recorded with them, so a warm run stats files instead of reading them.

JSON, not pickle: a cache file is data from disk that anyone may have written,
and loading it must never run code. Anything wrong with an entry (truncated,
foreign, an older format) makes it a miss, never an error.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from dataclasses import asdict
from typing import Callable

from .__about__ import VERSION
from .model import Finding, Fix, Notification, ParseError, Related, Span, SuppressionComment

FORMAT = "kmodlint-cache/4"  # 4: files outside the folder it read; 3: authenticated; 2: suppressed kept
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # an entry holds findings and the lines of files with findings
_SECRET_NAME = "secret"


class CacheRefused(Exception):
    """The cache cannot be used safely: the run goes on without it, with this as a warning."""


def user_cache_home() -> str:
    """$XDG_CACHE_HOME/kmodlint, or ~/.cache/kmodlint (XDG: a relative value is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kmodlint")


def default_dir(root: str) -> str:
    """The cache folder of the scan root `root`: one per absolute root, outside every tree."""
    key = os.path.realpath(root).encode("utf-8", "surrogateescape")
    return os.path.join(user_cache_home(), "roots", digest(key))


def load_secret(home: str | None = None) -> bytes:
    """The per-user key that authenticates cache entries, created on first use (0600)."""
    from .safeio import read_bounded

    home = home or user_cache_home()
    path = os.path.join(home, _SECRET_NAME)
    try:
        os.makedirs(home, mode=0o700, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            try:
                os.write(descriptor, os.urandom(32))
            finally:
                os.close(descriptor)
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            raise CacheRefused(f"the cache key {path} is not a private file of this user (mode 0600); "
                               f"continuing without the cache")
        secret = read_bounded(path, 4096)
    except OSError as error:
        raise CacheRefused(f"cannot use the cache key {path}: {error.strerror or error}; "
                           f"continuing without the cache") from None
    if len(secret) < 16:
        raise CacheRefused(f"the cache key {path} is too short; delete it to make a new one")
    return secret


def tracked_by_git(directory: str) -> bool:
    """Whether git tracks anything in `directory` (a committed cache is the tree's, not ours)."""
    probe = os.path.abspath(directory)
    while not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            return False
        probe = parent
    top = probe
    while not os.path.exists(os.path.join(top, ".git")):
        parent = os.path.dirname(top)
        if parent == top:
            return False
        top = parent
    if not os.path.isdir(directory):
        return False
    from .gitdiff import GitError, _git

    try:
        listed = _git(["ls-files", "-z", "--", os.path.relpath(os.path.realpath(directory),
                                                               os.path.realpath(top))], top)
    except GitError:
        return False
    return bool(listed.strip(b"\0"))


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def oversize_digest(size: int) -> str:
    """A file over the size limit is skipped unread; its result depends on its size alone."""
    return f"size:{size}"


def stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _code_stamp() -> list:
    """Stat of kmodlint's own modules: an edited rule (editable install) must not reuse old results."""
    from kmodlint import rules

    stamps = []
    for directory in (os.path.dirname(__file__), os.path.dirname(rules.__file__)):
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                st = entry.stat()
                stamps.append([entry.name, st.st_size, st.st_mtime_ns])
    return stamps


def settings_digest(rules, config, known_ids, root: str, keep_sources: bool) -> str:
    """Everything besides the files that a folder's result depends on."""
    base = os.path.dirname(os.path.abspath(config.path)) if config.path else ""
    settings = {
        "version": VERSION,
        "code": _code_stamp(),
        "rules": sorted(rule.id for rule in rules),
        "known": sorted(known_ids),
        "options": {rule.id: {**rule.options, **config.rule_options.get(rule.id, {})} for rule in rules},
        "per_path_ignores": config.per_path_ignores,
        # per-path-ignores globs are relative to the config file's folder
        "config_base": os.path.relpath(base, root) if base else "",
        "keep_sources": keep_sources,
        "kernel_version": config.kernel_version,
    }
    return digest(json.dumps(settings, sort_keys=True, default=str).encode())


class Cache:
    def __init__(self, directory: str, settings: str, max_file_bytes: int,
                 warn: Callable[[str], None] | None = None, *, secret: bytes, root: str = ""):
        self.directory = directory
        self.settings = settings
        self.secret = secret
        self.root = root  # the scanned tree: no write leaves it through a symlink
        self.max_file_bytes = max_file_bytes
        self.warn = warn
        self.warning: str | None = None  # set on the first failed write; the run goes on uncached
        self._ready = False

    def _path(self, folder: list[tuple[str, str]], kernel_dir: str) -> str:
        # The file names are part of the name: `check one.c` and `check dir/` see different folders.
        key = "\0".join([kernel_dir, *(rel for _, rel in folder)])
        return os.path.join(self.directory, digest(key.encode("utf-8", "surrogateescape")) + ".json")

    def load(self, folder: list[tuple[str, str]], kernel_dir: str):
        """The cached FolderResult for `folder` when every file's content still matches, else None."""
        from .engine import FolderResult

        from .safeio import read_bounded

        path = self._path(folder, kernel_dir)
        try:
            entry = self._verified(path, read_bounded(path, MAX_ENTRY_BYTES))
            if entry.get("format") != FORMAT or entry["settings"] != self.settings:
                return None
            recorded = entry["files"]
            if [row[0] for row in recorded] != [rel for _, rel in folder]:
                return None
            restamped = False
            for (absolute, _), row in zip(folder, recorded):
                st = os.stat(absolute)
                if stamp(st) == row[1]:
                    continue
                if self._digest_file(absolute, st) != row[2]:
                    return None
                row[1], restamped = stamp(st), True
            if not all(self._input_current(path, recorded_stamp) for path, recorded_stamp in entry["inputs"]):
                return None
            result = _result_from_plain(FolderResult, entry["result"])
            # The digests the entry was checked against: what its findings were computed on.
            result.stamps = {row[0]: [row[1], row[2]] for row in recorded}
        except Exception:  # whatever is wrong with an entry, recomputing is the answer
            return None
        if restamped:  # touched but unchanged: record the new stat so the next run reads nothing
            self._write(path, entry)
        return result

    def store(self, folder: list[tuple[str, str]], kernel_dir: str, result) -> None:
        if result.io_errors or len(result.stamps) != len(folder) or self.warning:
            return
        entry = {
            "format": FORMAT,
            "settings": self.settings,
            "files": [[rel, *result.stamps[rel]] for _, rel in folder],
            "inputs": sorted([path, recorded] for path, recorded in result.inputs.items()),
            "result": _result_to_plain(result),
        }
        self._write(self._path(folder, kernel_dir), entry)

    def _input_current(self, path: str, recorded: list | None) -> bool:
        """Whether a file outside the folder that the result read (preproc.input_stamp) is as it
        was: absent then and now, the same stat, or, touched, the same bytes."""
        from .preproc import MAX_HEADER_BYTES
        from .safeio import TooBig, read_bounded

        if recorded is None:
            return not os.path.isfile(path)
        try:
            st = os.stat(path)
            if [st.st_size, st.st_mtime_ns, st.st_ino] == recorded[:3]:
                return True
            try:
                return digest(read_bounded(path, MAX_HEADER_BYTES)) == recorded[3]
            except TooBig as error:
                return oversize_digest(error.size) == recorded[3]
        except OSError:
            return False

    def _digest_file(self, absolute: str, st: os.stat_result) -> str:
        from .safeio import TooBig, read_bounded

        try:
            return digest(read_bounded(absolute, self.max_file_bytes))
        except TooBig as error:
            return oversize_digest(error.size)

    def _mac(self, path: str, body: bytes) -> str:
        # The entry's name is signed too: an entry copied under another folder's name is a miss.
        return hmac.new(self.secret, os.path.basename(path).encode() + b"\0" + body, hashlib.sha256).hexdigest()

    def _verified(self, path: str, data: bytes) -> dict:
        """The entry in `data` when its MAC is this user's, else ValueError."""
        mac, _, body = data.partition(b"\n")
        if not hmac.compare_digest(mac, self._mac(path, body).encode()):
            raise ValueError("not authenticated")
        return json.loads(body)

    def _write(self, path: str, entry: dict) -> None:
        if self.warning:
            return
        from .atomic import replace_atomically
        from .safeio import check_write

        body = json.dumps(entry, separators=(",", ":")).encode("utf-8", "surrogateescape")
        if len(body) > MAX_ENTRY_BYTES:
            return
        try:
            check_write(path, self.root)
            self._prepare()
            # Readers see the old entry or the new one, never half of it.
            replace_atomically(path, self._mac(path, body).encode() + b"\n" + body, prefix=".tmp-")
        except OSError as error:
            self.warning = f"cannot write the cache in {self.directory}: {error.strerror or error}; continuing without it"
            if self.warn:
                self.warn(self.warning)

    def _prepare(self) -> None:
        if self._ready:
            return
        from .safeio import check_write

        check_write(self.directory, self.root)
        if not os.path.isdir(self.directory):
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            # Keep the cache out of git and out of backups, as pytest and others do.
            with open(os.path.join(self.directory, ".gitignore"), "w", encoding="utf-8") as handle:
                handle.write("# created by kmodlint\n*\n")
            with open(os.path.join(self.directory, "CACHEDIR.TAG"), "w", encoding="utf-8") as handle:
                handle.write("Signature: 8a477f597d28d172789f06886806bc55\n# kmodlint result cache\n")
        self._ready = True


def _result_to_plain(result) -> dict:
    return {
        "findings": [asdict(f) for f in result.findings],
        "suppressed": [asdict(f) for f in result.suppressed],
        "notifications": [asdict(n) for n in result.notifications],
        "counts": [result.files_scanned, result.files_parsed, result.files_skipped, result.files_with_parse_errors],
        "sources": result.sources,
        "parse_errors": [[e.path, e.line, e.column] for e in result.parse_errors],
    }


def _span(plain: dict) -> Span:
    return Span(**plain)


def _finding(plain: dict) -> Finding:
    return Finding(**{
        **plain,
        "span": _span(plain["span"]),
        "related": tuple(Related(r["path"], _span(r["span"]), r["message"]) for r in plain["related"]),
        "fixes": tuple(Fix(**{**x, "span": _span(x["span"])}) for x in plain["fixes"]),
        "suppression": (SuppressionComment(**{**plain["suppression"], "span": _span(plain["suppression"]["span"])})
                        if plain.get("suppression") else None),
    })


def _result_from_plain(folder_result_class, plain: dict):
    scanned, parsed, skipped, parse_errors = plain["counts"]
    return folder_result_class(
        findings=[_finding(f) for f in plain["findings"]],
        suppressed=[_finding(f) for f in plain["suppressed"]],
        notifications=[Notification(**n) for n in plain["notifications"]],
        files_scanned=scanned, files_parsed=parsed, files_skipped=skipped,
        files_with_parse_errors=parse_errors,
        parse_errors=[ParseError(*e) for e in plain.get("parse_errors", ())],
        sources={path: list(lines) for path, lines in plain["sources"].items()},
        from_cache=True,
    )
