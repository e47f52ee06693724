"""kmodlint's command line.

Exit status: 0 no findings that fail the run (--fail-on: errors and warnings by
default), 1 findings that do, 2 usage, config or I/O error. Errors
are one line on stderr, never a traceback.
"""
from __future__ import annotations

import os
import posixpath
import re
import sys
from typing import NoReturn

import click

from .__about__ import INFORMATION_URI, NAME, VERSION

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# --format and --output-format take the same names, so that ruff's habit (--output-format
# json) and this tool's earlier one (--output-format concise) both work: full and concise
# are the two styles of text.
TEXT_STYLES = ("full", "concise")
FORMAT_NAMES = ["text", "json", "sarif", "github", "html", *TEXT_STYLES]
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it



def say(line: str) -> None:
    """One line on stderr; its fields may come from the scanned tree, so it is kept one safe line."""
    from .sanitize import one_line

    click.echo(one_line(line), err=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    say(f"kmodlint: error: {message}")
    sys.exit(code)


class _Main(click.Group):
    """The command group, with click's own error output replaced by kmodlint's one line.

    click shows a usage error as a usage block, a hint and an `Error:` line, and
    lets any other exception end in a traceback; both break the promise that an
    error is one `kmodlint: error:` line on stderr, which wrappers and CI logs grep for.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        # Usage lines and hints say `kmodlint ...` however it was started (python -m, a wrapper).
        prog_name = prog_name or NAME
        # The arguments as given, for the command line an audit report records.
        extra.setdefault("obj", {"argv": list(sys.argv[1:] if args is None else args)})
        if not standalone_mode:  # an embedding caller handles exceptions itself
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            message = " ".join(error.format_message().split()).rstrip(".")
            context = getattr(error, "ctx", None)
            hint = f" (see `{context.command_path} --help`)" if context is not None else ""
            fail(message + hint, error.exit_code if isinstance(error, click.UsageError) else EXIT_ERROR)
        except click.Abort:
            fail("interrupted", EXIT_INTERRUPTED)
        except Exception as error:  # a bug: say where, in one line, rather than dump a traceback
            import traceback

            frame = traceback.extract_tb(error.__traceback__)[-1]
            fail(f"internal error: {type(error).__name__}: {error} "
                 f"(at {os.path.basename(frame.filename)}:{frame.lineno}); "
                 f"please report it at {INFORMATION_URI}/issues")
        # Non-standalone click returns what the command returned (None) or an Exit's code.
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def _parse_shard(context, parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise click.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4", context, parameter)
    return int(match[1]), int(match[2])


def _id_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _mode_for(path: str) -> int:
    """The permissions `path` should end up with: its current ones, or what open() would give."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: str, text: str, root: str | None = None) -> None:
    """Write `text` to `path` so that a failed run never leaves a half-written file;
    refused (OSError) when `path` is in the scanned tree `root` but a symlink leads out of it."""
    from .atomic import replace_atomically
    from .safeio import check_write

    check_write(path, root)
    # Replace the file a symlink points to, not the link itself; a report is read by
    # other users and CI steps, so it keeps the file's mode (or the umask's).
    path = os.path.realpath(path)
    if os.path.exists(path) and not os.path.isfile(path):
        # -o /dev/null, /dev/stdout, a FIFO: written to, never replaced (as root, a rename
        # over /dev/null would put a regular file in the device's place).
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return
    replace_atomically(path, text, mode=_mode_for(path))


# no_args_is_help=False: a bare `kmodlint` is then "Missing command" on every click
# version (8.2+ would otherwise print the whole help as an error message).
@click.group(NAME, cls=_Main, no_args_is_help=False, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, "-V", "--version", prog_name=NAME)
def main() -> None:
    """kmodlint: find the pitfalls Linux driver authors really hit, without building the kernel."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format: text (full: with the source line; concise: one line per finding), json, sarif, "
                   "github, html (one self-contained audit report, use with -o)  [default: text].")
@click.option("--output-format", "text_style", type=click.Choice(FORMAT_NAMES), default=None,
              help="The same as --format (ruff's name for it).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Text format: colour severities (auto: only on a terminal, and not when NO_COLOR is set).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--root", "report_root", type=click.Path(file_okay=False, exists=True, path_type=str),
              help="SARIF and github formats: paths relative to DIR  [default: the git repository's root].")
@click.option("--select", help="Comma-separated rule ids to run (default: all).")
@click.option("--ignore", help="Comma-separated rule ids not to run.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="Config file (.kmodlint.toml, or pyproject.toml with [tool.kmodlint]) for every file  "
                   "[default: for each file, the nearest one in its folder or above].")
@click.option("--show-settings", is_flag=True,
              help="Print the configuration that applies to each PATH (config file, rules, options) and exit.")
@click.option("--exclude", "exclude_patterns", multiple=True, metavar="PATTERNS",
              help="Comma-separated globs of files and folders not to check, instead of the config's `exclude`: "
                   "a name (`staging`, `*.mod.c`) anywhere, or a path relative to the working directory.")
@click.option("--extend-exclude", "extend_exclude_patterns", multiple=True, metavar="PATTERNS",
              help="Like --exclude, in addition to the config's `exclude`.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Skip the files .gitignore hides in walked folders (git's rules; files named on the "
                   "command line are always checked).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default="warning", show_default=True,
              help="Exit 1 on a finding of this severity or a more severe one (default: errors and warnings "
                   "fail, notes do not).")
@click.option("-q", "--quiet", is_flag=True, help="Findings only: no summary line (in text, or on stderr for "
                                                  "other formats and -o).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes analysing folders in parallel  [default: the number of CPUs].")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str),
              help="Result cache folder  [default: one per scan root in $XDG_CACHE_HOME/kmodlint, "
                   "~/.cache/kmodlint]; refused when git tracks it.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--shard", callback=_parse_shard, metavar="K/N",
              help="Check only the K-th of N deterministic parts of the folders (for a CI matrix).")
@click.option("--kernel-version", metavar="X.Y",
              help="The kernel the code targets: version checks (#if LINUX_VERSION_CODE ...) and removed APIs are "
                   "judged against it  [default: the kernel tree's own version; out of a tree, the newest kernel "
                   "kmodlint's API tables know].")
@click.option("--statistics", is_flag=True, help="Print files scanned/parsed/skipped, speed and findings per rule "
                                                 "on stderr.")
@click.option("--fix", is_flag=True, help="Apply the findings' safe mechanical fixes to the files, then report "
                                          "the findings that remain.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix: also apply fixes that need follow-up work by hand (their message says what); "
                   "without: count them as fixable in the report.")
@click.option("--dry-run", is_flag=True, help="With --fix: print the fixes as a unified diff on stdout and change "
                                              "nothing (the report goes only to -o FILE).")
@click.option("--folders-of", is_flag=True, help="Check every .c/.h file in the folder of each file given (not "
                                                 "subfolders), so folder-wide rules see the whole driver.")
@click.option("--show-suppressed", is_flag=True,
              help="Also report findings hidden by `kmodlint: ignore[...]` comments, marked as suppressed with "
                   "their reason (they never change the exit status).")
@click.option("--require-reason", is_flag=True,
              help="Report suppression comments that give no reason (rule suppression-without-reason).")
@click.option("--baseline", "baseline_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="Report only findings that FILE (from --write-baseline) does not record.")
@click.option("--write-baseline", "write_baseline_path", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=str),
              help="Record every finding in FILE (atomically) as the baseline; no report, exit 0.")
@click.option("--diff", "diff_ref", metavar="REF",
              help="Report only findings on lines changed since git revision REF, working tree included "
                   "(default PATHS: the folders of the changed C files).")
@click.option("--staged", is_flag=True,
              help="Report only findings on lines the git index adds or changes (what a commit adds; the "
                   "pre-commit hooks use it). Whole files and folders are still analysed.")
@click.option("--rule-docs-url", metavar="URL",
              help="SARIF: where each rule's page is, for its helpUri: {id} in URL is replaced by the rule id, "
                   "else <id>.md is appended  [default: the repository's docs/rules/<id>.md].")
@click.option("--source-url", metavar="URL",
              help="HTML: link each location to a source browser: {path} and {line} in URL are replaced, e.g. "
                   "https://elixir.bootlin.com/linux/v6.12/source/{path}#L{line}.")
def check(paths, fmt, text_style, color, output, report_root, select, ignore, config_path, show_settings,
          exclude_patterns, extend_exclude_patterns, respect_gitignore, exit_zero, fail_on, quiet, jobs, cache_dir,
          no_cache, shard, statistics, fix, unsafe_fixes, dry_run, folders_of, show_suppressed, require_reason,
          baseline_path, write_baseline_path, diff_ref, staged, rule_docs_url, source_url, kernel_version) -> None:
    """Check C files and folders (default: the current folder) for driver pitfalls."""
    from . import config as config_module
    from . import display, engine
    from . import cache as cache_module
    from . import severity as severity_module
    from .report import render
    from .suppress import SUPPRESSION_WITHOUT_REASON
    from kmodlint.rules import all_rules

    from datetime import datetime, timezone

    started = datetime.now(timezone.utc)

    def warn(message: str) -> None:
        say(f"kmodlint: warning: {message}")

    if dry_run and not fix:
        fail("--dry-run only applies to --fix (see `kmodlint check --help`)")
    fmt, text_style = _format_and_style(fmt, text_style)
    for flag, given, wanted in (("--source-url", source_url, "html"), ("--rule-docs-url", rule_docs_url, "sarif")):
        if given is not None and fmt != wanted:
            fail(f"{flag} only applies to --format {wanted} (see `kmodlint check --help`)")
    rules = {rule.id: rule for rule in all_rules()}
    try:
        selected_ids, ignored_ids = _id_list(select), _id_list(ignore)
        config_module.check_rule_ids(selected_ids, rules, "--select")
        config_module.check_rule_ids(ignored_ids, rules, "--ignore")
        # --config applies to every file; else each folder has its nearest config (resolver).
        config = config_module.load_explicit(config_path, rules) if config_path else config_module.Config()
        if kernel_version is not None:
            config.kernel_version = config_module.check_kernel_version(kernel_version, "--kernel-version")
            config.kernel_version_from = "--kernel-version"
    except config_module.ConfigError as error:
        fail(str(error))
    resolver = None if config_path else config_module.Resolver(rules)
    if resolver is not None:
        resolver.kernel_version = config.kernel_version

    def active_rules(own) -> list:
        """The rules that run where `own` applies: --select/--ignore, then the config's."""
        chosen = selected_ids or own.select or [rule_id for rule_id, rule in rules.items() if not rule.opt_in]
        if require_reason or own.require_reason:
            chosen = [*chosen, SUPPRESSION_WITHOUT_REASON.id]
        dropped = set(ignored_ids) | set(own.ignore)
        return [rules[i] for i in sorted(set(chosen)) if i not in dropped]

    def settings_for(directory: str):
        own = resolver.for_folder(directory)
        return own, active_rules(own)

    if show_settings:
        _show_settings(list(paths) or ["."], settings_for if resolver else lambda _: (config, active_rules(config)))
        sys.exit(EXIT_CLEAN)
    active = active_rules(config)

    typed_paths = list(paths) or ["."]
    known, changed = _adoption_inputs(paths, baseline_path, write_baseline_path, diff_ref, output, shard, staged)
    # What the report says was checked: the paths as given, not the files they expand to.
    given = list(paths) or ([f"the folders of the C files changed since {diff_ref}"] if changed is not None
                            else ["."])
    if folders_of:
        given.append("(--folders-of: every .c/.h file of their folders)")
    from_diff = changed is not None and not paths
    if changed is not None and not paths:
        # The whole folder of each changed file, not its subfolders (other drivers); no
        # changed file: nothing to check.
        paths = engine.files_of_folders(changed.source_files(os.getcwd()))
    else:
        paths = list(paths) or ["."]
    if folders_of:
        try:
            paths = engine.files_of_folders(paths)
        except engine.InputError as error:
            fail(str(error))
    # The engine's paths are relative to the scan root; config globs are re-based from it.
    config.root = engine.choose_root(paths)
    if resolver is not None:
        resolver.root = config.root
    if changed is not None:  # code being written (--diff, --staged): the rules' options for new code
        defaults = {rule.id: dict(rule.diff_options) for rule in rules.values() if rule.diff_options}
        config_module.apply_option_defaults(config, defaults)
        if resolver is not None:
            resolver.option_defaults = defaults
    # Paths on stderr as on the command line (see kmodlint.display).
    shown = display.prefix_for("text", config.root, typed_paths)
    if no_cache:
        cache_dir = None
    else:
        # Outside the scanned tree: a pull request cannot supply cached results.
        cache_dir = cache_dir or cache_module.default_dir(config.root)
        if cache_module.tracked_by_git(cache_dir):
            warn(f"not using the cache in {cache_dir}: git tracks files in it, so the tree supplies it")
            cache_dir = None
    cores = _cpu_count()  # more processes than cores only cost memory
    progress = None
    if sys.stderr.isatty():
        def progress(total):
            return click.progressbar(length=total, label="Checking folders", file=sys.stderr)

    from .ignore import pattern_matcher

    command_line_excludes = _id_list(",".join(exclude_patterns + extend_exclude_patterns))
    walk = {"respect_gitignore": respect_gitignore, "config_exclude": not exclude_patterns,
            "exclude": pattern_matcher(command_line_excludes, os.getcwd()) if command_line_excludes else None}

    def analyse(only_folders=None):
        return engine.run(
            paths, active, config, set(rules), jobs=min(jobs or cores, cores), cache_dir=cache_dir, shard=shard,
            progress=progress, warn=warn, hash_files=fix, only_folders=only_folders,
            settings_for=settings_for if resolver else None, walk=walk,
            read_cache=not fix)  # fixes are recomputed from the files, never read from the cache

    fix_error = None
    try:
        result, io_errors = analyse()
        if fix:
            # Only the findings the report would show: --baseline and --diff hide the others.
            wanted = _known_and_untouched_dropped(result, known, changed)[0]
            result, io_errors, fix_error = _fix(result, io_errors, analyse, dry_run, shown, wanted, unsafe_fixes)
    except (engine.InputError, config_module.ConfigError) as error:
        fail(str(error))
    # Severity overrides of the config that applies to each finding's file (the rule table
    # takes the scan root's).
    severities_of = ((lambda path: resolver.for_folder(os.path.join(config.root, os.path.dirname(path))).severity)
                     if resolver is not None else (lambda path: config.severity))
    severity_module.override(result, severities_of)
    _hide_known_and_untouched(result, known, changed)

    if not show_suppressed and fmt != "html":  # an audit report lists them apart from the findings
        result.suppressed = []
    baseline_result = result  # a baseline records paths relative to the scan root
    result = display.relocate(result, display.prefix_for(fmt, result.root, typed_paths, report_root))
    options = {}
    if fmt == "html":
        from . import provenance

        context = click.get_current_context()
        result.provenance = provenance.gather(
            argv=(context.obj or {}).get("argv", sys.argv[1:]), paths=given, root=config.root, started=started,
            config=config, selected=selected_ids, ignored=ignored_ids, baseline=baseline_path, diff_ref=diff_ref)
        options = {"source_url": source_url}
    if fmt == "text":
        # NO_COLOR (no-color.org): set and not empty turns colour off, unless --color always asks for it.
        auto = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        options = {"color": color == "always" or (color == "auto" and auto), "concise": text_style == "concise",
                   "unsafe_fixes": unsafe_fixes}
    elif fmt == "sarif":  # says so when GitHub's upload limits make it drop results
        options = {"warn": warn, "rule_docs_url": rule_docs_url}
    text = render(fmt, result, **options)
    if fmt == "text" and quiet:
        # The summary is always the text report's last line; every other line keeps its newline.
        text = "".join(line + "\n" for line in text.splitlines()[:-1])
    if write_baseline_path:
        pass  # the findings go to the baseline, below, once the run is known to be complete
    elif output:
        try:
            write_atomically(output, text, config.root)
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror}")
    elif not dry_run:  # a dry run's stdout is the diff
        # click.echo strips colour codes when stdout is not a terminal: --color always keeps them.
        click.echo(text, nl=False, color=True if options.get("color") else None)
    unreadable = [n for n in result.notifications
                  if n.level == "error" and n.message.startswith(engine.READ_ERROR_PREFIX)]
    if fmt != "text" or output or dry_run or write_baseline_path:  # text on stdout already shows the notifications
        for notification in result.notifications:
            if notification in unreadable:
                continue  # said once, by the error line below
            where = f" ({notification.path})" if notification.path else ""
            say(f"kmodlint: {notification.level}: {notification.message}{where}")
        if not quiet and not write_baseline_path and not (io_errors or fix_error):  # an error: its line alone
            # The report is elsewhere (a file, or a format for machines): CI logs still get the
            # count, what was left out and what --fix would fix, in the text report's words.
            from .report.text_report import summary

            say(f"kmodlint: {summary(result, unsafe_fixes)}")
    if statistics:
        _print_statistics(result)
    if not result.files_scanned and not from_diff:  # (--diff alone: no changed C file is no news)
        say("kmodlint: warning: no C file was checked (are the paths, `exclude` and the config the ones meant?)")
    if fix_error:
        fail(fix_error)
    if io_errors:
        if unreadable:
            first = unreadable[0]
            more = f" (and {io_errors - 1} more)" if io_errors > 1 else ""
            fail(f"cannot read {first.path}: {first.message[len(engine.READ_ERROR_PREFIX):]}{more}")
        fail(f"{io_errors} file(s) could not be read")
    failures = [n for n in result.notifications if n.level == "error"]
    if failures:
        # A rule that failed, a parse over its budget, a file too large: findings that may be
        # missing must not pass CI as "no findings".
        first = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        fail(f"not fully analysed: {first.path or 'the run'}: {first.message}{more}")
    if write_baseline_path:
        _write_baseline(write_baseline_path, baseline_result, config.root)
        sys.exit(EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if severity_module.fails(result, fail_on) and not exit_zero else EXIT_CLEAN)


