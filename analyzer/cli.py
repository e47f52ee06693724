"""kmodlint's command line.

Exit status: 0 no findings, 1 findings, 2 usage, config or I/O error. Errors
are one line on stderr, never a traceback.
"""
from __future__ import annotations

import os
import sys
import tempfile

import click

from .__about__ import VERSION

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> None:
    click.echo(f"kmodlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _id_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def write_atomically(path: str, text: str) -> None:
    """Write `text` to `path` so that a failed run never leaves a half-written file."""
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".kmodlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="kmodlint")
def main() -> None:
    """kmodlint: find the pitfalls Linux driver authors really hit, without building the kernel."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--select", help="Comma-separated rule ids to run (default: all).")
@click.option("--ignore", help="Comma-separated rule ids not to run.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str),
              help="Config file (.kmodlint.toml, or pyproject.toml with [tool.kmodlint]).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Text format: findings only, no summary line.")
def check(paths, fmt, output, select, ignore, config_path, exit_zero, quiet) -> None:
    """Check C files and folders (default: the current folder) for driver pitfalls."""
    from . import config as config_module
    from . import engine
    from .report import render
    from rules import all_rules

    rules = {rule.id: rule for rule in all_rules()}
    try:
        selected_ids, ignored_ids = _id_list(select), _id_list(ignore)
        config_module.check_rule_ids(selected_ids, rules, "--select")
        config_module.check_rule_ids(ignored_ids, rules, "--ignore")
        start = paths[0] if paths and os.path.isdir(paths[0]) else "."
        config = config_module.load(config_path, start, rules)
    except config_module.ConfigError as error:
        fail(str(error))
    chosen = selected_ids or config.select or list(rules)
    dropped = set(ignored_ids) | set(config.ignore)
    active = [rules[i] for i in sorted(set(chosen)) if i not in dropped]

    try:
        result, io_errors = engine.run(list(paths) or ["."], active, config, set(rules))
    except engine.InputError as error:
        fail(str(error))

    options = {}
    if fmt == "text":
        options = {"color": output is None and sys.stdout.isatty(), "concise": False}
    text = render(fmt, result, **options)
    if fmt == "text" and quiet:
        text = "\n".join(text.rstrip("\n").split("\n")[:-1]) + ("\n" if result.findings else "")
    if output:
        try:
            write_atomically(output, text)
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror}")
    else:
        click.echo(text, nl=False)
    for notification in result.notifications:
        if fmt != "text" or output:  # text on stdout already shows them
            where = f" ({notification.path})" if notification.path else ""
            click.echo(f"kmodlint: {notification.level}: {notification.message}{where}", err=True)
    if io_errors:
        click.echo(f"kmodlint: error: {io_errors} file(s) could not be read", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if result.findings and not exit_zero else EXIT_CLEAN)


@main.command(name="rules")
def list_rules() -> None:
    """List every rule: id, severity, title."""
    from rules import all_rules

    table = all_rules()
    width = max(len(rule.id) for rule in table)
    for rule in table:
        click.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.title}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Show a rule's help: what it finds, why it matters, how to fix it."""
    from rules import by_id

    rule = by_id().get(rule_id)
    if rule is None:
        fail(f"unknown rule id '{rule_id}' (see `kmodlint rules`)")
    click.echo(f"{rule.id} ({rule.severity}, precision {rule.precision}): {rule.title}\n")
    click.echo(rule.help.strip())
    if rule.tags:
        click.echo(f"\nTags: {', '.join(rule.tags)}")
