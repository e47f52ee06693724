"""Configuration: `[tool.kmodlint]` in pyproject.toml, or a `.kmodlint.toml`.

    [tool.kmodlint]
    select = ["unchecked-copy-user"]          # default: every rule
    ignore = ["kernel-signal-to-user"]
    exclude = ["drivers/staging/**"]
    require-reason = true                     # a suppression must say why (suppression-without-reason)
    kernel-version = "6.1"                    # the kernel the code targets (default: see engine.target_kernel)
    [tool.kmodlint.per-path-ignores]
    "drivers/legacy/*.c" = ["copy-user-wrong-errno"]
    [tool.kmodlint.rule-options.kernel-signal-to-user]
    core-paths = ["kernel/**"]
    [tool.kmodlint.severity]                  # per-rule severity (analyzer/severity.py)
    debugfs-result-checked = "warning"

A wrong key or value is an error that names it: a silently ignored typo in a
linter's config is a rule that silently does not run.
"""
from __future__ import annotations

import fnmatch
import os
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, published as tomli before it joined the standard library
    import tomli as tomllib
from dataclasses import dataclass, field

from .model import SEVERITY_ORDER


class ConfigError(Exception):
    pass


MAX_BYTES = 1024 * 1024  # a config is a few lines; a bound, so that a link to /dev/zero cannot fill memory


@dataclass
class Config:
    path: str = ""  # where it was read from, "" for defaults
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    rule_options: dict[str, dict] = field(default_factory=dict)
    require_reason: bool = False
    severity: dict[str, str] = field(default_factory=dict)  # rule id -> "error" | "warning" | "note"
    kernel_version: str = ""  # "X.Y" or "X.Y.Z": the kernel the code targets; "" = worked out per tree
    kernel_version_from: str = ""  # where kernel_version was set, for reports
    # The folder the engine's relative paths start from (the scan root), set by the caller.
    # Globs are written relative to the config file's folder; the scan root moves with the
    # working directory and the paths given, so paths are re-based before matching.
    root: str = ""

    def _from_config_folder(self, relpath: str) -> str:
        if not (self.path and self.root):
            return relpath
        base = os.path.dirname(os.path.abspath(self.path))
        return os.path.relpath(os.path.join(self.root, relpath), base).replace(os.sep, "/")

    def is_excluded(self, relpath: str) -> bool:
        relpath = self._from_config_folder(relpath)
        return any(_glob_match(relpath, pattern) for pattern in self.exclude)

    def ignored_for(self, relpath: str) -> set[str]:
        return self.ignored_for_config_relative(self._from_config_folder(relpath))

    def ignored_for_config_relative(self, relpath: str) -> set[str]:
        """The rules per-path-ignores drops for `relpath`, relative to the config's folder."""
        ignored = set()
        for pattern, ids in self.per_path_ignores.items():
            if _glob_match(relpath, pattern):
                ignored.update(ids)
        return ignored


def _glob_match(relpath: str, pattern: str) -> bool:
    # fnmatch's `*` crosses '/', so `drivers/staging/**` and `*.h` both work as users expect.
    pattern = pattern.rstrip("/")
    return fnmatch.fnmatchcase(relpath, pattern) or fnmatch.fnmatchcase(relpath, pattern + "/*")


_KEYS = {"select", "ignore", "exclude", "per-path-ignores", "rule-options", "require-reason", "severity",
         "kernel-version"}
_LEVELS = tuple(SEVERITY_ORDER)  # error, warning, note


def check_kernel_version(value, where: str) -> str:
    from .preproc import parse_version

    if not isinstance(value, str) or parse_version(value) is None:
        raise ConfigError(f"{where}: kernel version must be written X.Y or X.Y.Z (like \"6.1\"), not {value!r}")
    return value.strip()


def _string_list(value, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def parse(table: dict, where: str, rules: dict) -> Config:
    """Validate a `[tool.kmodlint]` table against the known keys and rule ids."""
    config = Config(path=where)
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(_KEYS))})")
        if key in ("select", "ignore"):
            ids = _string_list(value, key, where)
            check_rule_ids(ids, rules, f"{where}: '{key}'")
            setattr(config, key, ids)
        elif key == "exclude":
            config.exclude = _string_list(value, key, where)
        elif key == "kernel-version":
            config.kernel_version = check_kernel_version(value, f"{where}: 'kernel-version'")
            config.kernel_version_from = f"kernel-version in {where}"
        elif key == "require-reason":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'require-reason' must be true or false")
            config.require_reason = value
        elif key == "per-path-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-path-ignores' must be a table of glob = [rule ids]")
            for pattern, ids in value.items():
                ids = _string_list(ids, f"per-path-ignores.{pattern}", where)
                check_rule_ids(ids, rules, f"{where}: 'per-path-ignores.{pattern}'")
                config.per_path_ignores[pattern] = ids
        elif key == "rule-options":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'rule-options' must be a table per rule id")
            for rule_id, options in value.items():
                check_rule_ids([rule_id], rules, f"{where}: 'rule-options'")
                known = rules[rule_id].options
                if not isinstance(options, dict):
                    raise ConfigError(f"{where}: 'rule-options.{rule_id}' must be a table")
                for option, option_value in options.items():
                    if option not in known:
                        raise ConfigError(
                            f"{where}: unknown option '{option}' for rule {rule_id}"
                            + (f" (known: {', '.join(sorted(known))})" if known else " (it has none)"))
                    check_value(option_value, known[option], f"{where}: 'rule-options.{rule_id}.{option}'")
                config.rule_options[rule_id] = dict(options)
        elif key == "severity":
            config.severity = _severity_table(value, where, rules)
    return config


