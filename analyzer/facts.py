"""Facts: what every rule reads about a file, extracted once from one parse.

Facts are plain dataclasses (no tree-sitter nodes), so they outlive the syntax
tree, can be pickled to the cache and combined into folder-wide indexes. The
extractor runs a handful of compiled tree-sitter Queries (the matching runs in
C) and only climbs a few parents in Python around each match.

When a rule needs a shape the facts do not carry, teach it here, where every
rule can use it, rather than walking the tree in the rule.
"""
from __future__ import annotations

import bisect
import operator
import re
import time
from dataclasses import dataclass, field, fields
from functools import lru_cache

import tree_sitter
import tree_sitter_c

from . import kernel
from .model import Span
from .preproc import PackageMacros
from .source import SourceFile

C_LANGUAGE = tree_sitter.Language(tree_sitter_c.language())

# ---------------------------------------------------------------- fact types


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # declared type with pointer stars, e.g. "const char *"
    # The declaration as written, annotations included (`const char __user *buf`), and
    # where: the type above is read from the masked tree, which has no `__user`.
    text: str = ""
    span: Span | None = None


@dataclass(frozen=True)
class Function:
    name: str
    static: bool
    return_type: str
    params: tuple[Param, ...]
    span: Span  # the whole definition
    name_span: Span
    start_byte: int
    end_byte: int


@dataclass(frozen=True)
class Exit:
    """How a branch leaves: `return EXPR;` or `VAR = -EXXX;` (before a goto/break)."""

    kind: str  # "return" | "assign" | "value" (the arm of a ?: expression)
    text: str  # the returned or assigned expression, whitespace collapsed
    span: Span  # the whole statement
    target: str = ""  # for "assign": the variable


@dataclass(frozen=True)
class Test:
    """Where a call's result (directly or through a variable) decides control flow."""

    kind: str  # "branch" (if), "ternary" (?:), "compare" (other comparison), "other"
    span: Span  # the tested expression
    compare_op: str = ""  # "<", "<=", ... when the result is compared with a number
    compare_value: str = ""
    via: str = ""  # the variable the result went through, "" when tested directly
    failure: tuple[Exit, ...] = ()  # exits on the branch taken when the result is nonzero
    failure_known: bool = False  # False when the condition is too complex to tell the branch


@dataclass(frozen=True)
class Call:
    callee: str
    args: tuple[str, ...]
    span: Span
    start_byte: int
    end_byte: int
    function: str  # enclosing function, "" at file scope
    # How the result is used: "discarded" (statement), "void-cast", "returned",
    # "assigned" (to `target`), "accumulated" (`target |= call`), "tested",
    # "argument" (of call `arg_of`, position `arg_index`), "expression".
    usage: str
    statement: str  # normalized text of the enclosing statement (fingerprints)
    target: str = ""  # the variable receiving the result (plain identifiers only)
    assigned_to: str = ""  # any left-hand side receiving the result, e.g. "dev->thread"
    arg_of: str = ""
    arg_index: int = -1
    result_read: bool = True  # False: assigned to a variable nobody reads afterwards
    test: Test | None = None


# The fields of a Call that say how its result is used: the costly part of a call's
# facts (climbs of the tree, a scan of the rest of the function), worked out on first read.
_CALL_USAGE = frozenset({"usage", "statement", "target", "assigned_to", "arg_of", "arg_index", "result_read",
                         "test"})


class _Described:
    """A field of a lazy fact (_LazyCall, _LazyFunction, _LazyLocal) worked out on first read. A non-data
    descriptor: once filled in, the values sit in the instance's __dict__, which Python reads first."""

    def __init__(self, fill: str):
        self.fill = fill  # the _Extractor method that returns the fields, given the fact's node

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, fact, owner=None):
        if fact is None:
            return getattr(owner._plain_type, self.name)
        extractor, node = fact.__dict__["_node"]
        fact.__dict__.update(getattr(extractor, self.fill)(node))
        return fact.__dict__[self.name]


class _Lazy:
    """Mixed into a lazy fact class (before the plain fact class it stands for, `_plain_type`):
    equal to, hashed and pickled as that plain fact."""

    _plain_type: type

    def plain(self):
        return self._plain_type(**{f.name: getattr(self, f.name) for f in fields(self._plain_type)})

    def __eq__(self, other):
        if isinstance(other, self._plain_type):
            return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self._plain_type))
        return NotImplemented

    def __hash__(self):
        return hash(self.plain())

    def __reduce__(self):
        return self._plain_type, tuple(getattr(self, f.name) for f in fields(self._plain_type))


class _LazyCall(_Lazy, Call):
    """A Call from extract(): callee, offsets and function are read with the parse; the
    arguments, span and _CALL_USAGE fields when first read."""

    _plain_type = Call
    args = _Described("call_arguments")
    span = _Described("call_span")
    usage = _Described("describe_call")
    statement = _Described("describe_call")
    target = _Described("describe_call")
    assigned_to = _Described("describe_call")
    arg_of = _Described("describe_call")
    arg_index = _Described("describe_call")
    result_read = _Described("describe_call")
    test = _Described("describe_call")


class _LazyFunction(_Lazy, Function):
    """A Function from extract(): name and offsets are read with the parse; linkage and return
    type, parameters and spans each when first read (most rules read a file's function names
    only, and a file has hundreds of functions)."""

    _plain_type = Function
    static = _Described("function_head")
    return_type = _Described("function_head")
    params = _Described("function_params")
    span = _Described("function_spans")
    name_span = _Described("function_spans")


assert {name for name, value in vars(_LazyCall).items() if isinstance(value, _Described)} == _CALL_USAGE | {"args", "span"}
assert {name for name, value in vars(_LazyFunction).items() if isinstance(value, _Described)} == \
    {f.name for f in fields(Function)} - {"name", "start_byte", "end_byte"}


@dataclass(frozen=True)
class Macro:
    name: str
    params: tuple[str, ...]
    body: str
    span: Span


@dataclass(frozen=True)
class StructInit:
    """`struct TYPE NAME = { .field = value, ... };` at file scope or in a function."""

    struct: str
    name: str
    fields: tuple[tuple[str, str], ...]  # (field, value text) in source order
    static: bool
    function: str  # "" at file scope
    span: Span

    def field(self, name: str) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class MemberAssign:
    """`base.field = value` or `base->field = value`."""

    base: str
    field: str
    value: str
    function: str
    span: Span


@dataclass(frozen=True)
class Global:
    """A file-scope variable declaration or definition."""

    name: str
    type: str
    static: bool
    extern: bool
    span: Span


@dataclass(frozen=True)
class Assignment:
    """`name = value;` to a plain identifier (a local or a file-scope variable)."""

    name: str
    value: str
    function: str
    span: Span


@dataclass(frozen=True)
class LocalVar:
    """A variable declared inside a function body (its type and initializer)."""

    function: str
    name: str
    type: str
    value: str
    span: Span


class _LazyLocal(_Lazy, LocalVar):
    """A LocalVar from extract(): function and name with the parse; the type (for the scope of
    the few functions a rule asks about), the initializer's text and the span when first read."""

    _plain_type = LocalVar
    type = _Described("local_type")
    value = _Described("local_place")
    span = _Described("local_place")


@dataclass(frozen=True)
class StructDef:
    name: str
    fields: tuple[tuple[str, str], ...]  # (field, type)

    def field_type(self, name: str) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class LockRegion:
    """Code between a lock's acquire and its release in one function."""

    function: str
    kind: str  # see kmodlint.kernel.LOCKS: spin, spin_irq, spin_irqsave, spin_bh, mutex, irq_off, irq_masked
    lock: str  # the lock expression, e.g. "&dev->lock"
    start_byte: int
    end_byte: int
    span: Span