def _format_and_style(fmt: str | None, other: str | None) -> tuple[str, str]:
    """(format, text style) from --format and --output-format, which take the same names."""
    def split(name: str | None) -> tuple[str | None, str | None]:
        if name in TEXT_STYLES:
            return "text", name
        return name, None

    (format_a, style_a), (format_b, style_b) = split(fmt), split(other)
    if format_a and format_b and format_a != format_b or style_a and style_b and style_a != style_b:
        fail(f"--format {fmt} and --output-format {other} ask for two different formats")
    return format_a or format_b or "text", style_a or style_b or "full"


def _fix(result, io_errors: int, analyse, dry_run: bool, shown: str, wanted, unsafe: bool):
    """--fix: apply (or, in a dry run, show) the fixes; say per file what changed on
    stderr. Returns the result to report, its unreadable-file count, and the one error
    line for files whose fixes could not be applied (None when all were)."""
    from . import fix as fix_module

    if dry_run:
        outcome = fix_module.plan(result, wanted, unsafe)
        sys.stdout.flush()
        sys.stdout.buffer.write(fix_module.unified_diff(outcome.plans))  # bytes: CRLF and Latin-1 as they are
        sys.stdout.flush()
        done, verb = outcome.plans, "would fix"
    else:
        outcome, result, io_errors = fix_module.fix_and_reanalyse(result, io_errors, analyse, wanted, unsafe)
        done, verb = outcome.written, "fixed"
    def where(path: str) -> str:
        return posixpath.join(shown, path)

    for file_plan in done:
        say(f"kmodlint: {verb} {_count(len(file_plan.findings), 'finding')} in {where(file_plan.path)}")
    fixed = sum(len(file_plan.findings) for file_plan in done)
    say(f"kmodlint: {verb} {_count(fixed, 'finding')} in {_count(len(done), 'file')}")
    if outcome.overlapping:
        say(f"kmodlint: note: {_count(outcome.overlapping, 'fix', 'fixes')} not applied: each overlaps "
            f"another fix; run --fix again")
    if outcome.unsafe:
        say(f"kmodlint: note: {_count(outcome.unsafe, 'fix', 'fixes')} not applied: "
            f"{'it needs' if outcome.unsafe == 1 else 'they need'} follow-up work (see the message); "
            f"apply with --unsafe-fixes")
    if outcome.ambiguous:
        say(f"kmodlint: note: {_count(outcome.ambiguous, 'finding')} offer several fixes: "
                   f"none applied, choose one by hand")
    if not outcome.refused:
        return result, io_errors, None
    first = outcome.refused[0]
    more = f"; and {_count(len(outcome.refused) - 1, 'more file')} not fixed" if len(outcome.refused) > 1 else ""
    for refusal in outcome.refused[1:]:
        say(f"kmodlint: warning: not fixed: {where(refusal.path)}: {refusal.reason}")
    return result, io_errors, (f"cannot fix {where(first.path)}: {first.reason} "
                               f"({_count(first.findings, 'finding')} left unfixed){more}")


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _adoption_inputs(paths, baseline_path, write_baseline_path, diff_ref, output, shard, staged=False):
    """The baseline to hide known findings with and the lines --diff keeps, read before
    the run so that a bad file or revision fails at once (exit 2)."""
    from . import baseline as baseline_module
    from . import gitdiff

    if write_baseline_path:
        # A baseline records the whole tree's findings: a filtered or partial run would
        # silently drop the rest from it.
        for name, given in (("--baseline", baseline_path), ("--diff", diff_ref), ("--output", output),
                            ("--shard", shard), ("--staged", staged or None)):
            if given is not None:
                fail(f"--write-baseline cannot be combined with {name}: it records every finding of a full run")
    known = changed = None
    if baseline_path is not None:
        try:
            known = baseline_module.load(baseline_path)
        except baseline_module.BaselineError as error:
            fail(str(error))
    if diff_ref is not None and staged:
        fail("--diff and --staged cannot be combined: --staged is the index against HEAD")
    if diff_ref is not None or staged:
        from . import engine

        where = engine.choose_root(list(paths)) if paths else os.getcwd()
        where = where if os.path.isdir(where) else os.getcwd()
        try:
            changed = gitdiff.staged_lines(where) if staged else gitdiff.changed_lines(diff_ref, where)
        except gitdiff.GitError as error:
            fail(str(error))
    return known, changed


