"""Does a function look at a wait's condition again after the wait? Read from the syntax tree.

A wait_event*() condition reads some state: fields (`dev->done`), file-scope
or plain local variables, predicates (`foo_ready(dev)`). The code after the
wait re-tests it when an `if`, a `return`, a `?:` or a loop condition after
the call reads one of them, directly or through a variable assigned from one
(`status = dev->status; if (!(status & DONE))`), or when the wait sits in a
bounded loop (a counter) whose condition reads one. A pointer that only
leads to the state (`dev`) is not the state: `if (dev->other)` is no re-test.

A re-test in another form counts only as the first test after the wait: a
register of the same device read back (`if (!(foo_read(foo, STA) & LOCKED))`),
or a status field of it required to be one named value
(`if (dev->hw_status != FOO_READY)`): a later, unrelated test is no re-check.

The same module also says what the code after a wait still needs: an object
handed to the device before it and freed or read after it (`rq`), which a
signal must not abandon.
"""
from __future__ import annotations

import re

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
# Parts of a field's name that say it holds the outcome of what was waited for.
_STATUS_WORDS = ("status", "state", "stat")
# Words of a callee's name (split at `_`) that end an object's life or hand it back to a pool:
# kfree, dma_free_coherent, foo_free_request, foo_destroy (not freeze_queue).
_FREE_WORDS = ("free", "kfree", "vfree", "kvfree", "destroy")
# What a comment says when it is about a signal to the task, not a signal line of the hardware.
_SIGNAL_COMMENT = re.compile(rb"signal_pending|restartsys|eintr|a signal|signals"
                             rb"|signal (?:could|may|can|might|arriv|is pending)", re.I)