@dataclass(frozen=True)
class Access:
    """A read or write of shared state: a file-scope variable or a struct field.

    `key` is "NAME" for a variable and "struct TYPE.FIELD" for a field reached
    through a pointer or variable of that struct type.
    """

    key: str
    function: str
    kind: str  # "read", "write", "rmw" (x++, x |= m)
    span: Span
    start_byte: int
    accessor: str = ""  # READ_ONCE, atomic_read, ... when the access goes through one
    in_wait_condition: bool = False  # inside wait_event*(wq, <condition>)
    operator: str = ""  # of a "rmw": "++", "--", "|=", "&=", "+=", ...


@dataclass
class FileFacts:
    path: str
    has_parse_errors: bool = False
    functions: list[Function] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    macros: dict[str, Macro] = field(default_factory=dict)
    struct_inits: list[StructInit] = field(default_factory=list)
    member_assigns: list[MemberAssign] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    locals: list[LocalVar] = field(default_factory=list)
    structs: dict[str, StructDef] = field(default_factory=dict)
    lock_regions: list[LockRegion] = field(default_factory=list)
    accesses: list[Access] = field(default_factory=list)
    suppressions: list = field(default_factory=list)  # kmodlint.suppress.Suppression

    # Facts from `extract()` are worked out by family (see FAMILIES): the families the
    # file's rules declare in Rule.needs come with the parse, in one query walk. A
    # rule reading another one (a folder-wide rule reading a sibling, say) gets it
    # from the same tree on first read, together with every family not extracted
    # yet but accesses: each walk of the tree costs a third of the parse, whatever
    # it looks for, so one more walk for all beats one per family. Dataclass fields
    # that are set never reach __getattr__, so facts built by hand are plain data.

    def __getattr__(self, name: str):
        family = _ATTRIBUTE_FAMILY.get(name)
        extractor = self.__dict__.get("_extractor")
        if family is None or extractor is None:
            raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")
        extractor.ensure(_ON_FIRST_READ | {family})
        return self.__dict__[name]

    def __getstate__(self):
        """Pickled (or deep-copied) facts are plain data: every family, no syntax tree."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state.update((key, value) for key, value in self.__dict__.items() if key.startswith("_") and key != "_extractor")
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def first_parse_error(self) -> tuple[int, int]:
        """(line, column), 1-based, of the first ERROR or MISSING node; (0, 0) when there is none
        or the tree is gone."""
        extractor = self.__dict__.get("_extractor")
        if extractor is None or not extractor.root.has_error:
            return 0, 0
        node = extractor.root
        while not (node.is_missing or node.type == "ERROR"):
            # Some MISSING nodes are not among their parent's children: then the deepest broken node.
            broken = next((c for c in node.children if c.has_error or c.is_missing), None)
            if broken is None:
                break
            node = broken
        return extractor.source.position(node.start_byte)

    def functions_with_parse_errors(self) -> set[str]:
        """Names of the functions whose definition holds an ERROR or MISSING node."""
        extractor = self.__dict__.get("_extractor")
        if extractor is None:
            return set()
        extractor.ensure({"functions"})
        return {name for node, name in zip(extractor._function_nodes, extractor._function_names)
                if name and node.has_error}

    def syntax_tree(self):
        """The tree these facts came from, while the run still holds it (None once pickled):
        for a rule that needs a node kind no fact family carries, without a second parse."""
        extractor = self.__dict__.get("_extractor")
        return extractor.tree if extractor is not None else None

    # Lookups are indexed on first use: rules ask them once per call site.

    def function(self, name: str) -> Function | None:
        index = self.__dict__.get("_functions")
        if index is None:
            index = {}
            for function in self.functions:
                index.setdefault(function.name, function)
            self.__dict__["_functions"] = index
        return index.get(name)

    def calls_to(self, *names: str) -> list[Call]:
        index = self.__dict__.get("_calls")
        if index is None:
            index = {}
            for call in self.calls:
                index.setdefault(call.callee, []).append(call)
            self.__dict__["_calls"] = index
        if len(names) == 1:
            return list(index.get(names[0], ()))
        found = [call for name in set(names) for call in index.get(name, ())]
        found.sort(key=lambda call: call.start_byte)
        return found

    def global_var(self, name: str) -> Global | None:
        index = self.__dict__.get("_globals")
        if index is None:
            index = {}
            for variable in self.globals:  # a definition wins over an extern declaration
                if variable.name not in index or index[variable.name].extern:
                    index[variable.name] = variable
            self.__dict__["_globals"] = index
        return index.get(name)

    def _scope(self, function: str) -> dict[str, "Param | LocalVar"]:
        """Name -> the parameter or local of `function` it means, built when first asked: a
        rule asks about a few functions, and parameters and types are read from the tree."""
        scopes = self.__dict__.setdefault("_scopes", {})
        scope = scopes.get(function)
        if scope is None:
            by_name = self.__dict__.get("_scope_sources")
            if by_name is None:  # (definitions, locals) per function name, in source order
                by_name = {}
                for definition in self.functions:
                    by_name.setdefault(definition.name, ([], []))[0].append(definition)
                for local in self.locals:
                    by_name.setdefault(local.function, ([], []))[1].append(local)
                self.__dict__["_scope_sources"] = by_name
            definitions, local_vars = by_name.get(function, ((), ()))
            scope = {}
            for definition in definitions:
                for param in definition.params:
                    scope.setdefault(param.name, param)
            for local in local_vars:
                scope.setdefault(local.name, local)
            scopes[function] = scope
        return scope

    def variable_type(self, function: str, name: str) -> str | None:
        """The declared type of `name` as seen inside `function`: local, parameter, then global."""
        declared = self._scope(function).get(name)
        if declared is not None:
            return declared.type
        variable = self.global_var(name)
        return variable.type if variable is not None else None

    def is_local(self, function: str, name: str) -> bool:
        """Does `name` inside `function` mean a local or parameter (shadowing a global)?"""
        return name in self._scope(function)

    def accesses_of(self, names) -> list[Access]:
        """Accesses of the file-scope variables `names` anywhere in this file, whoever writes
        them (`accesses` holds only what this file's IRQ side writes): for a sibling's handler
        that writes a global this file reads. Worked out from the tree once per set of names."""
        names = frozenset(names)
        memo = self.__dict__.setdefault("_accesses_of", {})
        if names not in memo:
            extractor = self.__dict__.get("_extractor")
            if extractor is not None:
                extractor.ensure({"functions", "calls", "declarations"})
                memo[names] = extractor.scan_accesses(set(names))
            else:  # plain facts (pickled, or built by hand): what they hold
                memo[names] = [a for a in self.accesses if a.key in names]
        return memo[names]

    def accesses_written_by(self, functions) -> list[Access]:
        """Like `accesses`, for the shared state that `functions` write: for a function that runs
        in hard-IRQ context by a way this file cannot see (an ops table, a sibling's handler).
        Worked out from the tree once per set of functions (plain facts: what they hold)."""
        functions = frozenset(functions)
        memo = self.__dict__.setdefault("_accesses_written_by", {})
        if functions not in memo:
            extractor = self.__dict__.get("_extractor")
            memo[functions] = extractor.accesses_written_by(functions) if extractor is not None else []
        return memo[functions]

    def callers(self, function: str) -> list[Call]:
        return self.calls_to(function)

    def regions_at(self, function: str, offset: int) -> list[LockRegion]:
        return [r for r in self.lock_regions if r.function == function and r.start_byte <= offset < r.end_byte]


# ---------------------------------------------------------------- queries

_QUERIES = {
    # Whole-file queries are node kinds, read with captures(): a match object per node costs
    # more than a list of nodes. Each capture is named after its query (and "callee").
    "function": "(function_definition) @function",
    # A call of a plain name (not `ops->fn()`), with its callee: a field constraint costs the
    # walk next to nothing, and saves two child lookups per call in Python.
    "call": "(call_expression function: (identifier) @callee arguments: (argument_list)) @call",
    "macro": "(preproc_function_def) @macro",
    "assign": "(assignment_expression) @assign",
    "update": "(update_expression) @update",
    "declaration": "(declaration) @declaration",
    "struct_def": "(struct_specifier) @struct_def",
    # The targets of writes, asked of a few functions (FileFacts.accesses_written_by), not of the file.
    "written": "(assignment_expression left: (_) @target) (update_expression argument: (_) @target)",
    "exit": """
        (return_statement) @return
        (assignment_expression left: (identifier) @target operator: "=" right: (unary_expression operator: "-" argument: (identifier)) @errno) @assign
    """,
}


@lru_cache(maxsize=None)
def query(name: str) -> tree_sitter.Query:
    return tree_sitter.Query(C_LANGUAGE, _QUERIES[name])


# Fact families: what each one reads from the tree (queries) and which families it
# builds on. The queries of the families extracted together are compiled into one
# Query, so the tree is walked once for all of them (each query is a walk of its own).
FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "functions": (("function",), ()),
    "macros": (("macro",), ()),
    "calls": (("call",), ("functions",)),
    "struct_inits": (("declaration",), ("functions",)),
    "member_assigns": (("assign",), ("functions",)),
    "declarations": (("declaration",), ("functions",)),
    "assignments": (("assign",), ("functions",)),
    "structs": (("struct_def",), ()),
    "lock_regions": ((), ("functions", "calls")),
    "accesses": (("assign", "update"), ("functions", "calls", "declarations")),
}
_ON_FIRST_READ = frozenset(FAMILIES) - {"accesses"}  # what a read of a family not extracted yet brings
# FileFacts attribute (the names Rule.needs uses) -> its family.
_ATTRIBUTE_FAMILY = {name: name for name in FAMILIES if name != "declarations"}
_ATTRIBUTE_FAMILY.update(globals="declarations", locals="declarations")
ATTRIBUTES = frozenset(_ATTRIBUTE_FAMILY)


def family_of(attribute: str) -> str:
    """The family a FileFacts attribute (as named in Rule.needs) belongs to."""
    return _ATTRIBUTE_FAMILY[attribute]


@lru_cache(maxsize=None)
def _combined_query(names: tuple[str, ...]) -> tuple[tree_sitter.Query, tuple[str, ...]]:
    pattern_names = []
    for name in names:
        pattern_names.extend([name] * query(name).pattern_count)
    return tree_sitter.Query(C_LANGUAGE, "\n".join(_QUERIES[n] for n in names)), tuple(pattern_names)


def file_matches(root, names: tuple[str, ...] = tuple(_QUERIES)) -> dict[str, list]:
    """The nodes each whole-file query `names` captures, in document order, from one walk."""
    names = tuple(n for n in _QUERIES if n in names and n != "exit")
    if not names:
        return {}
    combined, _ = _combined_query(names)
    captured = tree_sitter.QueryCursor(combined).captures(root)
    # captures() groups by capture name but not in document order: sort (outer node first), by
    # end descending and then, stably, by start: two sorts with C-level keys, no call per node.
    ordered = {}
    for name in names + (("callee",) if "call" in names else ()):
        nodes = sorted(captured.get(name, ()), key=_END, reverse=True)
        nodes.sort(key=_START)
        ordered[name] = nodes
    return ordered


_START, _END = operator.attrgetter("start_byte"), operator.attrgetter("end_byte")


def matches(name: str, node) -> list:
    return tree_sitter.QueryCursor(query(name)).matches(node)


_parser: tree_sitter.Parser | None = None
# The most one file's parse may take. A kernel file parses in well under a second; a file
# made to be slow (thousands of unterminated comments) could take hours at the size limit.
PARSE_BUDGET_SECONDS = 20.0  # of CPU time
_CHUNK = 1 << 16


class ParseBudgetExceeded(Exception):
    """The file could not be parsed within PARSE_BUDGET_SECONDS: it is reported as not analysed."""


def parse(source: SourceFile) -> tree_sitter.Tree:
    global _parser
    if _parser is None:
        _parser = tree_sitter.Parser(C_LANGUAGE)
    data = source.masked
    # CPU time, not wall-clock: a busy CI machine must not turn a slow parse into a failure.
    deadline = time.process_time() + PARSE_BUDGET_SECONDS
    # tree-sitter calls the progress callback only when it reads through a callback, and
    # stops when it returns True (ValueError "Parsing failed").
    try:
        budgeted = _parser.parse(lambda offset, _point: data[offset:offset + _CHUNK],
                                 progress_callback=lambda *_state: time.process_time() > deadline)
        # A tree read through a callback reads Node.text through it too (a Python call and a
        # copy per text: 3 times slower rules); parsed again from the bytes with it as the old
        # tree, every node is reused, for about a third of a parse.
        return _parser.parse(data, old_tree=budgeted)
    except ValueError:
        _parser.reset()  # else the next parse resumes this one
        if time.process_time() > deadline:
            raise ParseBudgetExceeded(f"parsing took longer than the "
                                      f"{PARSE_BUDGET_SECONDS:g} s budget for one file; not analysed") from None
        raise


# ---------------------------------------------------------------- helpers

_SPACES = re.compile(r"\s+")
_SCOPED_GUARD = re.compile(rb"\bscoped_guard\s*\(\s*(\w+)")
_ERRNO = re.compile(r"^-\s*E[A-Z0-9]+$")
_STATEMENT_TYPES = frozenset(
    {"expression_statement", "return_statement", "declaration", "if_statement", "while_statement",
     "for_statement", "do_statement", "switch_statement", "field_declaration"}
)
_LOOP_TYPES = frozenset({"while_statement", "for_statement", "do_statement"})
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
# Mirrors a comparison so the call is always on the left: `0 > ret` is `ret < 0`.
_MIRROR = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


def _identifier(data: bytes, start: int, end: int) -> str:
    """data[start:end] as text when it is a plain ASCII identifier (no collapse needed), else ""."""
    raw = data[start:end]
    if raw.isascii():
        text = raw.decode("ascii")
        if text.isidentifier():
            return text
    return ""


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def is_errno(text: str) -> bool:
    """`-EFAULT`, `- EINVAL`: a negated E-constant."""
    return bool(_ERRNO.match(text))


def _declarator_name(node) -> tuple[str, object]:
    """The identifier a (possibly nested) declarator declares, and its node."""
    while node is not None and node.type not in ("identifier", "field_identifier", "type_identifier"):
        inner = node.child_by_field_name("declarator")
        if inner is None:
            # parenthesized_declarator and friends keep the name in a plain child
            inner = next((c for c in node.named_children if c.type.endswith("declarator") or c.type == "identifier"), None)
        node = inner
    if node is None:
        return "", None
    return node.text.decode("utf-8", "replace"), node


def _pointer_prefix(declarator) -> str:
    stars = ""
    while declarator is not None and declarator.type in ("pointer_declarator", "init_declarator", "function_declarator"):
        if declarator.type == "pointer_declarator":
            stars += "*"
        declarator = declarator.child_by_field_name("declarator")
    return stars


def _annotated_start(source: SourceFile, start: int) -> int:
    """Where a node starting at `start` begins as written: masking blanked the annotations
    before it on its line (`__user char *buf` parses as `char *buf`)."""
    masked, data = source.masked, source.data
    while start > 0 and masked[start - 1] in b" \t":
        start -= 1
    while data[start] in b" \t":
        start += 1
    return start


def _storage(node) -> set[str]:
    return {c.text.decode() for c in node.children if c.type == "storage_class_specifier"}


def _type_text(node) -> str:
    parts = [c.text.decode("utf-8", "replace") for c in node.children if c.type == "type_qualifier"]
    type_node = node.child_by_field_name("type")
    if type_node is not None:
        parts.append(type_node.text.decode("utf-8", "replace"))
    return collapse(" ".join(parts))


# Empty containers a family starts from, per FileFacts attribute.
_FAMILY_ATTRIBUTES = {
    "functions": {"functions": list}, "macros": {"macros": dict}, "calls": {"calls": list},
    "struct_inits": {"struct_inits": list}, "member_assigns": {"member_assigns": list},
    "declarations": {"globals": list, "locals": list}, "assignments": {"assignments": list},
    "structs": {"structs": dict}, "lock_regions": {"lock_regions": list}, "accesses": {"accesses": list},
}


class _Extractor:
    """Works out a file's facts family by family from its one syntax tree, which it keeps
    while the facts are in use (a folder's rules may read a sibling's facts late)."""

    def __init__(self, source: SourceFile, tree: tree_sitter.Tree):
        self.source = source
        self.tree = tree
        self.root = tree.root_node
        self.facts = FileFacts.__new__(FileFacts)
        self.facts.__dict__.update(path=source.path, has_parse_errors=self.root.has_error, suppressions=[],
                                   _extractor=self)
        self.done: set[str] = set()
        self._function_starts: list[int] = []
        self._function_nodes: list = []
        self._function_names: list[str] = []
        self._matches: dict[str, list] = {}
        self._parents: dict = {}
        # The last path walked down from the root (root first, the node asked for last), and
        # for each of its nodes the index of the nearest statement at or above it (-1: none).
        self._path: list = []
        self._statements: list[int] = []

    # -- positions and text

    def span(self, node) -> Span:
        return self.source.span(node.start_byte, node.end_byte)

    def text(self, node) -> str:
        raw = self.source.data[node.start_byte:node.end_byte]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # as SourceFile.text
        return " ".join(text.split())  # collapse(), faster

    def enclosing_function(self, offset: int):
        index = bisect.bisect_right(self._function_starts, offset) - 1
        if index >= 0:
            node = self._function_nodes[index]
            if node.start_byte <= offset < node.end_byte:
                return node
        return None

    def function_name(self, offset: int) -> str:
        index = bisect.bisect_right(self._function_starts, offset) - 1
        if index >= 0 and offset < self._function_nodes[index].end_byte:
            return self._function_names[index]
        return ""

    def _walk_to(self, node) -> None:
        """Make self._path the path from the root down to `node`.

        tree-sitter keeps no parent links: a Node.parent walks down from the root again, so
        asking for the ancestors of every call of a 20,000-deep nesting one by one would be
        quadratic in its depth. The walk starts instead from the deepest node of the last
        path that still contains `node` (paths are asked for in document order, mostly
        inside one another), so a run over a file's nodes costs about one walk of its depth."""
        path, statements = self._path, self._statements
        start, end = node.start_byte, node.end_byte
        low, high = 0, len(path)  # containment is monotone along a path: binary search its end
        while low < high:
            middle = (low + high) // 2
            ancestor = path[middle]
            if ancestor.start_byte <= start and end <= ancestor.end_byte and ancestor != node:
                low = middle + 1
            else:
                high = middle
        del path[low:], statements[low:]
        current = path[-1].child_with_descendant(node) if path else self.root
        while current is not None:
            statements.append(len(path) if current.type in _STATEMENT_TYPES
                              else (statements[-1] if statements else -1))
            path.append(current)
            if current == node:
                return
            current = current.child_with_descendant(node)
        if low == 0:  # not below the root (a node of another tree): as far as the walk went
            statements.append(len(path) if node.type in _STATEMENT_TYPES else (statements[-1] if statements else -1))
            path.append(node)
            return
        del path[:], statements[:]  # a range that contained `node` without holding it: from the root
        self._walk_to(node)

    def ancestors(self, node) -> list:
        """`node`'s ancestors, the root first (see _walk_to)."""
        self._walk_to(node)
        return self._path[:-1]

    def parent(self, node):
        """node.parent, without tree-sitter's walk from the root (see _walk_to)."""
        try:
            return self._parents[node]
        except KeyError:
            self._walk_to(node)
            parent = self._path[-2] if len(self._path) > 1 else None
            self._parents[node] = parent
            return parent

    def statement_of(self, node):
        """The nearest statement at or above `node`, or the root when there is none."""
        self._walk_to(node)
        index = self._statements[-1]
        return self._path[index] if index >= 0 else self.root

    def climb_parens(self, node):
        """Skip enclosing parentheses: the first ancestor that is not one, and the child below it."""
        parent = self.parent(node)
        while parent is not None and parent.type == "parenthesized_expression":
            node, parent = parent, self.parent(parent)
        return node, parent

    def bounded_text(self, node, limit: int) -> str:
        """self.text(node)[:limit], reading only as much of the node as that takes
        (a statement can be a whole 200 KB table, and a file holds thousands of calls)."""
        start, end, window = node.start_byte, node.end_byte, 4 * limit
        while True:
            stop = min(end, start + window)
            text = collapse(self.source.text(start, stop))
            if stop == end or len(text) > limit + 4:  # +4: a character cut at the window's edge
                return text[:limit]
            window *= 4

    def statement_text(self, node) -> str:
        node = self.statement_of(node)
        if node.type == "if_statement":  # only the condition, not the whole branch
            node = node.child_by_field_name("condition") or node
        return self.bounded_text(node, 240)

    # -- extraction

    def ensure(self, families) -> None:
        """Extract `families` (and what they build on) that are not extracted yet, with one
        walk of the tree for all their queries."""
        wanted: set[str] = set()
        todo = [f for f in families if f not in self.done]
        while todo:
            family = todo.pop()
            if family not in wanted and family not in self.done:
                wanted.add(family)
                todo.extend(FAMILIES[family][1])
        if not wanted:
            return
        self._matches = file_matches(self.root, tuple(q for f in wanted for q in FAMILIES[f][0]))
        try:
            for family in FAMILIES:  # in dependency order
                if family in wanted:
                    for attribute, empty in _FAMILY_ATTRIBUTES[family].items():
                        self.facts.__dict__[attribute] = empty()
                    self.done.add(family)
                    getattr(self, "extract_" + family)()
        finally:
            self._matches = {}  # the captured nodes of one walk are not needed after it

    def extract_functions(self) -> None:
        nodes = self._matches["function"]
        nodes = sorted((n for n in nodes if (body := n.child_by_field_name("body")) is not None
                        and body.type == "compound_statement"), key=lambda n: n.start_byte)
        self._function_nodes = nodes
        self._function_starts = [n.start_byte for n in nodes]
        self._function_names = [_declarator_name(n.child_by_field_name("declarator"))[0] for n in nodes]
        functions = self.facts.functions
        for node, name in zip(nodes, self._function_names):
            if name:
                lazy = object.__new__(_LazyFunction)
                lazy.__dict__.update(name=name, start_byte=node.start_byte, end_byte=node.end_byte, _node=(self, node))
                functions.append(lazy)

    def header_macro(self, node) -> tuple[bool, str, list[tuple[str, str]]] | None:
        """For `NAME(fn) { ... }`, where NAME is a local or package macro whose body is a function
        header naming its parameter (`#define NAME(f) static irqreturn_t f(int irq, void *d)`):
        (static, return type, [(parameter type, parameter name)]) of the header it expands to.
        The parser reads it as type NAME and a parenthesized declarator `(fn)`: the name is right,
        the rest comes from the macro."""
        declarator = node.child_by_field_name("declarator")
        type_node = node.child_by_field_name("type")
        if declarator is None or declarator.type != "parenthesized_declarator" or type_node is None \
                or type_node.type != "type_identifier":
            return None
        macros = self.__dict__.get("_header_macros")
        if macros is None:
            own = PackageMacros()
            own.add(self.source.data)
            env = self.source.env
            macros = {**(env.package.function_like if env is not None else {}), **own.function_like}
            self.__dict__["_header_macros"] = macros
        definition = macros.get(type_node.text.decode("utf-8", "replace"))
        if definition is None or len(definition[0]) != 1:
            return None
        return _function_header(definition[0][0], definition[1])

    def function_head(self, node) -> dict:
        """The linkage and return type of the function definition `node`."""
        header = self.header_macro(node)
        if header is not None:
            return dict(static=header[0], return_type=header[1])
        declarator = node.child_by_field_name("declarator")
        return dict(static="static" in _storage(node),
                    return_type=collapse(_type_text(node) + " " + _pointer_prefix(declarator)))

    def function_spans(self, node) -> dict:
        return dict(span=self.span(node), name_span=self.span(_declarator_name(node.child_by_field_name("declarator"))[1]))

    def function_params(self, node) -> dict:
        """The parameters of the function definition `node`, each with its text as written."""
        header = self.header_macro(node)
        if header is not None:
            where = self.span(node.child_by_field_name("declarator"))
            return dict(params=tuple(Param(name, type_, f"{type_} {name}".strip(), where) for type_, name in header[2]))
        function_declarator = node.child_by_field_name("declarator")
        while function_declarator is not None and function_declarator.type != "function_declarator":
            function_declarator = function_declarator.child_by_field_name("declarator")
        params = []
        if function_declarator is not None:
            plist = function_declarator.child_by_field_name("parameters")
            for p in plist.named_children if plist is not None else ():
                if p.type != "parameter_declaration":
                    continue
                pdecl = p.child_by_field_name("declarator")
                pname = _declarator_name(pdecl)[0] if pdecl is not None else ""
                start = _annotated_start(self.source, p.start_byte)
                params.append(Param(pname, collapse(_type_text(p) + " " + _pointer_prefix(pdecl)),
                                    " ".join(self.source.text(start, p.end_byte).split()),
                                    self.source.span(start, p.end_byte)))
        return dict(params=tuple(params))

    def extract_macros(self) -> None:
        for macro_node in self._matches["macro"]:
            name_node, params_node = macro_node.child_by_field_name("name"), macro_node.child_by_field_name("parameters")
            if name_node is None or name_node.type != "identifier" or params_node is None \
                    or params_node.type != "preproc_params":
                continue
            name = self.text(name_node)
            params = tuple(self.text(p) for p in params_node.named_children if p.type == "identifier")
            value = macro_node.child_by_field_name("value")
            body = self.source.text(value.start_byte, value.end_byte) if value is not None else ""
            self.facts.macros[name] = Macro(name, params, body, self.span(macro_node))

    def extract_calls(self) -> None:
        """Every call with its callee and place; its arguments and how its result is used
        (_CALL_USAGE) are worked out when a rule first reads them, for the few calls
        rules look at rather than the hundreds of a file."""
        calls = self.facts.calls
        data = self.source.data
        # The query matched only calls of a plain name with an argument list; each callee
        # starts where its call does, and no two such calls start at one byte: the two
        # lists, both in document order, pair up one to one.
        names: dict[bytes, str] = {}  # callee bytes -> name: a file calls the same few names
        starts, function_nodes, function_names = self._function_starts, self._function_nodes, self._function_names
        index, count = -1, len(starts)  # the last function starting at or before the call
        new, set_dict = object.__new__, object.__setattr__
        for call, callee in zip(self._matches["call"], self._matches["callee"]):
            start = call.start_byte
            while index + 1 < count and starts[index + 1] <= start:
                index += 1
            function = function_names[index] if index >= 0 and start < function_nodes[index].end_byte else ""
            raw = data[start:callee.end_byte]
            name = names.get(raw)
            if name is None:
                name = names[raw] = _identifier(data, start, callee.end_byte) or self.text(callee)
            lazy = new(_LazyCall)
            # a fresh __dict__ in one step (object.__setattr__: the dataclass is frozen)
            set_dict(lazy, "__dict__", {"callee": name, "start_byte": start, "end_byte": call.end_byte,
                                        "function": function, "_node": (self, call)})
            calls.append(lazy)

    def call_arguments(self, call) -> dict:
        """The argument texts of the call `call` (a node)."""
        arguments = call.child_by_field_name("arguments")
        return dict(args=tuple(self.text(a) for a in arguments.named_children if a.type != "comment"))

    def call_span(self, call) -> dict:
        return dict(span=self.span(call))

    def describe_call(self, call) -> dict:
        """The _CALL_USAGE fields of the call `call` (a node)."""
        function_node = self.enclosing_function(call.start_byte)
        node, parent = self.climb_parens(call)
        usage, target, assigned_to, arg_of, arg_index = "expression", "", "", "", -1
        test = None
        result_read = True
        ptype = parent.type if parent is not None else ""
        if ptype == "expression_statement":
            usage = "discarded"
        elif ptype == "cast_expression" and collapse(self.text(parent.child_by_field_name("type"))) == "void":
            usage = "void-cast"
        elif ptype == "return_statement":
            usage = "returned"
        elif ptype == "assignment_expression" and parent.child_by_field_name("right") == node:
            left = parent.child_by_field_name("left")
            operator = parent.child_by_field_name("operator").type
            usage = "assigned" if operator == "=" else "accumulated"
            assigned_to = self.text(left)
            if left.type == "identifier":
                target = self.text(left)
        elif ptype == "init_declarator" and parent.child_by_field_name("value") == node:
            usage = "assigned"
            target = assigned_to = _declarator_name(parent.child_by_field_name("declarator"))[0]
        elif ptype == "argument_list":
            usage = "argument"
            outer = self.parent(parent)
            function = outer.child_by_field_name("function") if outer is not None else None
            if function is not None and function.type == "identifier":
                arg_of = self.text(function)
                arg_index = [c for c in parent.named_children if c.type != "comment"].index(node)
        else:
            test = self.describe_test(node, via="")
            if test is not None:
                usage = "tested"
        if target and function_node is not None:
            test, result_read = self.follow_variable(target, call, function_node)
        return dict(usage=usage, statement=self.statement_text(call), target=target, assigned_to=assigned_to,
                    arg_of=arg_of, arg_index=arg_index, result_read=result_read, test=test)

    def describe_test(self, node, via: str) -> Test | None:
        """If `node`'s value is tested (if, ?:, comparison, !, &&, ||), say how."""
        negated = False
        compare_op = compare_value = ""
        node, parent = self.climb_parens(node)
        while parent is not None:
            ptype = parent.type
            if ptype == "unary_expression" and parent.child_by_field_name("operator").type == "!":
                negated = not negated
            elif ptype == "binary_expression":
                operator = parent.child_by_field_name("operator").type
                if operator in _COMPARISONS and not compare_op:
                    left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
                    other = right if left == node else left
                    compare_op = operator if left == node else _MIRROR[operator]
                    compare_value = self.text(other)
                    if compare_value in ("0", "0UL", "0L", "0U") and compare_op in ("!=", ">"):
                        compare_op = compare_value = ""  # `x != 0` is `x`
                    elif compare_value in ("0", "0UL", "0L", "0U") and compare_op == "==":
                        compare_op = compare_value = ""
                        negated = not negated
                elif operator in ("&&", "||"):
                    return Test("other", self.span(parent), compare_op, compare_value, via)
                else:
                    return None
            elif ptype == "conditional_expression" and parent.child_by_field_name("condition") == node:
                if compare_op:
                    return Test("compare", self.span(node), compare_op, compare_value, via)
                arm = parent.child_by_field_name("alternative" if negated else "consequence")
                exits = (Exit("value", self.text(arm), self.span(arm)),) if arm is not None else ()
                return Test("ternary", self.span(node), via=via, failure=exits, failure_known=True)
            elif ptype in ("if_statement", "while_statement", "do_statement", "for_statement") and \
                    parent.child_by_field_name("condition") == node:
                if compare_op or ptype != "if_statement":
                    kind = "compare" if compare_op else "other"
                    return Test(kind, self.span(node), compare_op, compare_value, via)
                branch = parent.child_by_field_name("alternative") if negated else parent.child_by_field_name("consequence")
                return Test("branch", self.span(node), via=via, failure=self.exits(branch), failure_known=True)
            elif ptype != "parenthesized_expression":
                if compare_op:
                    return Test("compare", self.span(node), compare_op, compare_value, via)
                return None
            node, parent = parent, self.parent(parent)
        return None

    def exits(self, branch) -> tuple[Exit, ...]:
        if branch is None:
            return ()
        found = []
        for _, match in matches("exit", branch):
            if "return" in match:
                statement = match["return"][0]
                value = statement.named_children[0] if statement.named_children else None
                found.append(Exit("return", self.text(value) if value is not None else "", self.span(statement)))
            else:
                assign = match["assign"][0]
                if is_errno(self.text(match["errno"][0])):
                    found.append(Exit("assign", self.text(match["errno"][0]), self.span(assign.parent if assign.parent.type == "expression_statement" else assign), self.text(match["target"][0])))
        found.sort(key=lambda e: (e.span.line, e.span.column))
        return tuple(found)

    def follow_variable(self, name: str, call, function_node) -> tuple[Test | None, bool]:
        """After `name = call(...)`: is `name` read again, and is the first read a test?

        Occurrences are found with a bytes regex over the function's text (fast,
        in C) and resolved to nodes only where they occur.
        """
        pattern = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
        body_end = function_node.end_byte
        masked = self.source.masked
        for m in pattern.finditer(masked, call.end_byte, body_end):
            node = self.root.descendant_for_byte_range(m.start(), m.end())
            if node is None or node.type != "identifier":
                continue  # in a comment, a string or a member name
            parent = node.parent
            if parent.type == "assignment_expression" and parent.child_by_field_name("left") == node \
                    and parent.child_by_field_name("operator").type == "=":
                right = parent.child_by_field_name("right")
                if right is not None and right.start_byte <= call.start_byte < right.end_byte:
                    continue  # the assignment holding our own call
                if right is not None and pattern.search(masked, right.start_byte, right.end_byte):
                    continue  # `ret = ret ? -EFAULT : 0`: the right side reads it first
                if _overwrites(call, parent):
                    break  # overwritten before any read
                continue  # a write on another path (another case, after a jump): keep looking
            return self.describe_test(node, via=name), True
        # No read after the call; a loop may bring control back to an earlier read.
        loop = call.parent
        while loop is not None and loop != function_node and loop.type not in _LOOP_TYPES:
            loop = loop.parent
        if loop is not None and loop != function_node:
            for m in pattern.finditer(masked, loop.start_byte, loop.end_byte):
                if call.start_byte <= m.start() < call.end_byte:
                    continue
                node = self.root.descendant_for_byte_range(m.start(), m.end())
                if node is not None and node.type == "identifier" and not _is_plain_write(node):
                    return None, True
        return None, False

    def extract_struct_inits(self) -> None:
        for declaration, struct, declarator, init in self._struct_initializers():
            name = _declarator_name(declarator)[0]
            fields = []
            for pair in _initializer_pairs(init):
                if pair.type == "assignment_expression":
                    # `#ifdef CONFIG_X` inside the braces: tree-sitter reads
                    # `CONFIG_X .mmap = fn` as an assignment to a member.
                    fields.append((self.text(pair.child_by_field_name("left").child_by_field_name("field")),
                                   self.text(pair.child_by_field_name("right"))))
                    continue
                designator = pair.child_by_field_name("designator")
                value = pair.child_by_field_name("value")
                if designator is not None and designator.type == "field_designator" and value is not None:
                    fields.append((self.text(designator)[1:].strip(), self.text(value)))
            self.facts.struct_inits.append(StructInit(
                struct=self.text(struct), name=name, fields=tuple(fields),
                static="static" in _storage(declaration),
                function=self.function_name(declaration.start_byte), span=self.span(declaration),
            ))

    def _struct_initializers(self):
        """(declaration, struct name, declarator, initializer list) of `struct TYPE NAME = { ... }`."""
        for declaration in self._matches["declaration"]:
            type_node = declaration.child_by_field_name("type")
            if type_node is None or type_node.type != "struct_specifier":
                continue
            struct = type_node.child_by_field_name("name")
            if struct is None or struct.type != "type_identifier":
                continue
            for declarator in declaration.children_by_field_name("declarator"):
                if declarator.type != "init_declarator":
                    continue
                inner, value = declarator.child_by_field_name("declarator"), declarator.child_by_field_name("value")
                if inner is not None and value is not None and value.type == "initializer_list":
                    yield declaration, struct, inner, value

    def extract_member_assigns(self) -> None:
        for assign, left, value in self._plain_assignments("field_expression"):
            base, field_node = left.child_by_field_name("argument"), left.child_by_field_name("field")
            if base is None or field_node is None or field_node.type != "field_identifier":
                continue
            self.facts.member_assigns.append(MemberAssign(
                base=self.text(base), field=self.text(field_node),
                value=self.text(value), function=self.function_name(assign.start_byte),
                span=self.span(assign),
            ))

    def _plain_assignments(self, left_type: str):
        """(assignment, left, right) of the `left = right` assignments whose left is a `left_type`."""
        for assign in self._matches["assign"]:
            left = assign.child_by_field_name("left")
            if left is None or left.type != left_type:
                continue
            operator, right = assign.child_by_field_name("operator"), assign.child_by_field_name("right")
            if operator is not None and operator.type == "=" and right is not None:
                yield assign, left, right

    def extract_declarations(self) -> None:
        """File-scope variables (globals) and the locals of each function, with their types."""
        for declaration in self._matches["declaration"]:
            function_node = self.enclosing_function(declaration.start_byte)
            if function_node is not None:
                function = self.function_name(declaration.start_byte)  # the name of function_node
                for declarator in declaration.children_by_field_name("declarator"):
                    name, name_node = _declarator_name(declarator)
                    if not name:
                        continue
                    local = object.__new__(_LazyLocal)
                    object.__setattr__(local, "__dict__", {
                        "function": function, "name": name, "_node": (self, (declaration, declarator, name_node))})
                    self.facts.locals.append(local)
                continue
            storage = _storage(declaration)
            if "typedef" in storage:
                continue
            for declarator in declaration.children_by_field_name("declarator"):
                if declarator.type == "function_declarator" or (
                        declarator.type == "pointer_declarator" and _is_function_declarator(declarator)):
                    continue  # a prototype
                name, name_node = _declarator_name(declarator)
                if not name:
                    continue
                self.facts.globals.append(Global(
                    name=name, type=collapse(_type_text(declaration) + " " + _pointer_prefix(declarator)),
                    static="static" in storage, extern="extern" in storage, span=self.span(name_node),
                ))


    def local_type(self, nodes) -> dict:
        """A local's declared type, given (declaration, declarator, name node)."""
        declaration, declarator, _ = nodes
        return dict(type=collapse(_type_text(declaration) + " " + _pointer_prefix(declarator)))

    def local_place(self, nodes) -> dict:
        """The initializer text and the span of a local's name, given (declaration, declarator, name node)."""
        _, declarator, name_node = nodes
        value = declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
        return dict(value=self.text(value) if value is not None else "", span=self.span(name_node))

    def extract_assignments(self) -> None:
        for assign, left, value in self._plain_assignments("identifier"):
            self.facts.assignments.append(Assignment(
                self.text(left), self.text(value), self.function_name(assign.start_byte), self.span(assign)))

    def extract_structs(self) -> None:
        for struct in self._matches["struct_def"]:
            name_node, body = struct.child_by_field_name("name"), struct.child_by_field_name("body")
            if name_node is None or name_node.type != "type_identifier" or body is None \
                    or body.type != "field_declaration_list":
                continue
            fields = []
            for declaration in body.named_children:
                if declaration.type != "field_declaration":
                    continue
                base_type = _type_text(declaration)
                for declarator in declaration.children_by_field_name("declarator"):
                    name = _declarator_name(declarator)[0]
                    if name:
                        fields.append((name, collapse(base_type + " " + _pointer_prefix(declarator))))
            self.facts.structs[self.text(name_node)] = StructDef(self.text(name_node), tuple(fields))

    def extract_lock_regions(self) -> None:
        """Pair each acquire with the next matching release of the same lock in the same function.

        Textual pairing, not control flow: the code between an acquire and its
        release is what a reader sees as "under the lock".
        """
        releases = {release for _, release in kernel.LOCKS.values()}
        by_function: dict[str, list[Call]] = {}
        for call in self.facts.calls_to(*kernel.LOCKS, *releases):  # in document order
            if call.function:
                by_function.setdefault(call.function, []).append(call)
        for function, calls in by_function.items():
            for index, call in enumerate(calls):
                if call.callee not in kernel.LOCKS:
                    continue
                kind, release = kernel.LOCKS[call.callee]
                lock = call.args[0] if call.args and kind not in ("irq_off",) else ""
                for later in calls[index + 1:]:
                    if later.callee == release and (not lock or (later.args and later.args[0] == lock)):
                        self.facts.lock_regions.append(LockRegion(
                            function, kind, lock, call.end_byte, later.start_byte,
                            self.source.span(call.start_byte, later.end_byte)))
                        break
        # scoped_guard(spinlock_irqsave, &lock) { ... }: masking turned it into a
        # `while` loop; the lock is held for its body.
        for match in _SCOPED_GUARD.finditer(self.source.data):
            kind = kernel.GUARD_KINDS.get(match.group(1).decode())
            node = self.root.descendant_for_byte_range(match.start(), match.start() + 5)
            while node is not None and node.type != "while_statement":
                node = node.parent
            if kind is None or node is None or node.start_byte != match.start():
                continue
            body = node.child_by_field_name("body")
            function = self.function_name(node.start_byte)
            if body is not None and function:
                self.facts.lock_regions.append(LockRegion(
                    function, kind, "", body.start_byte, body.end_byte, self.span(node)))
        # guard(spinlock_irqsave)(&lock): held until the end of the enclosing block.
        for call in self.facts.calls_to("guard"):
            if call.args and call.args[0] in kernel.GUARD_KINDS and call.function:
                node = self.root.descendant_for_byte_range(call.start_byte, call.end_byte)
                block = node
                while block is not None and block.type != "compound_statement":
                    block = block.parent
                if block is not None:
                    self.facts.lock_regions.append(LockRegion(
                        call.function, kernel.GUARD_KINDS[call.args[0]], "", call.end_byte, block.end_byte,
                        self.source.span(call.start_byte, block.end_byte)))

    # -- shared state (accesses): on demand, for rules about concurrency

    def _irq_side_functions(self) -> set[str]:
        """Functions that may run in hard-IRQ context, as far as this file can tell:
        irqreturn_t functions, functions passed as a handler, and the static
        functions they call. A superset: rules narrow it with folder-wide registrations."""
        roots = {f.name for f in self.facts.functions if f.return_type == "irqreturn_t"}
        for call in self.facts.calls:
            positions = kernel.IRQ_REGISTRATION.get(call.callee)
            if positions and positions[0] < len(call.args):
                roots.add(kernel.function_argument(call.args[positions[0]]))
        return reachable(self.facts, roots)

    def extract_accesses(self) -> None:
        """Accesses of what the IRQ side of this file writes: file-scope variables (its own or a
        header's) and struct fields. A sibling's variable this file only uses is read on demand
        (FileFacts.accesses_of), for the few files whose IRQ side writes a shared global."""
        facts = self.facts
        irq_side = self._irq_side_functions()
        variables, fields = set(), set()
        # The writes inside the IRQ side's functions: the assignments and updates (in document
        # order) between each one's start and end, found by bisection, not a look at every one.
        assigns, updates = self._matches["assign"], self._matches["update"]
        assign_starts, update_starts = [n.start_byte for n in assigns], [n.start_byte for n in updates]
        writes = []
        for function in facts.functions:
            if function.name in irq_side:
                for nodes, starts, child in ((assigns, assign_starts, "left"), (updates, update_starts, "argument")):
                    first = bisect.bisect_left(starts, function.start_byte)
                    last = bisect.bisect_left(starts, function.end_byte)
                    writes += [node.child_by_field_name(child) for node in nodes[first:last]]
        for target in writes:
            if target is None or target.type not in ("identifier", "field_expression"):
                continue
            function = self.function_name(target.start_byte)
            if function not in irq_side:
                continue
            if target.type == "field_expression":
                fields.add(self.text(target.child_by_field_name("field")))
            elif not facts.is_local(function, self.text(target)):
                variables.add(self.text(target))
        facts.accesses.extend(self.scan_accesses(variables, fields))

    def accesses_written_by(self, functions: frozenset[str]) -> list[Access]:
        """The accesses of what `functions` write (see FileFacts.accesses_written_by)."""
        self.ensure({"functions", "calls", "declarations"})
        variables, fields = set(), set()
        for function in self.facts.functions:
            if function.name not in functions:
                continue
            node = self.enclosing_function(function.start_byte)
            if node is None:
                continue
            for target in tree_sitter.QueryCursor(query("written")).captures(node).get("target", ()):
                if target.type == "field_expression":
                    fields.add(self.text(target.child_by_field_name("field")))
                elif target.type == "identifier" and not self.facts.is_local(function.name, self.text(target)):
                    variables.add(self.text(target))
        return self.scan_accesses(variables, fields)

    def scan_accesses(self, variables: set[str], fields: set[str] = frozenset()) -> list[Access]:
        """Every access, in every function, of the file-scope `variables` and of the `fields`
        (through a variable of a struct type): a bytes regex finds the names, the tree says what
        each occurrence is."""
        facts = self.facts
        variables = {v for v in variables
                     if not (facts.global_var(v) and facts.global_var(v).type.startswith("struct file_operations"))}
        if not variables and not fields:
            return []
        found = []
        # A variable is a name; a field, a name after `->` or `.` (a field_expression's field
        # always is): the field pattern skips the locals and parameters that share its name.
        patterns = []
        if variables:
            names = b"|".join(re.escape(n.encode()) for n in sorted(variables, key=len, reverse=True))
            patterns.append(re.compile(rb"\b(?:" + names + rb")\b"))
        if fields:
            names = b"|".join(re.escape(n.encode()) for n in sorted(fields, key=len, reverse=True))
            patterns.append(re.compile(rb"(?:->|\.)(?:\s|/\*.{0,400}?\*/)*\b((?:" + names + rb"))\b", re.S))
        masked = self.source.masked
        for function in facts.functions:
            spans = sorted({match.span(match.lastindex or 0)
                            for pattern in patterns
                            for match in pattern.finditer(masked, function.start_byte, function.end_byte)})
            for start, end in spans:
                node = self.root.descendant_for_byte_range(start, end)
                if node is None:
                    continue
                if node.type == "identifier" and node.text.decode() in variables:
                    if facts.is_local(function.name, node.text.decode()):
                        continue  # a local or parameter shadowing the file-scope variable
                    if node.parent is not None and node.parent.type in ("function_declarator", "call_expression") \
                            and node.parent.child_by_field_name("function" if node.parent.type == "call_expression" else "declarator") == node:
                        continue
                    key, access_node = node.text.decode(), node
                elif node.type == "field_identifier" and node.parent is not None and node.parent.type == "field_expression" \
                        and node.text.decode() in fields:
                    access_node = node.parent
                    base = access_node.child_by_field_name("argument")
                    if base is None or base.type != "identifier":
                        continue
                    base_type = facts.variable_type(function.name, base.text.decode())
                    if not base_type:
                        continue
                    struct = base_type.replace("const ", "").rstrip(" *")
                    if not struct.startswith("struct "):
                        continue
                    key = f"{struct}.{node.text.decode()}"
                else:
                    continue
                found.append(self.describe_access(key, function.name, access_node))
        return found

    def describe_access(self, key: str, function: str, node) -> Access:
        # One walk down to `node` instead of a Node.parent (itself a walk from the root) per level.
        ancestors = self.ancestors(node)
        parent = ancestors[-1]
        kind, operator = "read", ""
        if parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
            operator = parent.child_by_field_name("operator").type
            kind = "write" if operator == "=" else "rmw"
            operator = "" if operator == "=" else operator
        elif parent.type == "update_expression":
            kind, operator = "rmw", parent.child_by_field_name("operator").type
        accessor, in_wait = "", False
        for ancestor in reversed(ancestors):
            if ancestor.type in _STATEMENT_TYPES:
                break
            if ancestor.type == "pointer_expression" and ancestor.child_by_field_name("operator").type == "&":
                accessor = accessor or "&"  # address taken: what the callee does is unknown
            elif ancestor.type == "call_expression":
                callee = ancestor.child_by_field_name("function")
                name = callee.text.decode("utf-8", "replace") if callee is not None else ""
                if kernel.is_atomic_accessor(name):
                    accessor = name
                elif name.startswith(kernel.WAIT_EVENT_PREFIX):
                    in_wait = True
        return Access(key, function, kind, self.span(node), node.start_byte, accessor, in_wait, operator)


def reachable(facts: FileFacts, roots: set[str]) -> set[str]:
    """`roots` and the static functions of this file they call, transitively."""
    # The graph of calls to static functions, built once per file: the IRQ rules ask it
    # several times (handlers, everything else, the tokens for siblings).
    calls_by_function = facts.__dict__.get("_static_calls")
    if calls_by_function is None:
        static = {f.name for f in facts.functions if f.static}
        calls_by_function = {}
        for call in facts.calls:
            if call.callee in static:
                calls_by_function.setdefault(call.function, set()).add(call.callee)
        facts.__dict__["_static_calls"] = calls_by_function
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(calls_by_function.get(name, ()))
    return seen


def _initializer_pairs(node):
    """`.field = value` pairs of an initializer list, also those under #ifdef CONFIG_..."""
    for child in node.named_children:
        if child.type == "initializer_pair":
            yield child
        elif child.type == "assignment_expression" and child.child_by_field_name("left").type == "field_expression":
            yield child
        elif child.type.startswith("preproc_") or child.type == "ERROR":
            yield from _initializer_pairs(child)


_BLOCKS = frozenset({"compound_statement", "case_statement"})
_JUMPS = frozenset({"break_statement", "continue_statement", "return_statement", "goto_statement",
                    "labeled_statement"})


def _block_statement(node):
    """The statement holding `node` that sits directly in a block (or a case)."""
    while node.parent is not None and node.parent.type not in _BLOCKS:
        node = node.parent
    return node


def _overwrites(call, write) -> bool:
    """Does `write` surely run after `call`, with nothing reading in between?

    Only when both are statements of the same block, the write a statement of
    its own, and no jump or label between them: textual order is not control
    flow (`case A: ret = put_user(...); break; case B: ret = ...;`).
    """
    first, second = _block_statement(call), _block_statement(write)
    if first.parent is None or first.parent != second.parent:
        return False
    if second.type != "expression_statement" or second.named_children[0] != write:
        return False
    sibling = first.next_named_sibling
    while sibling is not None and sibling != second:
        if sibling.type in _JUMPS:
            return False
        sibling = sibling.next_named_sibling
    return sibling == second


def _is_plain_write(node) -> bool:
    parent = node.parent
    return (parent is not None and parent.type == "assignment_expression"
            and parent.child_by_field_name("left") == node
            and parent.child_by_field_name("operator").type == "=")


_HEADER_STORAGE = frozenset(("static", "inline", "__inline", "__inline__", "__always_inline", "extern", "noinline",
                             "notrace", "__init", "__exit", "__maybe_unused", "__used", "__cold", "__hot"))


@lru_cache(maxsize=256)
def _function_header(param: str, body: str) -> tuple[bool, str, list[tuple[str, str]]] | None:
    """(static, return type, [(type, name)]) of a macro body that is a function header for the
    function named by macro parameter `param`; None when it is not one."""
    m = re.match(r"^([\w\s\*]*?)\b" + re.escape(param) + r"\s*\(([^()]*)\)\s*$", body)
    if m is None:
        return None
    words = m.group(1).replace("*", " * ").split()
    return_type = _star_type([w for w in words if w not in _HEADER_STORAGE])
    params = []
    for text in m.group(2).split(","):
        text = collapse(text)
        if not text or text == "void":
            continue
        name = re.search(r"([A-Za-z_]\w*)\s*$", text)
        if name is None or name.start() == 0:
            params.append((text, ""))
            continue
        params.append((_star_type(text[:name.start()].replace("*", " * ").split()), name.group(1)))
    return "static" in words, return_type, params


def _star_type(words: list[str]) -> str:
    """`const char *` as the facts write a type: the words, then the stars."""
    stars = "".join(w for w in words if w == "*")
    return collapse(" ".join(w for w in words if w != "*") + " " + stars)


def _is_function_declarator(node) -> bool:
    while node is not None:
        if node.type == "function_declarator":
            return True
        node = node.child_by_field_name("declarator")
    return False


def extract(source: SourceFile, extras: frozenset[str] = frozenset()) -> FileFacts:
    """Parse `source` once and return its facts. `extras` names the facts to extract right
    away, in one walk of the tree (FileFacts attributes, as in Rule.needs, or family
    names); every other family is extracted from the same tree when first read."""
    tree = parse(source)
    extractor = _Extractor(source, tree)
    extractor.ensure({_ATTRIBUTE_FAMILY.get(name, name) for name in extras})
    return extractor.facts
