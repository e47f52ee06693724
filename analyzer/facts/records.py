"""The fact records: plain frozen dataclasses, one per kind of fact, with no tree-sitter node.

They are what rules read, what outlives the syntax tree and what is pickled; the families
that fill them (functions.py, calls.py, ...) are the only code that looks at the tree. A
family's lazy variant (a subclass that reads some fields from the tree on first use) lives
with that family, and is equal to, hashed and pickled as the plain record here.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Span


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

@dataclass(frozen=True)
class Macro:
    name: str
    params: tuple[str, ...]
    body: str
    span: Span


@dataclass(frozen=True)
class Invocation:
    """A macro invoked alone on a line at file scope without a `;` (`module_init(foo_init)`,
    `EXPORT_SYMBOL(foo)`): kmodlint.source masks it to a preprocessor line, as it is to the
    compiler, so the parser reads neither it as a call nor its arguments."""

    name: str
    args: tuple[str, ...]  # the arguments, split at the commas outside parentheses, whitespace collapsed
    span: Span  # from the name through the closing parenthesis
    start_byte: int
    end_byte: int  # after the closing parenthesis
    args_start: int  # the first byte after the opening parenthesis


@dataclass(frozen=True)
class StructInit:
    """`struct TYPE NAME = { .field = value, ... };` at file scope or in a function."""

    struct: str
    name: str
    fields: tuple[tuple[str, str], ...]  # (field, value text) in source order
    static: bool
    function: str  # "" at file scope
    span: Span
    # The members set inside a member: (dotted path, value text) in source order, from a nested
    # initializer (`.driver = { .probe = foo_probe }`: "driver.probe") or a designator chain
    # (`.driver.probe = foo_probe`). `fields` has the outer member with the whole list as its value.
    nested: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None

    def members(self) -> tuple[tuple[str, str], ...]:
        """Every member set, at any depth: `fields`, then `nested` (a dotted path)."""
        return self.fields + self.nested


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


class AccessKey(str):
    """What an Access reaches: the file-scope variable NAME, or the field NAME of `struct TAG`
    reached through a pointer or variable of that struct type. Read its parts as .struct and
    .name; it is also the text "NAME" or "struct TAG.FIELD" (a str), equal to and hashed as that
    text, as rules have keyed accesses by it."""

    __slots__ = ()

    @classmethod
    def variable(cls, name: str) -> AccessKey:
        return cls(name)

    @classmethod
    def field(cls, struct: str, name: str) -> AccessKey:
        return cls(f"struct {struct}.{name}")

    @property
    def struct(self) -> str:
        """The struct's tag (`dev` for `struct dev`) of a field; "" for a variable."""
        return self[len("struct "):].rpartition(".")[0] if self.startswith("struct ") else ""

    @property
    def name(self) -> str:
        """The variable's or the field's name."""
        return self.rpartition(".")[2] if self.startswith("struct ") else str(self)


@dataclass(frozen=True)
class Access:
    """A read or write of shared state: a file-scope variable or a struct field (`key`)."""

    key: AccessKey
    function: str
    kind: str  # "read", "write", "rmw" (x++, x |= m)
    span: Span
    start_byte: int
    accessor: str = ""  # READ_ONCE, atomic_read, ... when the access goes through one
    in_wait_condition: bool = False  # inside wait_event*(wq, <condition>)
    operator: str = ""  # of a "rmw": "++", "--", "|=", "&=", "+=", ...