def _known_and_untouched_dropped(result, known, changed):
    """(findings kept, {reason: count hidden}): without those the baseline records, then
    those --diff/--staged did not touch. The baseline goes first: its fingerprints'
    occurrence indexes count over every finding of the run."""
    from . import baseline as baseline_module
    from . import gitdiff

    findings, hidden = result.findings, {}
    if known is not None:
        findings, in_baseline = baseline_module.split(findings, result.root, known)
        hidden["in the baseline"] = len(in_baseline)
    if changed is not None:
        lines = changed.under(result.root)
        kept = [f for f in findings if gitdiff.touched(f, lines)]
        hidden["not on a changed line"] = len(findings) - len(kept)
        findings = kept
    return findings, hidden


def _hide_known_and_untouched(result, known, changed) -> None:
    from . import baseline as baseline_module

    if known is not None:
        stale = baseline_module.unmatched(result.findings, result.suppressed, result.root, known, result.files,
                                          {rule.id for rule in result.rules})
        if stale:
            first = stale[0]
            more = f" (and {len(stale) - 1} more)" if len(stale) > 1 else ""
            say(f"kmodlint: warning: baseline {known.path}: {len(stale)} entr{'y' if len(stale) == 1 else 'ies'} "
                f"match no finding, fixed or planted ahead of a bug; write it again: "
                f"{first.rule} in {first.path} ({first.function or 'file scope'}){more}")
    result.findings, hidden = _known_and_untouched_dropped(result, known, changed)
    result.hidden.update(hidden)