_MODULE_PARAMS = ("module_param", "module_param_named", "module_param_call", "module_param_cb",
                  "module_param_unsafe", "module_param_named_unsafe")


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

    # -- the condition's own shape

    def _condition(self, call):
        node, function_node = self._call_node(call)
        arguments = node.child_by_field_name("arguments") if node is not None else None
        if arguments is None or function_node is None or len(arguments.named_children) < 2:
            return None, None, None
        return node, function_node, arguments.named_children[1]

    def condition_calls(self, call, names) -> bool:
        """Does the wait's condition call one of `names` (`|| kthread_should_stop()`)?"""
        node, _, condition = self._condition(call)
        if condition is None:
            return False
        data = self.extractor.source.data
        return any(n.type == "call_expression" and n.child_by_field_name("function") is not None
                   and _text(data, n.child_by_field_name("function")) in names for n in _descendants(condition))

    def constant_condition(self, call) -> bool:
        """`wait_event_interruptible_timeout(wq, 0, HZ / 10)`: a sleep written as a wait."""
        _, _, condition = self._condition(call)
        return condition is not None and _text(self.extractor.source.data, condition).strip("()") in ("0", "false")

    def rewait_loop(self, call) -> bool:
        """Is the wait inside a loop whose condition reads the wait's state (`while (!a->done)
        wait_event_interruptible(...)`)? With a signal pending it spins until the state changes."""
        node, function_node, condition = self._condition(call)
        if condition is None:
            return False
        atoms = self.atoms(call.function, condition)
        ancestor = node.parent
        while atoms and ancestor is not None and ancestor != function_node:
            if ancestor.type in _LOOPS:
                test = ancestor.child_by_field_name("condition")
                if test is not None and self._reads(test, atoms):
                    return True
            ancestor = ancestor.parent
        return False

    def _bases(self, function: str, condition) -> set[str]:
        """The objects the condition reads its state through: `dev` of `dev->done`, the pointer
        a predicate is given (`foo_ready(foo)`)."""
        data, found = self.extractor.source.data, set()
        for n in _descendants(condition):
            if n.type == "field_expression":
                root = n
                while root.type == "field_expression" and root.child_by_field_name("argument") is not None:
                    root = root.child_by_field_name("argument")
                if root.type == "identifier":
                    found.add(_text(data, root))
            elif n.type == "identifier" and n.parent is not None and n.parent.type == "argument_list":
                found.add(_text(data, n))
        return found

    def module_parameter_pause(self, call) -> bool:
        """The condition reads nothing but module parameters (`binder_stop_on_user_error < 2`):
        a pause the administrator ends, which a signal may end too."""
        _, _, condition = self._condition(call)
        if condition is None:
            return False
        atoms = self.atoms(call.function, condition)
        if not atoms or any(not atom.isidentifier() for atom in atoms):
            return False
        parameters = {arg.lstrip("&").strip() for c in self.facts.calls_to(*_MODULE_PARAMS) if not c.function
                      for arg in c.args}
        return all(self.facts.global_var(atom) is not None and atom in parameters for atom in atoms)

    def commented_signal(self, call) -> bool:
        """A comment just before the wait (or before the `if` it is the branch of) says what a
        signal to the task does here (`A signal could arrive after returning anyway`)."""
        node, function_node = self._call_node(call)
        if node is None or function_node is None:
            return False
        data, body = self.extractor.source.data, function_node.child_by_field_name("body")
        current = node
        while current is not None and current != body:
            sibling = current.prev_sibling
            while sibling is not None and sibling.type == "comment":
                if _SIGNAL_COMMENT.search(data[sibling.start_byte:sibling.end_byte]):
                    return True
                sibling = sibling.prev_sibling
            if current.type.endswith("statement") and current.type != "expression_statement" \
                    and current.parent is not None and current.parent.type != "if_statement":
                break
            current = current.parent
        return False

    def _first_test_after(self, call, function_node):
        for current in _descendants(function_node):
            if current.start_byte < call.end_byte:
                continue
            if current.type in _TESTS:
                return current.child_by_field_name(_TESTS[current.type])
            if current.type == "return_statement":
                return None
        return None

    def hardware_reread(self, call) -> bool:
        """The first test after the wait reads the outcome back from the device the condition
        reads: a register read through it (`hdmi_read(hdmi, HDMI_STA)`), or a status field of it
        that must hold a named value (`adapter->hw_status != MWIFIEX_HW_STATUS_READY`)."""
        node, function_node, condition = self._condition(call)
        if condition is None:
            return False
        bases = self._bases(call.function, condition)
        tested = self._first_test_after(call, function_node)
        if not bases or tested is None:
            return False
        data = self.extractor.source.data
        for n in _descendants(tested):
            if n.type == "call_expression":
                callee = n.child_by_field_name("function")
                arguments = n.child_by_field_name("arguments")
                if callee is None or arguments is None or "read" not in _text(data, callee).lower():
                    continue
                if bases & self._bases(call.function, arguments) or any(
                        a.type == "identifier" and _text(data, a) in bases for a in arguments.named_children):
                    return True
            elif n.type == "binary_expression" and n.child_by_field_name("operator").type == "!=":
                sides = (n.child_by_field_name("left"), n.child_by_field_name("right"))
                for field, value in (sides, sides[::-1]):
                    if field is None or value is None or field.type != "field_expression" \
                            or value.type != "identifier" or not _text(data, value).isupper():
                        continue
                    name = field.child_by_field_name("field")
                    if name is not None and any(w in _text(data, name).lower() for w in _STATUS_WORDS) \
                            and self._bases(call.function, field) & bases:
                        return True
        return False

    def _plain_arguments(self, arguments) -> list[str]:
        """The variables passed as themselves: `rq`, `(struct foo_req *)rq`."""
        data, found = self.extractor.source.data, []
        for argument in arguments.named_children:
            while argument.type in ("cast_expression", "parenthesized_expression"):
                argument = argument.child_by_field_name("value") or (
                    argument.named_children[-1] if argument.named_children else argument)
                if argument.type not in ("cast_expression", "parenthesized_expression", "identifier"):
                    break
            if argument.type == "identifier":
                found.append(_text(data, argument))
        return found

    def still_owned(self, call) -> tuple[str, str]:
        """What the code after the wait still needs the wait for: ("rq", "handed") for an object
        given to the last call before the wait (the request submitted to the device) and freed
        or read after it; ("pq->reqs", "freed") for a field of the waited-on object freed after
        it; ("", "") when none."""
        node, function_node, condition = self._condition(call)
        if condition is None:
            return "", ""
        data, bases = self.extractor.source.data, self._bases(call.function, condition)
        handed: set[str] = set()
        freed_field = ""
        for n in _descendants(function_node):
            if n.type != "call_expression" or n == node:
                continue
            callee = n.child_by_field_name("function")
            arguments = n.child_by_field_name("arguments")
            if callee is None or arguments is None:
                continue
            plain = self._plain_arguments(arguments)
            if n.end_byte <= call.start_byte:
                given = {p for p in plain if p not in bases and self.facts.is_local(call.function, p)
                         and "*" in (self.facts.variable_type(call.function, p) or "")}
                if given:
                    handed = given  # the most recent hand-over before the wait
            elif n.start_byte >= call.end_byte and set(_text(data, callee).lower().split("_")) & set(_FREE_WORDS):
                for p in plain:
                    if p in handed:
                        return p, "handed"
                if not freed_field:
                    freed_field = next((_text(data, a) for a in arguments.named_children
                                        if a.type == "field_expression" and self._bases(call.function, a) & bases), "")
        for n in _descendants(function_node):
            if n.start_byte >= call.end_byte and n.type == "field_expression":
                root = n.child_by_field_name("argument")
                if root is not None and root.type == "identifier" and _text(data, root) in handed:
                    return _text(data, root), "handed"
        return (freed_field, "freed") if freed_field else ("", "")
