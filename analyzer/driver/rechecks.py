"""Does a function look at a wait's condition again after the wait? Read from the syntax tree.

A wait_event*() condition reads some state: fields (`dev->done`), file-scope
or plain local variables, predicates (`foo_ready(dev)`). The code after the
wait re-tests it when an `if`, a `return`, a `?:` or a loop condition after
the call reads one of them, directly or through a variable assigned from one
(`status = dev->status; if (!(status & DONE))`), or when the wait sits in a
bounded loop (a counter) whose condition reads one. A pointer that only
leads to the state (`dev`) is not the state: `if (dev->other)` is no re-test.
"""
from __future__ import annotations

from kmodlint import kernel

from .callgraph import extractor_of

# Calls that are not the state themselves: look at their arguments instead.
_TRANSPARENT = frozenset({"likely", "unlikely", "READ_ONCE", "list_empty", "list_empty_careful", "test_bit",
                          "kfifo_is_empty", "kfifo_len", "kfifo_is_full", "skb_queue_empty", "completion_done",
                          "time_after", "time_before", "time_after_eq", "time_before_eq", "sizeof"})
_IGNORED = frozenset({"kthread_should_stop", "jiffies", "current", "true", "false", "NULL"})
_TESTS = {"if_statement": "condition", "while_statement": "condition", "do_statement": "condition",
          "for_statement": "condition", "conditional_expression": "condition", "switch_statement": "condition"}
_SIGNAL_WORDS = frozenset({"signal_pending", "fatal_signal_pending", "SIGKILL", "PF_EXITING"})
_LOOPS = frozenset({"while_statement", "for_statement", "do_statement"})


def _text(data: bytes, node) -> str:
    return "".join(data[node.start_byte:node.end_byte].decode("latin-1").split())


def _descendants(node):
    cursor = node.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


class Recheck:
    def __init__(self, facts):
        self.facts = facts
        self.extractor = extractor_of(facts)

    def _call_node(self, call):
        if self.extractor is None:
            return None, None
        node = self.extractor.root.descendant_for_byte_range(call.start_byte, call.end_byte)
        while node is not None and not (node.type == "call_expression" and node.start_byte == call.start_byte):
            node = node.parent
        return node, self.extractor.enclosing_function(call.start_byte)

    def atoms(self, function: str, node) -> set[str]:
        """The state `node` (an expression) reads: field chains, variables (not pointers), predicates."""
        data, found, todo = self.extractor.source.data, set(), [node]
        while todo:
            current = todo.pop()
            kind = current.type
            if kind == "field_expression":
                found.add(_text(data, current))
            elif kind == "call_expression":
                callee = current.child_by_field_name("function")
                name = _text(data, callee) if callee is not None else ""
                if not (name in _TRANSPARENT or kernel.is_atomic_accessor(name) or name in _IGNORED):
                    found.add(name + "()")
                arguments = current.child_by_field_name("arguments")
                if arguments is not None:
                    todo.extend(arguments.named_children)
            elif kind == "identifier":
                name = _text(data, current)
                declared = self.facts.variable_type(function, name)
                if name not in _IGNORED and not name.isupper() and declared is not None and "*" not in declared:
                    found.add(name)
            else:
                todo.extend(current.named_children)
        return found

    def _reads(self, node, atoms: set[str]) -> bool:
        """Does the expression `node` read one of `atoms` itself? The arguments of a call are
        not read by the expression, but by the callee (kfifo_to_user(&log->fifo) consumes the
        fifo, it does not test it), unless the callee is a plain accessor or test (list_empty)."""
        data, todo = self.extractor.source.data, [node]
        while todo:
            current = todo.pop()
            if current.type in ("field_expression", "identifier") and _text(data, current) in atoms:
                return True
            if current.type == "call_expression":
                callee = current.child_by_field_name("function")
                name = _text(data, callee) if callee is not None else ""
                if name + "()" in atoms:
                    return True
                if name in _TRANSPARENT or kernel.is_atomic_accessor(name):
                    arguments = current.child_by_field_name("arguments")
                    todo.extend(arguments.named_children if arguments is not None else ())
                continue
            todo.extend(current.named_children)
        return False

    def condition_retested(self, call) -> bool:
        node, function_node = self._call_node(call)
        arguments = node.child_by_field_name("arguments") if node is not None else None
        if arguments is None or function_node is None or len(arguments.named_children) < 2:
            return False
        atoms = self.atoms(call.function, arguments.named_children[1])
        if not atoms:
            return False
        # A bounded loop around the wait that tests the condition (`for (i = 0; i < 3 && !done; i++)`).
        ancestor = node.parent
        while ancestor is not None and ancestor != function_node:
            if ancestor.type in _LOOPS:
                condition = ancestor.child_by_field_name("condition")
                bounded = ancestor.type == "for_statement" and ancestor.child_by_field_name("update") is not None \
                    or condition is not None and any(n.type == "update_expression" for n in _descendants(condition))
                if bounded and condition is not None and self._reads(condition, atoms):
                    return True
            ancestor = ancestor.parent
        data = self.extractor.source.data
        for current in _descendants(function_node):
            if current.start_byte < call.end_byte:
                continue
            if current.type in ("assignment_expression", "init_declarator"):
                left = current.child_by_field_name("left" if current.type == "assignment_expression" else "declarator")
                right = current.child_by_field_name("right" if current.type == "assignment_expression" else "value")
                if left is not None and right is not None and left.type == "identifier" and self._reads(right, atoms):
                    atoms = atoms | {_text(data, left)}  # the state read into a variable
            tested = current.child_by_field_name(_TESTS[current.type]) if current.type in _TESTS else \
                current if current.type == "return_statement" else None
            if tested is not None and self._reads(tested, atoms):
                return True
        return False

    def signal_mentioned_after(self, call) -> bool:
        """The function looks at signals or process exit after the wait (`current->flags & PF_EXITING`)."""
        node, function_node = self._call_node(call)
        if function_node is None:
            return False
        data = self.extractor.source.data
        return any(n.type == "identifier" and n.start_byte > call.end_byte and _text(data, n) in _SIGNAL_WORDS
                   for n in _descendants(function_node))

    def void_wrapper(self, call) -> bool:
        """A void function that ends with the wait (or with retaking a lock after it): it cannot
        pass the result on, and its callers look at the state."""
        function = self.facts.function(call.function)
        node, function_node = self._call_node(call)
        if function is None or function.return_type != "void" or node is None or function_node is None:
            return False
        statement = node
        while statement.parent is not None and statement.type != "expression_statement":
            statement = statement.parent
        if statement.parent is None or statement.parent != function_node.child_by_field_name("body"):
            return False  # inside a loop or a branch
        data = self.extractor.source.data
        sibling = statement.next_named_sibling
        while sibling is not None:
            if sibling.type != "comment":
                inner = sibling.named_children[0] if sibling.type == "expression_statement" and sibling.named_children else None
                callee = inner.child_by_field_name("function") if inner is not None and inner.type == "call_expression" else None
                if callee is None or "lock" not in _text(data, callee):
                    return False
            sibling = sibling.next_named_sibling
        return True