def _write_baseline(path: str, result, root: str) -> None:
    from . import baseline as baseline_module

    try:
        write_atomically(path, baseline_module.render(result.findings, result.root, path), root)
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror}")
    count = len(result.findings)
    say(f"kmodlint: baseline: recorded {count} finding{'s' if count != 1 else ''} in {path}")


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except AttributeError:
        return os.cpu_count() or 1


def _print_statistics(result) -> None:
    other = result.files_scanned - result.files_parsed - result.files_skipped
    seconds = max(result.elapsed_seconds, 1e-9)
    lines = [
        f"files scanned:     {result.files_scanned}",
        f"  parsed:          {result.files_parsed} ({result.files_with_parse_errors} with parse errors)",
        f"  skipped:         {result.files_skipped} (no trigger word, not needed by a sibling)",
        f"  not analysed:    {other} (unreadable, over the size limit, or parser failure)",
        f"  from the cache:  {result.files_from_cache} (counted above, not read or parsed this run)",
        f"time:              {result.elapsed_seconds:.2f}s, {result.files_scanned / seconds:.0f} files/s",
        f"target kernel:     {result.target_kernel or '-'} ({result.target_kernel_source or 'not set'})",
        "findings per rule:",
    ]
    counts = {rule.id: 0 for rule in result.rules}
    for finding in result.findings:
        counts[finding.rule_id] = counts.get(finding.rule_id, 0) + 1
    width = max(map(len, counts), default=0)
    lines += [f"  {rule_id:<{width}}  {count}" for rule_id, count in sorted(counts.items())]
    if result.parse_errors:
        lines.append(f"files with parse errors ({len(result.parse_errors)}; first error at):")
        lines += [f"  {e.path}:{e.line}:{e.column}" for e in result.parse_errors]
    for line in lines:
        say(f"kmodlint: statistics: {line}")


