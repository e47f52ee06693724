"""The calls family: every call of a plain name, with its arguments and how its result is used.

The family most rules read. Callee, offsets and enclosing function come with the parse; the
arguments, span and _CALL_USAGE (discarded, returned, assigned, tested and the branch a
failure takes, ...) are worked out on first read (_LazyCall), for the few calls rules look
at rather than the hundreds of a file: they climb the tree and scan the rest of the function.
"""
from __future__ import annotations

import re

from .family import Family, FamilySpec
from .lazy import _Described, _Lazy, described_fields
from .queries import FileQuery, matches
from .records import Call, Exit, ExitKind, Test, TestKind, UsageKind
from .syntax import collapse, declarator_name, identifier_text, is_errno

# A call of a plain name (not `ops->fn()`), with its callee: a field constraint costs the
# walk next to nothing, and saves two child lookups per call in Python.
CALLEE = "callee"
CALL = FileQuery("call", "(call_expression function: (identifier) @callee arguments: (argument_list)) @call",
                 captures=("call", CALLEE))
# The ways a failure branch leaves (Exit), asked of one branch at a time, not of the file.
EXIT = FileQuery("exit", """
        (return_statement) @return
        (assignment_expression left: (identifier) @target operator: "=" right: (unary_expression operator: "-" argument: (identifier)) @errno) @assign
    """)

# The fields of a Call that say how its result is used: the costly part of a call's
# facts (climbs of the tree, a scan of the rest of the function), worked out on first read.
_CALL_USAGE = frozenset({"usage", "statement", "target", "assigned_to", "arg_of", "arg_index", "result_read",
                         "test"})

_LOOP_TYPES = frozenset({"while_statement", "for_statement", "do_statement"})
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
# Mirrors a comparison so the call is always on the left: `0 > ret` is `ret < 0`.
_MIRROR = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


class CallFacts:
    """The calls family's part of the Extractor."""

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
        for call, callee in zip(self._matches[CALL.name], self._matches[CALLEE]):
            start = call.start_byte
            while index + 1 < count and starts[index + 1] <= start:
                index += 1
            function = function_names[index] if index >= 0 and start < function_nodes[index].end_byte else ""
            raw = data[start:callee.end_byte]
            name = names.get(raw)
            if name is None:
                name = names[raw] = identifier_text(data, start, callee.end_byte) or self.text(callee)
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
        usage, target, assigned_to, arg_of, arg_index = UsageKind.EXPRESSION, "", "", "", -1
        test = None
        result_read = True
        ptype = parent.type if parent is not None else ""
        if ptype == "expression_statement":
            usage = UsageKind.DISCARDED
        elif ptype == "cast_expression" and collapse(self.text(parent.child_by_field_name("type"))) == "void":
            usage = UsageKind.VOID_CAST
        elif ptype == "return_statement":
            usage = UsageKind.RETURNED
        elif ptype == "assignment_expression" and parent.child_by_field_name("right") == node:
            left = parent.child_by_field_name("left")
            operator = parent.child_by_field_name("operator").type
            usage = UsageKind.ASSIGNED if operator == "=" else UsageKind.ACCUMULATED
            assigned_to = self.text(left)
            if left.type == "identifier":
                target = self.text(left)
        elif ptype == "init_declarator" and parent.child_by_field_name("value") == node:
            usage = UsageKind.ASSIGNED
            target = assigned_to = declarator_name(parent.child_by_field_name("declarator"))[0]
        elif ptype == "argument_list":
            usage = UsageKind.ARGUMENT
            outer = self.parent(parent)
            function = outer.child_by_field_name("function") if outer is not None else None
            if function is not None and function.type == "identifier":
                arg_of = self.text(function)
                arg_index = [c for c in parent.named_children if c.type != "comment"].index(node)
        else:
            test = self.describe_test(node, via="")
            if test is not None:
                usage = UsageKind.TESTED
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
                    return Test(TestKind.OTHER, self.span(parent), compare_op, compare_value, via)
                else:
                    return None
            elif ptype == "conditional_expression" and parent.child_by_field_name("condition") == node:
                if compare_op:
                    return Test(TestKind.COMPARE, self.span(node), compare_op, compare_value, via)
                arm = parent.child_by_field_name("alternative" if negated else "consequence")
                exits = (Exit(ExitKind.VALUE, self.text(arm), self.span(arm)),) if arm is not None else ()
                return Test(TestKind.TERNARY, self.span(node), via=via, failure=exits, failure_known=True)
            elif ptype in ("if_statement", "while_statement", "do_statement", "for_statement") and \
                    parent.child_by_field_name("condition") == node:
                if compare_op or ptype != "if_statement":
                    kind = TestKind.COMPARE if compare_op else TestKind.OTHER
                    return Test(kind, self.span(node), compare_op, compare_value, via)
                branch = parent.child_by_field_name("alternative") if negated else parent.child_by_field_name("consequence")
                return Test(TestKind.BRANCH, self.span(node), via=via, failure=self.exits(branch), failure_known=True)
            elif ptype != "parenthesized_expression":
                if compare_op:
                    return Test(TestKind.COMPARE, self.span(node), compare_op, compare_value, via)
                return None
            node, parent = parent, self.parent(parent)
        return None

    def exits(self, branch) -> tuple[Exit, ...]:
        if branch is None:
            return ()
        found = []
        for _, match in matches(EXIT, branch):
            if "return" in match:
                statement = match["return"][0]
                value = statement.named_children[0] if statement.named_children else None
                found.append(Exit(ExitKind.RETURN, self.text(value) if value is not None else "", self.span(statement)))
            else:
                assign = match["assign"][0]
                if is_errno(self.text(match["errno"][0])):
                    whole = assign.parent if assign.parent.type == "expression_statement" else assign
                    found.append(Exit(ExitKind.ASSIGN, self.text(match["errno"][0]), self.span(whole),
                                      self.text(match["target"][0])))
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


class _LazyCall(_Lazy, Call):
    """A Call from extract(): callee, offsets and function are read with the parse; the
    arguments, span and _CALL_USAGE fields when first read."""

    _plain_type = Call
    args = _Described(CallFacts.call_arguments)
    span = _Described(CallFacts.call_span)
    usage = _Described(CallFacts.describe_call)
    statement = _Described(CallFacts.describe_call)
    target = _Described(CallFacts.describe_call)
    assigned_to = _Described(CallFacts.describe_call)
    arg_of = _Described(CallFacts.describe_call)
    arg_index = _Described(CallFacts.describe_call)
    result_read = _Described(CallFacts.describe_call)
    test = _Described(CallFacts.describe_call)


assert described_fields(_LazyCall) == _CALL_USAGE | {"args", "span"}

SPEC = FamilySpec(Family.CALLS, queries=(CALL,), builds_on=(Family.FUNCTIONS,), extract=CallFacts.extract_calls)

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
