"""The rule API: identity beside logic, and the context a check reads.

A rule module under rules/ defines a module-level `RULE`:

    RULE = Rule(
        id="unchecked-copy-user", title="...", severity="warning", help=HELP,
        tags=("correctness",), triggers=(b"copy_from_user", ...),
    )

    @RULE.check
    def check(ctx: Context) -> Iterator[Finding]:
        for call in ctx.facts.calls_to("copy_from_user"):
            if call.usage is UsageKind.DISCARDED:
                yield ctx.finding(call, "...")

`triggers` are the byte strings without which the rule cannot fire: a file that
contains none of them is not parsed for this rule (Coccinelle's trick). A word that
is needed but too common can be narrowed by a regex, as a pair (word, regex): the
file must then hold the word (searched first, fast) and match the regex
(`(b"_lock_irq", rb"_lock_irq\b")` leaves out spin_lock_irqsave).
`admits(data)`, set with @RULE.admission, is a last, exact test of a file whose
triggers matched, for a rule whose firing condition is a shape of the text that
words and a regex cannot say (module_init(f()), an entry point not defined in the
canonical way): it must return True whenever the rule could fire on this file, and
False lets the file go unparsed for this rule.
`folder_admits(folder_data)`, set with @RULE.folder_admission, is the same for a
condition that needs the folder: given the bytes of every file of the folder, it
returns the test of one file (built once per folder, only when a file matched the
triggers). The IRQ rules fire only in a file that defines a function some file
of the folder registers as a hard-IRQ handler; their trigger words (irqreturn_t,
_lock_irq) are in three times as many files.
`needs` names the FileFacts attributes the rule reads ("calls", "struct_inits",
"accesses", ...) of the file it checks, `folder_needs` those it reads of the other
files of the folder (through ctx.folder): they are extracted with the parse, in
one walk of the tree; a fact not named is still extracted when first read, at the
cost of one more walk of that file's tree.
`folder_tokens(facts)` names, from a triggered file's facts, what a sibling file
of the same folder must contain to be worth parsing for this rule (the fops
passed to debugfs_create_file but defined elsewhere, say): names, or (name, regex)
pairs like triggers (a struct's name, and the regex of its definition), or (name,
test) pairs whose test(data) says it where a regex would be slow.
`folder_callers(facts)` names, from a triggered file's facts, the functions of that
file whose callers elsewhere in the folder can change the rule's answer (the driver
model gives a function the contexts of the entry points it is reached from: a
sibling's ops table, a sibling's function that calls it). The engine parses for the
rule each sibling that mentions one, then those that mention the sibling's own
functions that call one, a few levels up (engine.CALLER_LEVELS).

What a rule reads of the folder (ctx.folder, ctx.driver) is the files its own
admission brings in: its triggered files and the siblings its folder_tokens and
folder_callers ask for. A file parsed for another rule is, for it, a sibling not
parsed yet (FolderIndex.unparsed): its findings do not depend on which other rules
run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .model import Finding, Fix, Related, RuleInfo, Severity, Span

if TYPE_CHECKING:
    from .facts import FileFacts
    from .folder import FolderIndex
    from .source import SourceFile


@dataclass
class Rule:
    id: str
    title: str
    severity: Severity
    help: str
    tags: tuple[str, ...] = ()
    precision: str = "high"
    # GitHub code scanning's score for a security rule ("7.5"; >= 7.0 shows as high, >= 9.0 as
    # critical); set only together with the "security" tag, which is what makes GitHub read it.
    security_severity: str = ""
    opt_in: bool = False  # not run unless selected by id or switched on (--require-reason)
    triggers: tuple[bytes | tuple[bytes, bytes], ...] = ()  # words, or (word, regex) pairs
    folder_tokens: Callable[["FileFacts"], Iterable[str]] | None = None
    folder_callers: Callable[["FileFacts"], Iterable[str]] | None = None  # see the module's doc
    needs: tuple[str, ...] = ()  # FileFacts attributes the rule reads, e.g. ("calls", "accesses")
    folder_needs: tuple[str, ...] = ()  # ... and those it reads of the folder's other files
    options: dict = field(default_factory=dict)  # config keys the rule reads, with defaults
    # Options a --diff run sets (unless config sets them): a finding too minor for an audit of
    # old code can be worth its line on code being written (module-init-signature's __init note).
    diff_options: dict = field(default_factory=dict)
    admits: Callable[[bytes], bool] | None = None  # False only when the rule cannot fire on these bytes
    # folder bytes -> that test for one file of the folder (False only when the rule cannot fire there)
    folder_admits: Callable[[list[bytes]], Callable[[bytes], bool]] | None = None
    checker: Callable[["Context"], Iterable[Finding]] | None = None

    def check(self, function: Callable[["Context"], Iterable[Finding]]):
        self.checker = function
        return function

    def admission(self, function: Callable[[bytes], bool]):
        self.admits = function
        return function

    def folder_admission(self, function: Callable[[list[bytes]], Callable[[bytes], bool]]):
        self.folder_admits = function
        return function

    def folder_tokens_from(self, function: Callable[["FileFacts"], Iterable[str]]):
        self.folder_tokens = function
        return function

    def __post_init__(self) -> None:
        from .facts import ATTRIBUTES

        unknown = set(self.needs + self.folder_needs) - ATTRIBUTES
        if unknown:
            raise ValueError(f"rule {self.id}: needs names no fact: {sorted(unknown)}")

    @property
    def trigger_words(self) -> tuple[bytes, ...]:
        """The words of the triggers (without their regexes)."""
        return tuple(t[0] if isinstance(t, tuple) else t for t in self.triggers)

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(self.id, self.title, self.severity, self.help.strip(), self.tags, self.precision,
                        self.security_severity)


@dataclass
class Context:
    """What a rule's check sees for one file."""

    rule: Rule
    source: "SourceFile"
    facts: "FileFacts"
    folder: "FolderIndex"
    settings: dict  # the rule's options, from config

    def finding(
        self,
        where,
        message: str,
        *,
        severity: Severity | None = None,
        related: Iterable[Related] = (),
        fixes: Iterable[Fix] = (),
        function: str | None = None,
        snippet: str | None = None,
    ) -> Finding:
        """A finding at `where`: a fact with `.span` (a Call, an Exit, ...) or a Span."""
        span = where if isinstance(where, Span) else where.span
        if function is None:
            function = getattr(where, "function", "") or self.function_at(span.line)
        if snippet is None:
            snippet = getattr(where, "statement", "") or getattr(where, "text", "") or self._span_text(span)
        return Finding(
            rule_id=self.rule.id, severity=severity or self.rule.severity, path=self.source.path,
            span=span, message=message, function=function, snippet=snippet,
            related=tuple(related), fixes=tuple(fixes),
        )

    @property
    def driver(self):
        """The folder's driver model (kmodlint.driver): call graph, contexts, locks, built once."""
        from .driver import driver_of

        return driver_of(self.folder)

    def related(self, where, message: str, path: str | None = None) -> Related:
        span = where if isinstance(where, Span) else where.span
        return Related(path or self.source.path, span, message)

    def _span_text(self, span: Span, limit: int = 240) -> str:
        """The flagged text itself (a variable, a function name), for the fingerprint of a
        finding given as a bare span: without it, two such findings in one function differ
        only by their order, and fixing the first makes the second look new."""
        start = self.source.offset(span.line, span.column)
        end = min(self.source.offset(span.end_line, span.end_column), start + 4 * limit)
        return " ".join(self.source.text(start, end).split())[:limit]

    def function_at(self, line: int) -> str:
        for function in self.facts.functions:
            if function.span.line <= line <= function.span.end_line:
                return function.name
        return ""


def run_check(rule: Rule, context: Context) -> Iterator[Finding]:
    if rule.checker is not None:
        yield from rule.checker(context)