def _severity_table(value, where: str, rules: dict) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of rule id = \"error\" | \"warning\" | \"note\"")
    check_rule_ids(list(value), rules, f"{where}: 'severity'")
    for rule_id, level in value.items():
        if level not in _LEVELS:
            raise ConfigError(f"{where}: 'severity.{rule_id}' must be one of {', '.join(_LEVELS)}, not {level!r}")
    return dict(value)


def _describe(default) -> str:
    if isinstance(default, list):
        element = type(default[0]).__name__ if default else "str"
        return f"a list of {element}"
    return "a table" if isinstance(default, dict) else type(default).__name__


def check_value(value, default, where: str) -> None:
    """`value` has the shape of the option's `default`, down to the elements of a list:
    `core-paths = [1, 2]` must fail here, not in the rule on every file."""
    if type(value) is not type(default):
        raise ConfigError(f"{where} must be {_describe(default)}")
    if isinstance(default, list):
        element = type(default[0]) if default else str
        if not all(type(item) is element for item in value):
            raise ConfigError(f"{where} must be {_describe(default)}")
    elif isinstance(default, dict):
        for key, item in value.items():
            if key in default:
                check_value(item, default[key], f"{where[:-1]}.{key}'")


def check_rule_ids(ids, rules: dict, where: str) -> None:
    for rule_id in ids:
        if rule_id not in rules:
            raise ConfigError(f"{where}: unknown rule id '{rule_id}' (see `kmodlint rules`)")


def _read_toml(path: str) -> dict:
    from .safeio import read_bounded

    try:
        return tomllib.loads(read_bounded(path, MAX_BYTES).decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read config {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {error.start})") from None


def _tool_table(data: dict, path: str) -> dict | None:
    """`[tool.kmodlint]` of a parsed pyproject.toml, or None when it has none."""
    # TOML lets `tool = 1` or `tool.kmodlint = "x"` parse; they must be an error, not a crash.
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table")
    table = tool.get("kmodlint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kmodlint] must be a table")
    return table


def load(explicit: str | None, start_dir: str, rules: dict) -> Config:
    """Read `explicit`, or the nearest .kmodlint.toml / pyproject.toml [tool.kmodlint] upward,
    up to the top of the git repository (or of the filesystem outside one)."""
    if explicit:
        return load_explicit(explicit, rules)
    return Resolver(rules).for_folder(start_dir)


def load_explicit(explicit: str, rules: dict) -> Config:
    """The config file named with --config: it applies to every file checked."""
    data = _read_toml(explicit)
    if os.path.basename(explicit) == "pyproject.toml" or "tool" in data:
        data = _tool_table(data, explicit)
        if data is None:
            # A config named on the command line that configures nothing is a mistake
            # (a `[tool.kmodlnt]` typo, the wrong pyproject.toml), not an empty config.
            raise ConfigError(f"{explicit}: no [tool.kmodlint] table")
    return parse(data, explicit, rules)


class Resolver:
    """The config of each folder, as ruff finds it: the nearest `.kmodlint.toml` or
    pyproject.toml with `[tool.kmodlint]` in the folder or above it. So the config
    that applies to a file never depends on the other paths on the command line or
    their order. Each folder's answer, and each file, is read once per run."""

    def __init__(self, rules: dict, root: str = ""):
        self.rules = rules
        self.root = root  # set on each config returned (Config.root)
        # Rule options a run turns on by itself (Rule.diff_options under --diff/--staged):
        # a default under every config, which a config's own value overrides.
        self.option_defaults: dict[str, dict] = {}
        self.kernel_version = ""  # --kernel-version: over every config's own `kernel-version`
        self._by_folder: dict[str, Config] = {}
        self._by_file: dict[str, Config] = {}

    def for_folder(self, directory: str) -> Config:
        directory = os.path.abspath(directory)
        chain = []
        config = None
        while config is None:
            config = self._by_folder.get(directory)
            if config is not None:
                break
            chain.append(directory)
            config = self._here(directory)
            parent = os.path.dirname(directory)
            # The repository's top is the last folder searched: a config above it (a shared /tmp,
            # the CI workspace) belongs to someone else.
            if config is None and (parent == directory or os.path.exists(os.path.join(directory, ".git"))):
                config = self._default()
            directory = parent
        for folder in chain:
            self._by_folder[folder] = config
        return config

    def _here(self, directory: str) -> Config | None:
        candidate = os.path.join(directory, ".kmodlint.toml")
        if os.path.isfile(candidate):
            return self._read(candidate, lambda data: data)
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate):
            return self._read(candidate, lambda data: _tool_table(data, candidate))
        return None

    def _read(self, path: str, table_of) -> Config | None:
        if path not in self._by_file:
            table = table_of(_read_toml(path))
            config = parse(table, path, self.rules) if table is not None else None
            if config is not None:
                self._settle(config)
            self._by_file[path] = config
        return self._by_file[path]

    def _default(self) -> Config:
        if "" not in self._by_file:
            self._by_file[""] = self._settle(Config())
        return self._by_file[""]

    def _settle(self, config: Config) -> Config:
        """What the command line sets over every config: the scan root, --kernel-version,
        and the rule options a --diff/--staged run turns on by default."""
        config.root = self.root
        if self.kernel_version:
            config.kernel_version, config.kernel_version_from = self.kernel_version, "--kernel-version"
        return apply_option_defaults(config, self.option_defaults)


def apply_option_defaults(config: Config, defaults: dict[str, dict]) -> Config:
    """Set each rule option of `defaults` that the config does not set itself."""
    for rule_id, options in defaults.items():
        for option, value in options.items():
            config.rule_options.setdefault(rule_id, {}).setdefault(option, value)
    return config
