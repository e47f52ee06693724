"""The fact records: plain frozen dataclasses, one per kind of fact, with no tree-sitter node.

They are what rules read, what outlives the syntax tree and what is pickled; the families
that fill them (functions.py, calls.py, ...) are the only code that looks at the tree. A
family's lazy variant (a subclass that reads some fields from the tree on first use) lives
with that family, and is equal to, hashed and pickled as the plain record here.

A field with a closed set of values (how a call's result is used, how a branch leaves, ...)
is a FactKind declared next to its record, not a string: a rule comparing with a misspelt
member fails with AttributeError instead of silently never matching, and one still comparing
with the old text fails with TypeError. Each member's value, and its str(), is the word the
field used to hold, for messages (`str(AccessKind.RMW) == "rmw"`).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from ..model import Span


class FactKind(enum.Enum):
    """A closed set of values of a fact's field. Compared with its members (`usage is
    UsageKind.TESTED`); comparing a member with text raises TypeError, for text comparisons are
    what these replace: `call.usage == "tested"` would otherwise be silently False."""

    def __eq__(self, other):
        if isinstance(other, str):
            raise TypeError(f"{type(self).__name__}.{self.name} compared with the text {other!r}: "
                            f"compare with a member of {type(self).__name__}")
        return self is other

    def __hash__(self):
        # Hashed as its word, so that looking a member up in a set or dict of the old text
        # (`kind in {"irq_off", "irq_masked"}`) reaches __eq__ and fails as loudly as `==` does.
        return hash(self.value)

    def __str__(self) -> str:
        """The word, for messages: f"{access.kind} in {access.function}()" reads "rmw in h()"."""
        return self.value

    # Ordered by the word, as the text was: records holding a kind (kmodlint.driver.locks.Held)
    # sort and take min() as they did.
    def __lt__(self, other):
        return self.value < other.value if type(other) is type(self) else NotImplemented

    def __le__(self, other):
        return self.value <= other.value if type(other) is type(self) else NotImplemented

    def __gt__(self, other):
        return self.value > other.value if type(other) is type(self) else NotImplemented

    def __ge__(self, other):
        return self.value >= other.value if type(other) is type(self) else NotImplemented


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


class ExitKind(FactKind):
    """How a failure branch leaves (Exit.kind)."""

    RETURN = "return"  # `return EXPR;`
    ASSIGN = "assign"  # `VAR = -EXXX;`, before a goto or break
    VALUE = "value"  # the arm of a ?: expression


@dataclass(frozen=True)
class Exit:
    """How a branch leaves: `return EXPR;` or `VAR = -EXXX;` (before a goto/break)."""

    kind: ExitKind
    text: str  # the returned or assigned expression, whitespace collapsed
    span: Span  # the whole statement
    target: str = ""  # for ExitKind.ASSIGN: the variable


class TestKind(FactKind):
    """What tests a call's result (Test.kind)."""

    __test__ = False  # not a pytest test class, whatever its name (a dunder name is no member)

    BRANCH = "branch"  # the condition of an `if`, which tells the failure branch
    TERNARY = "ternary"  # the condition of a ?: expression
    COMPARE = "compare"  # a comparison with a value (a loop's condition, an operand, ...)
    OTHER = "other"  # a loop's condition, or an operand of && or ||: no branch to tell


@dataclass(frozen=True)
class Test:
    """Where a call's result (directly or through a variable) decides control flow."""

    kind: TestKind
    span: Span  # the tested expression
    compare_op: str = ""  # "<", "<=", ... when the result is compared with a number
    compare_value: str = ""
    via: str = ""  # the variable the result went through, "" when tested directly
    failure: tuple[Exit, ...] = ()  # exits on the branch taken when the result is nonzero
    failure_known: bool = False  # False when the condition is too complex to tell the branch


class UsageKind(FactKind):
    """How a call's result is used (Call.usage)."""

    DISCARDED = "discarded"  # the call is a statement of its own
    VOID_CAST = "void-cast"  # `(void)call(...)`
    RETURNED = "returned"  # `return call(...);`
    ASSIGNED = "assigned"  # `x = call(...)` or an initializer (Call.target, Call.assigned_to)
    ACCUMULATED = "accumulated"  # `x |= call(...)`, `n -= call(...)`
    TESTED = "tested"  # decides control flow (Call.test)
    ARGUMENT = "argument"  # an argument of the call Call.arg_of, at Call.arg_index
    EXPRESSION = "expression"  # an operand of any other expression

    @property
    def ignored(self) -> bool:
        """The result is thrown away unread: the call is a statement of its own, or cast to (void)."""
        return self is UsageKind.DISCARDED or self is UsageKind.VOID_CAST


@dataclass(frozen=True)
class Call:
    callee: str
    args: tuple[str, ...]
    span: Span
    start_byte: int
    end_byte: int
    function: str  # enclosing function, "" at file scope
    usage: UsageKind  # how the result is used
    statement: str  # normalized text of the enclosing statement (fingerprints)
    target: str = ""  # the variable receiving the result (plain identifiers only)
    assigned_to: str = ""  # any left-hand side receiving the result, e.g. "dev->thread"
    arg_of: str = ""
    arg_index: int = -1
    result_read: bool = True  # False: assigned to a variable nobody reads afterwards
    test: Test | None = None


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


class LockKind(FactKind):
    """What a lock held makes of the code under it (LockRegion.kind, kmodlint.driver.locks.Held.kind);
    which acquire takes which is kmodlint.kernel's LOCKS and GUARD_KINDS."""

    SPIN = "spin"  # spin_lock(), read_lock(), write_lock(), ...
    SPIN_BH = "spin_bh"  # ..._lock_bh(): softirqs off too
    SPIN_IRQ = "spin_irq"  # ..._lock_irq(): interrupts off too
    SPIN_IRQSAVE = "spin_irqsave"  # ..._lock_irqsave()
    MUTEX = "mutex"
    SEMAPHORE = "semaphore"  # down_interruptible(), ... (the driver model's walk)
    IRQ_OFF = "irq_off"  # local_irq_save/disable(): interrupts off on this CPU, no lock
    IRQ_MASKED = "irq_masked"  # disable_irq(): this IRQ line masked


@dataclass(frozen=True)
class LockRegion:
    """Code between a lock's acquire and its release in one function."""

    function: str
    kind: LockKind
    lock: str  # the lock expression, e.g. "&dev->lock"; "" for LockKind.IRQ_OFF and a guard
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


class AccessKind(FactKind):
    """What an Access does (Access.kind)."""

    READ = "read"
    WRITE = "write"  # `x = v`
    RMW = "rmw"  # read-modify-write: `x++`, `x |= m` (Access.operator)


@dataclass(frozen=True)
class Access:
    """A read or write of shared state: a file-scope variable or a struct field (`key`)."""

    key: AccessKey
    function: str
    kind: AccessKind
    span: Span
    start_byte: int
    accessor: str = ""  # READ_ONCE, atomic_read, ... when the access goes through one
    in_wait_condition: bool = False  # inside wait_event*(wq, <condition>)
    operator: str = ""  # of an AccessKind.RMW: "++", "--", "|=", "&=", "+=", ...