def _show_settings(paths: list[str], settings_for) -> None:
    """`check --show-settings PATH...`: the config that applies to each path, as TOML."""
    import json

    from . import config as config_module

    blocks = []
    for path in paths:
        directory = path if os.path.isdir(path) else (os.path.dirname(path) or ".")
        try:
            own, active = settings_for(directory)
        except config_module.ConfigError as error:
            fail(str(error))
        relpath = os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(own.path))) \
            if own.path else path
        ignored = sorted(own.ignored_for_config_relative(relpath.replace(os.sep, "/")))
        lines = [f"# {path}",
                 f"config = {json.dumps(own.path or '')}  # {'' if own.path else 'none found: the defaults'}".rstrip(" #"),
                 f"rules = {json.dumps([rule.id for rule in active])}",
                 f"select = {json.dumps(own.select)}", f"ignore = {json.dumps(own.ignore)}",
                 f"exclude = {json.dumps(own.exclude)}",
                 f"require-reason = {'true' if own.require_reason else 'false'}",
                 f"ignored-here = {json.dumps(ignored)}  # by per-path-ignores"]
        if own.per_path_ignores:
            lines.append("[per-path-ignores]")
            lines += [f"{json.dumps(pattern)} = {json.dumps(ids)}" for pattern, ids in own.per_path_ignores.items()]
        for rule_id, options in own.rule_options.items():
            lines.append(f"[rule-options.{rule_id}]")
            lines += [f"{option} = {json.dumps(value)}" for option, value in options.items()]
        blocks.append("\n".join(lines))
    click.echo("\n\n".join(blocks))


