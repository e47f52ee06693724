"""Per-function control flow, read from the syntax tree: where control goes when a call fails.

A rule asks questions like "when this copy_from_user() faults, which value does
the function return, and through which label", or "which statements run on the
failure path of X". The answer is worked out by following the function's
statements from the call, the way a reader does: branches whose condition can be
decided (the failed call itself, `if (ret) goto out` with `ret` known to be
nonzero, `ret < 0`, `!ptr`, IS_ERR(), unlikely()) go one way; the others fork;
`goto` goes to its label, `break` out of its loop or switch, a `case` falls
through, and plain assignments (`ret = -EINVAL;`) are remembered, so that the
`return ret;` at the end of a cleanup chain has a value.

A variable the path never sets has the value it had before the call: its last
assignment on the way to the call (`ret = -EINVAL;` before a loop, `int rc = 0;`),
when that one is certain, else unknown.

One FunctionFlow per function, built when a rule first asks (flow_of) and kept on
the file's facts, so every rule shares it. Nothing here is a finding: the rules
decide what a value means.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache

import tree_sitter

from . import cfg
from .facts import C_LANGUAGE, FactKind, is_errno
from .model import Span

_STATEMENTS = frozenset({
    "expression_statement", "return_statement", "declaration", "if_statement", "while_statement",
    "for_statement", "do_statement", "switch_statement", "goto_statement", "break_statement",
    "continue_statement", "compound_statement", "labeled_statement", "case_statement",
})
_LOOPS = frozenset({"while_statement", "for_statement", "do_statement"})
# Containers whose statements run one after another.
_SEQUENCES = frozenset({"compound_statement", "case_statement", "preproc_if", "preproc_ifdef"})
# What the paths stop at (the others are stepped over whole, or through).
_STOPS = _STATEMENTS | _SEQUENCES
# Calls whose value is their (first) argument's, for a condition: `if (unlikely(ret))`.
_TRANSPARENT = frozenset({"likely", "unlikely", "WARN_ON", "WARN_ON_ONCE", "WARN", "WARN_ONCE",
                          "PTR_ERR", "ERR_PTR", "ERR_CAST", "PTR_ERR_OR_ZERO"})
# Calls that read what their argument designates: `READ_ONCE(priv->sk)` is priv->sk.
_ACCESSORS = frozenset({"READ_ONCE", "rcu_dereference", "rcu_dereference_protected", "rcu_access_pointer",
                        "rtnl_dereference", "rcu_dereference_bh"})
# Calls that return one of their arguments: the kernel's error helpers (`return dev_err_probe(dev, ret, ...)`).
_RETURNS_ARGUMENT = {"dev_err_probe": 1}
_ZERO = frozenset({"0", "0U", "0L", "0UL", "0LL", "0ULL", "NULL", "false"})
# The graph's nodes a reached one runs the code of (a `for` or a `do` whole, as the paths do not enter them).
_RUN_WHOLE = cfg.RECORDED | {cfg.JUMP, cfg.HEAD}
_MAX_PATHS = 24  # forks followed per question
_MAX_NESTING = 48  # an expression nested deeper (3000 parentheses) is unknown: a bound on recursion
_MAX_STEPS = 600  # statements visited per question, over all paths: a bound, not a guess
# Tree nodes stepped through per function to find the statements holding its calls: an
# ordinary function needs a few thousand; 20,000 calls nested in one expression would need
# depth squared (hundreds of millions) and are then left unknown.
_MAX_DESCENT = 200_000

# Debugging the bounds above: with KMODLINT_FLOW_CAPS=FILE, every question _run answers appends
# a line `question RULE MERGE PATH FUNCTION` to FILE, and every question cut short by a bound
# one with `steps`, `paths` or `descent` in place of `question` (RULE: the rule module on the
# stack). benchmarks/flow_caps.py totals them. Nothing is written without the variable.
_CAP_LOG = os.environ.get("KMODLINT_FLOW_CAPS", "")


def _note_question(flow: FunctionFlow, what: str, merge: bool) -> None:
    frame, rule = sys._getframe(1), "?"
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("kmodlint.rules.") and not module.rpartition(".")[2].startswith("_"):
            rule = module.rpartition(".")[2].replace("_", "-")
            break
        frame = frame.f_back
    with open(_CAP_LOG, "a", encoding="utf-8") as log:
        log.write(f"{what} {rule} {int(merge)} {flow.source.path} {flow.name or '-'}\n")


class ValueKind(FactKind):
    """What is known of a value on a path (Value.kind). The first seven are what an expression
    holds; the last five what a branch taken on an unknown value says of it (`if (ret < 0)` taken:
    NEGATIVE) and what a call returns when it succeeds."""

    ERRNO = "errno"  # a negative E-constant: text "-EINVAL"
    FAULT = "fault"  # the failed call's own result: a byte count for copy_from_user, an errno for get_user
    INT = "int"  # a number, text its digits
    NULL = "null"  # NULL, false or 0
    PARAM = "param"  # a parameter of the function, text its name
    UNINIT = "uninit"  # declared and never set
    UNKNOWN = "unknown"
    NEGATIVE = "negative"  # < 0, an error by the kernel's convention
    NONNEG = "nonneg"  # >= 0
    NONZERO = "nonzero"
    ERRPTR = "errptr"  # an ERR_PTR: IS_ERR() holds
    VALID = "valid"  # a pointer to an object: non-NULL, not an ERR_PTR


@dataclass(frozen=True)
class Value:
    """What an expression holds on a path, as far as the flow can tell (kind: see ValueKind)."""

    kind: ValueKind
    text: str = ""
    set_at: Span | None = None  # the statement that gave the variable this value, if any
    variable: str = ""  # the variable the value was read from, "" for a literal
    failed: bool = False  # the failed call's result, or a value read from it (`ret = PTR_ERR(d)`)


UNKNOWN = Value(ValueKind.UNKNOWN)


class OutcomeKind(FactKind):
    """How a path leaves the function (Outcome.kind)."""

    RETURN = "return"  # a return statement
    END = "end"  # falls off the end of the body
    UNKNOWN = "unknown"  # a loop back, a jump not followed, a bound reached


@dataclass(frozen=True)
class Outcome:
    """How one path from a call leaves the function."""

    kind: OutcomeKind
    value: Value | None = None  # the returned value; None for `return;` and OutcomeKind.END
    at: Span | None = None  # the return statement
    labels: tuple[str, ...] = ()  # goto labels taken on the way, in order
    statements: tuple[Span, ...] = ()  # the statements run on the way, the start excluded
    # The tests of the failed call's result (`if (IS_ERR(d))`, from `if` to the condition's end) whose
    # branch this path took and did not leave by completing it: what makes the function leave this way.
    # A branch that only logs and carries on below the `if` is left again, and not listed.
    decided: tuple[Span, ...] = ()
    expression: str = ""  # the returned expression as written (`PTR_ERR(priv->dbg)`), "" for none
    jumps: tuple[Span, ...] = ()  # the goto statements taken, in order (one per label)


@lru_cache(maxsize=None)
def _query(text: str) -> tree_sitter.Query:
    return tree_sitter.Query(C_LANGUAGE, text)


def _named(node) -> list:
    return [c for c in node.named_children if c.type != "comment"]


def _declared(declarator):
    """The identifier node a declarator (`*p`, `buf[4]`, `x = 1`'s `x`) declares, or None."""
    while declarator is not None and declarator.type in ("pointer_declarator", "array_declarator",
                                                         "parenthesized_declarator", "init_declarator"):
        declarator = declarator.child_by_field_name("declarator") or (_named(declarator) or [None])[0]
    return declarator if declarator is not None and declarator.type == "identifier" else None


class FunctionFlow:
    """The control flow of one function definition (a tree-sitter node) of `source`."""

    def __init__(self, source, node, name: str, params: tuple[str, ...] = (), graphs: dict | None = None):
        self.source = source
        self.node = node
        self.name = name
        self.params = frozenset(params)
        # A function whose head is a macro (`SYSCALL_DEFINE3(name, ...) {`) parses as a bare block: the block is the body.
        self.body = node if node.type == "compound_statement" else node.child_by_field_name("body")
        if node.type == "compound_statement":
            self.node = node.parent
        self._labels: dict[str, object] | None = None
        self._assigned: dict[str, list] | None = None  # variable -> the values assigned to it (assigned_values)
        self._fault: tuple[int, int, Value] | None = None
        self._consulted = False  # whether the failed call's value was read on the way
        self._failed_reads = 0  # reads of the failed call's value (or of one derived from it), to tell a decided test
        self._nesting = 0  # expressions (and earlier assignments) being evaluated, one inside the other
        self._descent_left = _MAX_DESCENT  # see statement_of
        self._graphs = graphs if graphs is not None else {}  # the file's control-flow graphs (kmodlint.cfg)
        self._after: dict[int, object] = {}  # statement node id -> after()
        self._reach: dict[int, set[int]] = {}  # source byte -> the graph's nodes reached (_reachable_from)
        self._predecessors: list | None = None  # the graph's, once a label is met (_falls_into)
        self._statements_at: dict[tuple[str, int, int], object] = {}  # a graph node's statement -> its tree node

    # -- the tree

    def text(self, node) -> str:
        return " ".join(self.source.text(node.start_byte, node.end_byte).split())

    def span(self, node) -> Span:
        return self.source.span(node.start_byte, node.end_byte)

    def node_of(self, start_byte: int, end_byte: int, kind: str = "call_expression"):
        """The node of `kind` spanning exactly these bytes (a Call fact's), or None."""
        node = self.body.descendant_for_byte_range(start_byte, end_byte)
        while node is not None and not (node.type == kind and node.start_byte == start_byte):
            if node.start_byte < start_byte or node == self.node:
                return None
            node = node.parent
        return node

    def callees_in(self, span: Span) -> set[str]:
        """The names of the functions (or macros) called within `span` of this function, e.g. the test
        of an Outcome.decided: {"unlikely", "IS_ERR"} for `if (unlikely(IS_ERR(d)))`."""
        cursor = tree_sitter.QueryCursor(_query("(call_expression function: (identifier) @f)"))
        cursor.set_byte_range(self.source.offset(span.line, span.column),
                              self.source.offset(span.end_line, span.end_column))
        return {self.text(f) for f in cursor.captures(self.body).get("f", ())}

    def argument(self, call_start: int, call_end: int, index: int):
        """The node of argument `index` of the call at these bytes (a Call fact's), or None."""
        call = self.node_of(call_start, call_end)
        arguments = _named(call.child_by_field_name("arguments")) if call is not None else []
        return arguments[index] if 0 <= index < len(arguments) else None

    def names_in(self, node) -> set[str]:
        """The variables, members and functions expression `node` names (`pid_task(find_vpid(ctx->pid), t)`:
        pid_task, find_vpid, ctx, pid, t)."""
        captures = tree_sitter.QueryCursor(_query("[(identifier) (field_identifier)] @n")).captures(node)
        return {self.text(n) for n in captures.get("n", ())}

    def argument_names(self, call_start: int, call_end: int, index: int) -> set[str]:
        """The names argument `index` of the call at these bytes reads, and for a variable, those of every
        value this function assigns to it (one step: `peer = READ_ONCE(g_peer); send(sk, skb, peer)`)."""
        argument = self.argument(call_start, call_end, index)
        if argument is None:
            return set()
        names = self.names_in(argument)
        if argument.type == "identifier":
            for value in self.assigned_values(self.text(argument)):
                names |= self.names_in(value)
        return names

    def assigned_values(self, name: str) -> list:
        """The expressions this function assigns to variable `name` (`int x = v;`, `x = v;`), in order.
        One query of the body, the first time any name is asked."""
        if self._assigned is None:
            captures = tree_sitter.QueryCursor(_query("""
                (init_declarator) @declared
                (assignment_expression left: (identifier) @left right: (_) @right)
            """)).captures(self.body)
            pairs = [(_declared(d), d.child_by_field_name("value")) for d in captures.get("declared", ())]
            pairs += [(left, left.parent.child_by_field_name("right")) for left in captures.get("left", ())]
            self._assigned = {}
            for target, value in sorted((p for p in pairs if p[0] is not None and p[1] is not None),
                                        key=lambda pair: pair[1].start_byte):
                self._assigned.setdefault(self.text(target), []).append(value)
        return self._assigned.get(name, [])

    def value_members(self, node) -> set[tuple[str, str]]:
        """members_read of expression `node`, and of the values this function assigns to each variable it
        reads (one step: `u32 pid = NETLINK_CB(skb).portid; g_pid = pid;`)."""
        found = self.members_read(node.start_byte, node.end_byte)
        for name in {self.text(n) for n in tree_sitter.QueryCursor(_query("(identifier) @n")).captures(node).get("n", ())}:
            for value in self.assigned_values(name):
                if not (value.start_byte <= node.start_byte < value.end_byte):
                    found |= self.members_read(value.start_byte, value.end_byte)
        return found

    def _unwrapped(self, node):
        """`&(x)`, `(void *)x`, `READ_ONCE(x)`, `rcu_dereference(x)` -> x: what an expression designates."""
        while node is not None:
            if node.type == "parenthesized_expression":
                node = (_named(node) or [None])[-1]
            elif node.type == "pointer_expression":
                node = node.child_by_field_name("argument")
            elif node.type == "cast_expression":
                node = node.child_by_field_name("value")
            elif node.type == "call_expression" and self.text(node.child_by_field_name("function")) in _ACCESSORS:
                node = (_named(node.child_by_field_name("arguments")) or [None])[0]
            else:
                return node
        return None

    def member_of(self, node) -> str:
        """The member an expression designates (`&dev->state.portid` -> portid), "" when not a member."""
        node = self._unwrapped(node)
        if node is None or node.type != "field_expression":
            return ""
        return self.text(node.child_by_field_name("field"))

    def name_of(self, node) -> str:
        """The member or variable an expression designates (`READ_ONCE(priv->sk)` -> sk, `&nl_sk` -> nl_sk),
        "" for anything else (an element of an array, a call's result)."""
        inner = self._unwrapped(node)
        return self.text(inner) if inner is not None and inner.type == "identifier" else self.member_of(inner)

    def assigned_node(self, call_start: int, call_end: int):
        """What the call at these bytes is assigned to (`priv->sk = netlink_kernel_create(...)`: `priv->sk`,
        `struct task_struct *t = kthread_run(...)`: `t`), None when its result is not assigned."""
        node = self.node_of(call_start, call_end)
        parent = node.parent if node is not None else None
        while parent is not None and parent.type in ("parenthesized_expression", "cast_expression"):
            node, parent = parent, parent.parent
        if parent is None:
            return None
        if parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
            return parent.child_by_field_name("left")
        if parent.type == "init_declarator" and parent.child_by_field_name("value") == node:
            return _declared(parent)
        return None

    def members_read(self, start: int, end: int) -> set[tuple[str, str]]:
        """(what it is read from, member) of each member access within these bytes of the function: the
        callee's name when read from a call's result (`NETLINK_CB(skb).portid` -> ("NETLINK_CB", "portid")),
        else the object's text (`nlh->nlmsg_pid` -> ("nlh", "nlmsg_pid"))."""
        cursor = tree_sitter.QueryCursor(_query("(field_expression) @m"))
        cursor.set_byte_range(start, end)
        found = set()
        for member in cursor.captures(self.node).get("m", ()):
            owner, field = member.child_by_field_name("argument"), member.child_by_field_name("field")
            if owner is None or field is None:
                continue
            if owner.type == "call_expression":
                owner = owner.child_by_field_name("function")
            found.add((self.text(owner), self.text(field)))
        return found

    def label_line(self, label: str) -> int:
        """The line of `label:` in this function, 0 when it has none."""
        node = self.labels().get(label)
        return node.start_point[0] + 1 if node is not None else 0

    def labels(self) -> dict[str, object]:
        if self._labels is None:
            captures = tree_sitter.QueryCursor(_query("(labeled_statement label: (statement_identifier) @label) @s")) \
                .captures(self.body)
            self._labels = {}
            for statement in captures.get("s", ()):
                label = statement.child_by_field_name("label")
                self._labels.setdefault(self.text(label), statement)
        return self._labels

    def statement_of(self, node):
        """The innermost statement holding `node`. Found walking down from the body: each Node.parent walks
        down from the root again, so climbing out of a deep expression would be quadratic."""
        if node.type in _STATEMENTS:
            return node
        found, current = None, self.body
        while current is not None and current != node:
            self._descent_left -= 1
            if self._descent_left < 0:
                if _CAP_LOG and self._descent_left == -1:
                    _note_question(self, "descent", False)
                return None  # past the function's budget (_MAX_DESCENT): unknown
            if current.type in _STATEMENTS:
                found = current
            current = current.child_with_descendant(node)
        return found

    @property
    def graph(self) -> cfg.Graph:
        """The function's control-flow graph, shared with the driver model's lock dataflow."""
        return cfg.graph_of(self._graphs, self.body, self.source.data)

    def after(self, node):
        """The statement control reaches when `node` completes normally; "end" when it leaves the
        function, "loop" when it goes back to the top of a loop: the graph's follow of `node`, or of
        the innermost statement of the graph holding it (one in a `({ })`; climbed, as statement
        expressions nest thousands deep), "loop" from a `for`'s initializer."""
        if node.id not in self._after:
            graph, current, result = self.graph, node, None
            while not graph.truncated:
                key = (current.type, current.start_byte, current.end_byte)
                if key in graph.follow:
                    result = "loop" if key in graph.round else self._statement_from(graph.follow[key])
                    break
                parent = current.parent
                if parent is None or parent == self.node:
                    result = "end"
                    break
                if parent.type in _LOOPS and current != parent.child_by_field_name("condition"):
                    result = "loop"
                    break
                current = parent
            self._after[node.id] = result
        return self._after[node.id]

    def _first_inside(self, node):
        """The first statement a block, case, label or #if runs (after() for an empty one)."""
        graph = self.graph
        entry = graph.entry_of.get((node.type, node.start_byte, node.end_byte))
        if entry is None or len(graph.succ[entry]) != 1:
            return self.after(node)
        return self._statement_from(graph.succ[entry][0][0])

    def _after_jump(self, node):
        """Where a `break` goes: after its loop or switch (None outside any)."""
        graph = self.graph
        jump = graph.entry_of.get((node.type, node.start_byte, node.end_byte))
        if jump is None or not graph.succ[jump]:
            return None
        target = graph.succ[jump][0][0]
        return "loop" if (jump, target) in graph.back else self._statement_from(target)

    def _statement_from(self, target: int):
        """The statement (tree node) the graph's node `target` enters, stepping over what kmodlint.flow
        does not stop at (a block's end, an #else, a nested definition); "end", "loop" or None."""
        graph = self.graph
        for _ in range(len(graph)):
            if target == graph.exit:
                return "end"
            key = graph.statement[target]
            if key is not None and key[0] in _STOPS:
                if key not in self._statements_at:
                    self._statements_at[key] = self._tree_node(key)
                return self._statements_at[key]
            if key is not None and key in graph.follow:  # entered and left whole
                if key in graph.round:
                    return "loop"
                target = graph.follow[key]
                continue
            if len(graph.succ[target]) != 1:
                return None
            following = graph.succ[target][0][0]
            if (target, following) in graph.back:
                return "loop"
            target = following
        return None

    def _tree_node(self, key):
        kind, start, end = key
        node = self.body.descendant_for_byte_range(start, end)
        while node is not None and not (node.type == kind and node.start_byte == start and node.end_byte == end):
            if node.start_byte < start or node.end_byte > end:
                return None
            node = node.parent
        return node

    # -- values

    def evaluate(self, node, env: dict, start=None) -> Value:
        """The value of expression `node` on a path whose variables hold `env`."""
        if node is None or self._nesting > _MAX_NESTING:
            return UNKNOWN
        self._nesting += 1
        try:
            return self._evaluate(node, env, start)
        finally:
            self._nesting -= 1

    def _evaluate(self, node, env: dict, start) -> Value:
        if self._fault is not None and node.start_byte == self._fault[0] and node.end_byte == self._fault[1] \
                and node.type == "call_expression":
            self._consulted = True
            self._failed_reads += 1
            return self._fault[2]
        kind = node.type
        if kind == "parenthesized_expression" or kind == "cast_expression":
            inner = node.child_by_field_name("value") if kind == "cast_expression" else (_named(node) or [None])[-1]
            return self.evaluate(inner, env, start)
        if kind == "number_literal":
            return Value(ValueKind.INT, self.text(node).rstrip("uUlL") or "0")
        if kind == "unary_expression":
            operator = node.child_by_field_name("operator").type
            text = self.text(node)
            if operator == "-" and is_errno(text):
                return Value(ValueKind.ERRNO, "-" + text[1:].strip())
            if operator == "-" and node.child_by_field_name("argument").type == "number_literal":
                return Value(ValueKind.INT, "-" + self.text(node.child_by_field_name("argument")).rstrip("uUlL"))
            return Value(ValueKind.UNKNOWN, text)
        if kind == "field_expression":
            value = env.get(_path(self.text(node)))
            if value is not None:  # a member the path set from the failed call (`priv->dbg = create()`)
                self._failed_reads += value.failed
                return value
            return Value(ValueKind.UNKNOWN, self.text(node))
        if kind in ("identifier", "null"):
            name = self.text(node)
            if name in env:
                self._failed_reads += env[name].failed
                return env[name]
            if name in ("NULL", "false") or kind == "null":
                return Value(ValueKind.NULL, name)
            if name == "true":
                return Value(ValueKind.INT, "1")
            if start is not None:
                return self.before(name, start)
            return Value(ValueKind.UNKNOWN, name, variable=name)
        if kind == "call_expression":
            callee = node.child_by_field_name("function")
            arguments = _named(node.child_by_field_name("arguments"))
            if callee.type == "identifier" and self.text(callee) in _TRANSPARENT and arguments:
                return self.evaluate(arguments[0], env, start)
            index = _RETURNS_ARGUMENT.get(self.text(callee), -1) if callee.type == "identifier" else -1
            if 0 <= index < len(arguments):
                return self.evaluate(arguments[index], env, start)
            return Value(ValueKind.UNKNOWN, self.text(node))
        if kind == "conditional_expression":
            truth = self.truth(node.child_by_field_name("condition"), env, start)
            if truth is None:
                return Value(ValueKind.UNKNOWN, self.text(node))
            return self.evaluate(node.child_by_field_name("consequence" if truth else "alternative"), env, start)
        if kind == "assignment_expression":
            return self.evaluate(node.child_by_field_name("right"), env, start)
        return Value(ValueKind.UNKNOWN, self.text(node))

    def truth(self, node, env: dict, start=None) -> bool | None:
        """Whether condition `node` holds on this path: True, False, or None when it cannot be told."""
        if node is None or self._nesting > _MAX_NESTING:
            return None
        self._nesting += 1
        try:
            return self._truth(node, env, start)
        finally:
            self._nesting -= 1

    def _truth(self, node, env: dict, start) -> bool | None:
        kind = node.type
        if kind == "parenthesized_expression":
            inner = _named(node)
            return self.truth(inner[-1], env, start) if inner else None
        if kind == "unary_expression" and node.child_by_field_name("operator").type == "!":
            inner = self.truth(node.child_by_field_name("argument"), env, start)
            return None if inner is None else not inner
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator").type
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if operator in ("&&", "||"):
                a = self.truth(left, env, start)
                if a is (operator == "||"):
                    return a
                b = self.truth(right, env, start)
                if operator == "&&":
                    return False if a is False or b is False else (True if a and b else None)
                return True if a or b else (False if a is False and b is False else None)
            if operator in ("<", "<=", ">", ">=", "==", "!="):
                return _compare(self.evaluate(left, env, start), operator, self.evaluate(right, env, start))
            return None
        if kind == "call_expression":
            callee = node.child_by_field_name("function")
            arguments = _named(node.child_by_field_name("arguments"))
            name = self.text(callee) if callee.type == "identifier" else ""
            if name in ("IS_ERR", "IS_ERR_OR_NULL") and arguments:
                value = self.evaluate(arguments[0], env, start)
                if value.kind in (ValueKind.ERRNO, ValueKind.FAULT, ValueKind.ERRPTR):
                    return True
                if value.kind is ValueKind.NULL:
                    return name == "IS_ERR_OR_NULL"
                if value.kind is ValueKind.VALID:
                    return False
                return None
            if name in _TRANSPARENT and arguments and not (self._fault and node.start_byte == self._fault[0]):
                return self.truth(arguments[0], env, start)
        return _nonzero(self.evaluate(node, env, start))

    def before(self, name: str, start) -> Value:
        """The value variable `name` holds when control reaches statement `start`: its last
        assignment on every way there, when that one is certain."""
        node = start
        while node is not None and node != self.node:
            parent = node.parent
            if parent is None:
                break
            if parent.type in _SEQUENCES:
                sibling = node.prev_named_sibling
                while sibling is not None:
                    found = self._assignment_in(sibling, name)
                    if found is not None:
                        return found
                    sibling = sibling.prev_named_sibling
            elif parent.type in _LOOPS and self._writes(parent, name):
                return Value(ValueKind.UNKNOWN, name, variable=name)  # set again later in the loop, before coming back
            if parent.type == "labeled_statement" and not self._falls_into(parent):
                return self._at_gotos(name, self.text(parent.child_by_field_name("label")))
            node = parent
        if name in self.params:
            return Value(ValueKind.PARAM, name, variable=name)
        return Value(ValueKind.UNKNOWN, name, variable=name)

    def _falls_into(self, labeled) -> bool:
        """Can control reach the label `labeled` other than by a goto: has its node in the function's graph
        an edge from anything but a goto (the statement before it completing, the block it opens being
        entered)? The end of a block nothing reaches (`{ ...; return 1; }`) is no way in. A label the graph
        does not hold (in a `({ })`, a truncated graph) may be fallen into."""
        graph = self.graph
        node = graph.entry_of.get((labeled.type, labeled.start_byte, labeled.end_byte))
        if graph.truncated or node is None:
            return True
        if self._predecessors is None:
            self._predecessors = graph.predecessors()
        ends, seen = [node], {node}  # the label, then the ends of blocks that come to it
        while ends:
            for before, _ in self._predecessors[ends.pop()]:
                if graph.kind[before] == cfg.JUMP and graph.type[before] == "goto_statement":
                    continue
                if graph.kind[before] != cfg.BLOCK_END:
                    return True
                if before not in seen:
                    seen.add(before)
                    ends.append(before)
        return False

    def _at_gotos(self, name: str, label: str) -> Value:
        """The value `name` holds at a label reached only by `goto label`: the same kind at every goto, or unknown."""
        values = []
        captures = tree_sitter.QueryCursor(_query("(goto_statement label: (statement_identifier) @l) @g")).captures(self.body)
        for jump in captures.get("g", ()):
            if self.text(jump.child_by_field_name("label")) == label:
                values.append(self.before(name, jump))
        if values and len(values) <= 16 and all(v.kind is ValueKind.ERRNO for v in values):
            text = values[0].text if len({v.text for v in values}) == 1 else "an errno"
            return Value(ValueKind.ERRNO, text, variable=name)
        return Value(ValueKind.UNKNOWN, name, variable=name)

    def _assignment_in(self, statement, name: str) -> Value | None:
        """How `statement`, run before, leaves `name`: its value if set for sure, unknown if maybe, None if
        untouched."""
        if statement.type == "expression_statement":
            inner = _named(statement)
            expression = inner[0] if inner else None
            if expression is not None and expression.type == "assignment_expression" \
                    and expression.child_by_field_name("operator").type == "=":
                left = expression.child_by_field_name("left")
                if left.type == "identifier" and self.text(left) == name:
                    value = self.evaluate(expression.child_by_field_name("right"), {}, statement)
                    return replace(value, set_at=self.span(statement), variable=name)
        if statement.type == "declaration":
            for declarator in statement.children_by_field_name("declarator"):
                target = _declared(declarator)
                if target is not None and self.text(target) == name:
                    if declarator.type != "init_declarator":
                        return Value(ValueKind.UNINIT, name, self.span(statement), name)
                    value = self.evaluate(declarator.child_by_field_name("value"), {}, statement)
                    return replace(value, set_at=self.span(statement), variable=name)
        if self._writes(statement, name):
            return Value(ValueKind.UNKNOWN, name, variable=name)
        return None

    def _writes(self, node, name: str) -> bool:
        """Does `node` assign `name`, change it (++, |=) or take its address?"""
        if name.encode() not in self.source.masked[node.start_byte:node.end_byte]:
            return False
        captures = tree_sitter.QueryCursor(_query("""
            (assignment_expression left: (identifier) @v)
            (update_expression argument: (identifier) @v)
            (pointer_expression operator: "&" argument: (identifier) @v)
        """)).captures(node)
        return any(self.text(v) == name for v in captures.get("v", ()))

    # -- paths

    def on_failure(self, call_start: int, call_end: int, fault: Value) -> list[Outcome]:
        """How the function leaves when the call at these bytes fails with `fault` (Value(ValueKind.FAULT,
        "count") for a byte count, Value(ValueKind.ERRNO, "-EFAULT") for get_user): one Outcome per path."""
        return self.on_result(call_start, call_end, fault, _merge=False)

    def on_result(self, call_start: int, call_end: int, result: Value, *, consulted: bool = True,
                  unless: frozenset = frozenset(), _merge: bool = True) -> list[Outcome]:
        """How the function leaves when the call at these bytes returns `result` (a failure's value, or a
        success's: Value(ValueKind.INT, "0"), Value(ValueKind.VALID) for a pointer): one Outcome per path.

        consulted: a result no path reads decides nothing (a single unknown Outcome), as for
        on_failure; False for a call whose result is dropped. unless: byte offsets (of calls, say
        the releases of what the call took); a path that runs code at one of them is not followed
        further and yields no Outcome, so the answer is the paths that leave without any. An `if`
        without else whose body runs one and jumps nowhere counts as running it: a release under
        a test of its own handle (`if (bio) blk_rq_unmap_user(bio);`). Paths that reach the same
        statement in the same state are followed once."""
        call = self.node_of(call_start, call_end)
        start = self.statement_of(call) if call is not None else None
        if start is None:
            return [Outcome(OutcomeKind.UNKNOWN)]
        self._fault = (call.start_byte, call.end_byte, replace(result, set_at=self.span(start), failed=True))
        self._consulted = False
        try:
            outcomes = self._run(start, start, unless, merge=_merge)
            # A result no path looks at (handed to a macro or a function, say) decides nothing here.
            return outcomes if self._consulted or not consulted else [Outcome(OutcomeKind.UNKNOWN)]
        finally:
            self._fault = None

    def after_call(self, call_start: int, call_end: int) -> list[Outcome]:
        """How the function leaves from the statement holding the call at these bytes, whatever it returns."""
        call = self.node_of(call_start, call_end)
        if call is None:
            return [Outcome(OutcomeKind.UNKNOWN)]
        start = self.statement_of(call)
        return self._run(start, start) if start is not None else [Outcome(OutcomeKind.UNKNOWN)]

    def returns(self) -> list[Outcome]:
        """What the function returns on each path from its first statement."""
        first = _named(self.body)
        return self._run(first[0], first[0]) if first else [Outcome(OutcomeKind.END)]

    def runs(self, node, offset: int) -> bool:
        """Does visiting statement `node` run (or maybe run) the code at byte `offset`: the offset is in
        a statement it runs whole (an expression, a return, a loop or switch the paths do not enter),
        or in the condition of an `if`?"""
        if not node.start_byte <= offset < node.end_byte:
            return False
        kind = node.type
        if kind == "if_statement":
            condition = node.child_by_field_name("condition")
            return condition is not None and condition.start_byte <= offset < condition.end_byte
        return kind not in _SEQUENCES and kind not in ("labeled_statement", "goto_statement", "function_definition")

    def ran(self, outcome: Outcome, offset: int) -> bool:
        """Did the path of `outcome` run (or maybe run: inside a loop it passed) the code at byte `offset`?"""
        visited = set(outcome.statements)
        return any(self.runs(node, offset) and self.span(node) in visited for node in self._statements_holding(offset))

    def block_of(self, offset: int):
        """The innermost block (`{ ... }`) holding the statement at byte `offset`: the scope a
        `guard(...)()` there lasts for."""
        node = self.body.descendant_for_byte_range(offset, offset)
        statement = self.statement_of(node) if node is not None else None
        node = statement.parent if statement is not None else None
        while node is not None and node.type != "compound_statement":
            node = node.parent
        return node

    def scoped_guards(self) -> list:
        """[(first argument, block)] of the `scoped_guard(rcu) { ... }` of the function (a loop to the
        parser once the source's cleanup macros are read; a function definition nested in the body
        without that)."""
        captures = tree_sitter.QueryCursor(_query("""
            (function_definition type: (type_identifier) @macro declarator: (_) @arguments body: (compound_statement) @block)
            (while_statement condition: (_) @arguments body: (compound_statement) @block) @macro
        """)).matches(self.body)
        found = []
        for _, match in captures:
            macro = match["macro"][0]
            if self.source.data[macro.start_byte:macro.start_byte + 12] == b"scoped_guard":
                arguments = self.text(match["arguments"][0]).strip()
                if arguments.startswith("(") and arguments.endswith(")"):
                    arguments = arguments[1:-1]
                found.append((arguments.split(",")[0].strip(), match["block"][0]))
        return found

    def occurrences(self, name: str, after: int = 0) -> list:
        """The identifiers (or `a->b` field expressions) of the function spelling `name` (no spaces),
        starting after byte `after`, in order."""
        kind = "identifier" if name.isidentifier() else "field_expression"
        cursor = tree_sitter.QueryCursor(_query(f"({kind}) @v"))
        cursor.set_byte_range(after, self.body.end_byte)
        found = [n for n in cursor.captures(self.body).get("v", ())
                 if n.start_byte > after and "".join(self.text(n).split()) == name]
        return sorted(found, key=lambda n: n.start_byte)

    def loop_of(self, offset: int):
        """The innermost loop of the function holding byte `offset` (in its body or condition), or None."""
        return next((node for node in self._statements_holding(offset) if node.type in _LOOPS), None)

    def _statements_holding(self, offset: int) -> list:
        """The statements holding byte `offset`, innermost first: found walking down from the body (see
        statement_of), never more than _MAX_NESTING of them (deeper ones are not looked at)."""
        node = self.body.descendant_for_byte_range(offset, offset)
        innermost = self.statement_of(node) if node is not None else None
        found = []
        while innermost is not None and innermost != self.node and len(found) < _MAX_NESTING:
            if innermost.type in _STATEMENTS:
                found.append(innermost)
            innermost = innermost.parent
        return found

    def reaches(self, source: int, target: int) -> bool:
        """Can control, once the statement holding byte `source` completes, come to the code at byte
        `target`? Every branch may go either way; a loop's body is left at its end (it runs out
        some time), a return ends the way. A block's last byte (its `}`) names the block, so a
        scope's end (`guard(rcu)()`'s) is a source too."""
        graph = self.graph
        return any(graph.start[node] <= target < graph.end[node] and graph.kind[node] in _RUN_WHOLE
                   and (graph.kind[node] != cfg.JUMP or graph.type[node] != "goto_statement")
                   for node in self._reachable_from(source))

    def _reachable_from(self, source: int):
        """The graph's nodes control may come to after the statement holding byte `source` (cached per
        source): a loop's body is left at its end (a way round goes out of the loop instead)."""
        if source in self._reach:
            return self._reach[source]
        graph = self.graph
        node = self.body.descendant_for_byte_range(source, source)
        start = self.statement_of(node) if node is not None else None
        found: set[int] = set()
        if start is not None and not graph.truncated:
            work = [self._leaving((start.type, start.start_byte, start.end_byte))]
            while work:
                node = work.pop()
                if node is None or node in found:
                    continue
                found.add(node)
                for target, _ in graph.succ[node]:
                    loop = graph.back.get((node, target))
                    work.append(target if loop is None else self._leaving(loop))
        self._reach[source] = found
        return found

    def _leaving(self, statement):
        """The graph's node control comes to when `statement` completes, out of the loops it ends."""
        graph = self.graph
        while statement in graph.round:
            statement = graph.round[statement]
        return graph.follow.get(statement)

    def _run(self, first, start, unless: frozenset = frozenset(), merge: bool = False) -> list[Outcome]:
        outcomes: list[Outcome] = []
        # A path: the statement it is at, its variables, the labels taken, the statements run, the tests
        # of the failed result whose branch it is in ((the statement that ends the branch, the test)), the gotos.
        work = [(first, {}, (), (), (), ())]
        steps, seen = 0, set()
        limit = _MAX_STEPS * 4 if merge else _MAX_STEPS
        if _CAP_LOG:
            _note_question(self, "question", merge)
        while work:
            node, env, labels, visited, branches, jumps = work.pop()
            while True:
                steps += 1
                if steps > limit or len(work) > _MAX_PATHS:
                    if _CAP_LOG:
                        _note_question(self, "steps" if steps > limit else "paths", merge)
                    return outcomes + [Outcome(OutcomeKind.UNKNOWN)]
                if branches and any(node == rejoin for rejoin, _ in branches):
                    # The branch completed and control goes on below its `if`: that test decided nothing here.
                    branches = branches[:[rejoin for rejoin, _ in branches].index(node)]
                decided = tuple(test for _, test in branches)
                if node == "end":
                    outcomes.append(Outcome(OutcomeKind.END, None, None, labels, visited, decided, jumps=jumps))
                    break
                if node == "loop" or node is None:
                    outcomes.append(Outcome(OutcomeKind.UNKNOWN, None, None, labels, visited, decided, jumps=jumps))
                    break
                if node != start:
                    visited = visited + (self.span(node),)
                    if unless and any(self.runs(node, offset) for offset in unless):
                        break  # a path that runs one of `unless` is not asked about
                elif visited:  # back at the call: a retry, whose paths are the first time's
                    outcomes.append(Outcome(OutcomeKind.UNKNOWN, None, None, labels, visited, decided, jumps=jumps))
                    break
                if merge:
                    state = (node.start_byte, node.type, labels, frozenset(env.items()))
                    if state in seen:
                        break
                    seen.add(state)
                kind = node.type
                if kind == "return_statement":
                    inner = _named(node)
                    value = self.evaluate(inner[0], env, start) if inner else None
                    outcomes.append(Outcome(OutcomeKind.RETURN, value, self.span(node), labels, visited, decided,
                                            self.text(inner[0]) if inner else "", jumps))
                    break
                if kind == "goto_statement":
                    label = self.text(node.child_by_field_name("label"))
                    target = self.labels().get(label)
                    if target is None or label in labels:
                        outcomes.append(Outcome(OutcomeKind.UNKNOWN, None, None, labels, visited, decided, jumps=jumps))
                        break
                    # A jump does not complete a branch: the branches it leaves stay the reason for what follows.
                    branches = tuple(("goto", test) for _, test in branches)
                    node, labels, jumps = target, labels + (label,), jumps + (self.span(node),)
                    continue
                if kind == "break_statement":
                    node = self._after_jump(node)
                    continue
                if kind == "continue_statement":
                    node = "loop"
                    continue
                if kind == "if_statement":
                    condition = node.child_by_field_name("condition")
                    env = self._assign_within(condition, env, start)
                    reads = self._failed_reads
                    truth = self.truth(condition, env, start)
                    alternative = node.child_by_field_name("alternative")
                    if alternative is not None and alternative.type == "else_clause":
                        alternative = (_named(alternative) or [None])[-1]
                    no = alternative if alternative is not None else self.after(node)
                    yes = node.child_by_field_name("consequence")
                    if truth is None and unless and alternative is None and self._guarded(yes, unless):
                        break  # `if (bio) blk_rq_unmap_user(bio);`: run whenever there is something to undo
                    if truth is None:
                        yes_env, no_env = self._assume(condition, env)
                        work.append((no, no_env, labels, visited, branches, jumps))
                        node, env = yes, yes_env
                    else:
                        if self._failed_reads > reads:  # the failed result settled this test
                            test = self.source.span(node.start_byte, condition.end_byte)
                            branches = branches + ((self.after(node), test),)
                        node = yes if truth else no
                    continue
                if kind in ("compound_statement", "case_statement", "labeled_statement", "preproc_if", "preproc_ifdef"):
                    node = self._first_inside(node)
                    continue
                if kind in ("expression_statement", "declaration"):
                    env = self._assign_within(node, env, start)
                    node = self.after(node)
                    continue
                # A loop, a switch, an #if, anything else: not followed inside; what it may set is unknown after.
                if node == start:  # the failed call is in a loop's or switch's own condition
                    outcomes.append(Outcome(OutcomeKind.UNKNOWN, None, None, labels, visited, jumps))
                    break
                env = self._forget_within(node, env)
                node = self.after(node)
        return outcomes

    def _guarded(self, body, offsets: frozenset) -> bool:
        """Does `body` (an if's, with no else) run code at one of `offsets` and jump nowhere?"""
        if not any(body.start_byte <= offset < body.end_byte for offset in offsets):
            return False
        captures = tree_sitter.QueryCursor(_query(
            "[(return_statement) (goto_statement) (break_statement) (continue_statement)] @jump")).captures(body)
        return not captures.get("jump")

    def _assume(self, condition, env: dict) -> tuple[dict, dict]:
        """`env` on the branch where `condition` (undecided) holds, and on the one where it does not:
        what a simple test of a variable says of it (`if (ret)`: nonzero, `if (ret < 0)`: negative,
        `if (IS_ERR(p))`: an ERR_PTR), by the kernel's convention for a call's result."""
        node, holds = condition, True
        while True:
            if node.type == "parenthesized_expression" and _named(node):
                node = _named(node)[-1]
            elif node.type == "unary_expression" and node.child_by_field_name("operator").type == "!":
                node, holds = node.child_by_field_name("argument"), not holds
            elif node.type == "call_expression" and self.text(node.child_by_field_name("function")) in ("likely", "unlikely") \
                    and len(_named(node.child_by_field_name("arguments"))) == 1:
                node = _named(node.child_by_field_name("arguments"))[0]
            else:
                break
        subject, yes, no = node, Value(ValueKind.NONZERO), Value(ValueKind.NULL, "0")
        if node.type == "binary_expression":
            operator = node.child_by_field_name("operator").type
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if right.type == "number_literal" and self.text(right) == "0" or self.text(right) == "NULL":
                subject = left
            elif left.type == "number_literal" and self.text(left) == "0":
                subject, operator = right, {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(operator, operator)
            else:
                return env, env
            yes, no = {"<": (Value(ValueKind.NEGATIVE), Value(ValueKind.NONNEG)),
                       ">=": (Value(ValueKind.NONNEG), Value(ValueKind.NEGATIVE)),
                       "!=": (Value(ValueKind.NONZERO), Value(ValueKind.NULL, "0")),
                       "==": (Value(ValueKind.NULL, "0"), Value(ValueKind.NONZERO))}.get(operator, (None, None))
        elif node.type == "call_expression":
            name = self.text(node.child_by_field_name("function"))
            arguments = _named(node.child_by_field_name("arguments"))
            if name not in ("IS_ERR", "IS_ERR_OR_NULL") or len(arguments) != 1:
                return env, env
            subject = arguments[0]
            yes, no = ((Value(ValueKind.ERRPTR), Value(ValueKind.UNKNOWN)) if name == "IS_ERR"
                       else (Value(ValueKind.UNKNOWN), Value(ValueKind.VALID)))
        if yes is None or subject.type not in ("identifier", "field_expression"):
            return env, env
        name = self.text(subject) if subject.type == "identifier" else _path(self.text(subject))
        set_at = env[name].set_at if name in env else None
        yes_env, no_env = dict(env), dict(env)
        yes_env[name], no_env[name] = replace(yes, text=yes.text or name, variable=name, set_at=set_at), \
            replace(no, text=no.text or name, variable=name, set_at=set_at)
        if not holds:
            yes_env, no_env = no_env, yes_env
        return yes_env, no_env

    def _assign_within(self, node, env: dict, start) -> dict:
        """`env` after the assignments and declarations of `node` (a statement or a condition)."""
        if node.type == "declaration":
            env = dict(env)
            for declarator in node.children_by_field_name("declarator"):
                target = _declared(declarator)
                if target is None:
                    continue
                name = self.text(target)
                if declarator.type == "init_declarator":
                    value = self.evaluate(declarator.child_by_field_name("value"), env, start)
                    env[name] = replace(value, set_at=self.span(node), variable=name)
                else:
                    env[name] = Value(ValueKind.UNINIT, name, self.span(node))
            return env
        statement = node if node.type == "expression_statement" else None
        captures = tree_sitter.QueryCursor(_query("(assignment_expression) @a (update_expression) @u")).captures(node)
        changes = sorted(captures.get("a", []) + captures.get("u", []), key=lambda n: n.start_byte)
        if not changes:
            return env
        env = dict(env)
        for change in changes:
            target = change.child_by_field_name("left" if change.type == "assignment_expression" else "argument")
            if target is None or target.type not in ("identifier", "field_expression"):
                continue
            name = self.text(target) if target.type == "identifier" else _path(self.text(target))
            plain = change.type == "assignment_expression" and change.child_by_field_name("operator").type == "="
            value = self.evaluate(change.child_by_field_name("right"), env, start) if plain else UNKNOWN
            if target.type == "field_expression":
                # A member keeps only a value read from the failed call (`priv->dbg = create()`): others are
                # not followed (another function may change them), and an older one is forgotten.
                if value.failed:
                    env[name] = replace(value, set_at=self.span(statement or change), variable=name)
                else:
                    env.pop(name, None)
                continue
            for member in [key for key in env if key.startswith((name + "->", name + "."))]:
                del env[member]  # `priv = other;`: what `priv->x` held is no longer known
            if plain:
                env[name] = replace(value, set_at=self.span(statement or change), variable=name)
            else:
                env[name] = Value(ValueKind.UNKNOWN, name, variable=name)
        return env

    def _forget_within(self, node, env: dict) -> dict:
        captures = tree_sitter.QueryCursor(_query("""
            (assignment_expression left: (identifier) @v)
            (update_expression argument: (identifier) @v)
            (assignment_expression left: (field_expression) @m)
        """)).captures(node)
        names = {self.text(v) for v in captures.get("v", ())}
        members = {_path(self.text(m)) for m in captures.get("m", ())} & set(env)
        if not names and not members:
            return env
        env = dict(env)
        for name in names:
            env[name] = Value(ValueKind.UNKNOWN, name, variable=name)
        for member in members:
            del env[member]
        return env


def _path(member: str) -> str:
    """`priv -> dbg` -> `priv->dbg`: a member access as a key of the path's variables."""
    return "".join(member.split())


def _number(value: Value) -> int | None:
    if value.kind is ValueKind.INT:
        try:
            return int(value.text, 0)
        except ValueError:
            return None
    if value.kind is ValueKind.NULL:
        return 0
    return None


def _sign(value: Value) -> int | None:
    """-1, 0 or 1 when the value's sign is known."""
    if value.kind in (ValueKind.ERRNO, ValueKind.NEGATIVE, ValueKind.ERRPTR):
        return -1
    if value.kind is ValueKind.VALID:
        return 1
    if value.kind is ValueKind.FAULT:
        return -1 if value.text.startswith("-") else 1
    number = _number(value)
    return None if number is None else (number > 0) - (number < 0)


def _nonzero(value: Value) -> bool | None:
    if value.kind is ValueKind.NONZERO:
        return True
    sign = _sign(value)
    return None if sign is None else sign != 0


def _compare(left: Value, operator: str, right: Value) -> bool | None:
    """`left OP right` when it can be told from signs: a fault against 0, two numbers."""
    a, b = _number(left), _number(right)
    if b == 0 and a is None and left.kind in (ValueKind.NONNEG, ValueKind.NONZERO):
        return _against_zero(left.kind, operator)
    if a == 0 and b is None and right.kind in (ValueKind.NONNEG, ValueKind.NONZERO):
        return _against_zero(right.kind, {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(operator, operator))
    if a is None or b is None:
        if b == 0:
            a, b = _sign(left), 0
        elif a == 0:
            a, b = 0, _sign(right)
        if a is None or b is None:
            return None
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[operator]


def _against_zero(kind: ValueKind, operator: str) -> bool | None:
    """`v OP 0` for a value known only to be >= 0 (NONNEG) or != 0 (NONZERO)."""
    if kind is ValueKind.NONNEG:
        return {"<": False, ">=": True}.get(operator)
    return {"==": False, "!=": True}.get(operator)


_ERRNO_NAME = re.compile(r"^-E[A-Z0-9]+$")


def flow_of(facts, source, function_name: str) -> FunctionFlow | None:
    """The flow of `function_name` in the file of `facts`/`source`, built once and shared by every rule;
    None when the facts no longer hold their syntax tree (read back from a cache)."""
    flows = _flows(facts)
    if flows is None:
        return None
    if function_name not in flows:
        flows[function_name] = None
        tree = facts.syntax_tree()
        function = facts.function(function_name)
        if tree is not None and function is not None:
            node = tree.root_node.descendant_for_byte_range(function.start_byte, function.end_byte - 1)
            while node is not None and not (node.type == "function_definition" and node.start_byte == function.start_byte):
                node = node.parent
            if node is not None and node.child_by_field_name("body") is not None:
                flows[function_name] = FunctionFlow(source, node, function_name,
                                                    tuple(p.name for p in function.params if p.name),
                                                    _graphs(facts))
    return flows[function_name]


def source_of(facts):
    """The SourceFile `facts` were extracted from, while the run holds it (a sibling's, for a caller
    in another file of the folder)."""
    extractor = facts.extractor
    return extractor.source if extractor is not None else None


def flow_at(facts, source, offset: int) -> FunctionFlow | None:
    """The flow of the function definition holding byte `offset`, named or not (`SYSCALL_DEFINE3(...) {`
    has no name the facts know)."""
    flows = _flows(facts)
    tree = facts.syntax_tree()
    if flows is None or tree is None:
        return None
    node = tree.root_node.descendant_for_byte_range(offset, offset)
    outermost_block = None
    while node is not None and node.type != "function_definition":
        if node.type == "compound_statement":
            outermost_block = node
        node = node.parent
    if node is None or node.child_by_field_name("body") is None:
        node = outermost_block
    if node is None:
        return None
    if node.start_byte not in flows:
        flows[node.start_byte] = FunctionFlow(source, node, "", graphs=_graphs(facts))
    return flows[node.start_byte]


def _graphs(facts) -> dict | None:
    """The control-flow graphs of `facts`' file (kmodlint.cfg), kept by its extractor."""
    extractor = facts.extractor
    return extractor.function_graphs if extractor is not None else None


def _flows(facts) -> dict | None:
    """The flows built for `facts`' file, kept beside its syntax tree (by the extractor, which holds the tree
    and is never pickled with the facts): function name, or start byte for an unnamed one -> FunctionFlow."""
    extractor = facts.extractor
    if extractor is None:
        return None
    return extractor.function_flows