@main.command(name="rules")
@click.option("--write-docs", "docs_folder", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Write each rule's documentation page, DIR/<id>.md, and an index, from the rules' own "
                   "help (the repository keeps them in docs/rules); remove generated pages of rules that are gone.")
def list_rules(docs_folder: str | None) -> None:
    """List every rule: id, severity, title; `(opt-in)` marks a rule that runs only when asked for."""
    from kmodlint.rules import all_rules

    table = all_rules()
    if docs_folder is not None:
        from . import ruledoc

        try:
            changed, removed = ruledoc.write(table, docs_folder)
        except OSError as error:
            fail(f"cannot write {error.filename or docs_folder}: {error.strerror}")
        click.echo(f"kmodlint: rule pages in {docs_folder}: {len(changed)} written, {len(removed)} removed, "
                   f"{len(table) + 1 - len(changed)} already current", err=True)
        return
    width = max(len(rule.id) for rule in table)
    for rule in table:
        opt_in = " (opt-in)" if rule.opt_in else ""
        click.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.title}{opt_in}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Show a rule's help: what it finds, why it matters, how to fix it."""
    from kmodlint.rules import by_id

    rule = by_id().get(rule_id)
    if rule is None:
        fail(f"unknown rule id '{rule_id}' (see `kmodlint rules`)")
    click.echo(f"{rule.id} ({rule.severity}, precision {rule.precision}): {rule.title}\n")
    click.echo(rule.help.strip())
    if rule.tags:
        click.echo(f"\nTags: {', '.join(rule.tags)}")
