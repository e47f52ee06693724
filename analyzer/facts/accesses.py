"""The accesses family: reads and writes of state an IRQ handler shares with the rest of the file.

For the concurrency rules: the file-scope variables and the struct fields that this file's
IRQ side (irqreturn_t functions, the handlers it registers, the static functions they reach)
writes, and every access of them in every function, with its kind (read, write,
read-modify-write) and whether it goes through READ_ONCE()/atomic_*(). Costly (a regex scan of
each function, a climb per occurrence), so extracted only for the rules that declare it, and
never brought by a first read of another family; FileFacts.accesses_of() and
accesses_written_by() answer for other names and functions, from the tree, on demand.
"""
from __future__ import annotations

import bisect
import re

from .. import kernel
from .family import Family, FamilySpec
from .queries import ASSIGN, FileQuery, captures
from .filefacts import FileFacts
from .records import Access, AccessKey, AccessKind
from .syntax import STATEMENT_TYPES

UPDATE = FileQuery("update", "(update_expression) @update")
# The targets of writes, asked of a few functions (FileFacts.accesses_written_by), not of the file.
WRITTEN = FileQuery("written", "(assignment_expression left: (_) @target) (update_expression argument: (_) @target)")


class AccessFacts:
    """The accesses family's part of the Extractor."""

    def _irq_side_functions(self) -> set[str]:
        """Functions that may run in hard-IRQ context, as far as this file can tell:
        irqreturn_t functions, functions passed as a handler, and the static
        functions they call. A superset: rules narrow it with folder-wide registrations."""
        roots = set(irq_roots(self.facts))
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
        assigns, updates = self._matches[ASSIGN.name], self._matches[UPDATE.name]
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
        self.ensure({Family.FUNCTIONS, Family.CALLS, Family.DECLARATIONS})
        variables, fields = set(), set()
        for function in self.facts.functions:
            if function.name not in functions:
                continue
            node = self.enclosing_function(function.start_byte)
            if node is None:
                continue
            for target in captures(WRITTEN, node).get("target", ()):
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
                    key, access_node = AccessKey.variable(node.text.decode()), node
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
                    key = AccessKey.field(struct[len("struct "):], node.text.decode())
                else:
                    continue
                found.append(self.describe_access(key, function.name, access_node))
        return found

    def describe_access(self, key: AccessKey, function: str, node) -> Access:
        # One walk down to `node` instead of a Node.parent (itself a walk from the root) per level.
        ancestors = self.ancestors(node)
        parent = ancestors[-1]
        kind, operator = AccessKind.READ, ""
        if parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
            operator = parent.child_by_field_name("operator").type
            kind = AccessKind.WRITE if operator == "=" else AccessKind.RMW
            operator = "" if operator == "=" else operator
        elif parent.type == "update_expression":
            kind, operator = AccessKind.RMW, parent.child_by_field_name("operator").type
        accessor, in_wait = "", False
        for ancestor in reversed(ancestors):
            if ancestor.type in STATEMENT_TYPES:
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


SPEC = FamilySpec(Family.ACCESSES, queries=(ASSIGN, UPDATE),
                  builds_on=(Family.FUNCTIONS, Family.CALLS, Family.DECLARATIONS), extract=AccessFacts.extract_accesses)


def irq_roots(facts: FileFacts) -> frozenset[str]:
    """The names of the file's functions that return irqreturn_t (once per file). Only the
    definitions whose type is written `irqreturn_t`, or is a header macro's name (`DECLARE_ISR(f)
    {`), have their header worked out: a file defines hundreds of functions, and a handful of handlers."""
    def compute() -> frozenset[str]:
        extractor = facts.extractor
        nodes = getattr(extractor, "_function_nodes", None)
        if nodes is None:  # plain facts (pickled, or built by hand)
            return frozenset(f.name for f in facts.functions if f.return_type == "irqreturn_t")
        candidates = set()
        for node in nodes:
            type_node = node.child_by_field_name("type")
            if type_node is not None and (type_node.text == b"irqreturn_t" or type_node.type == "type_identifier"
                                          and node.child_by_field_name("declarator").type == "parenthesized_declarator"):
                candidates.add(node.start_byte)
        return frozenset(f.name for f in facts.functions
                         if f.start_byte in candidates and f.return_type == "irqreturn_t")
    return facts.memo(irq_roots, compute)


def reachable(facts: FileFacts, roots: set[str]) -> set[str]:
    """`roots` and the static functions of this file they call, transitively."""
    # The graph of calls to static functions, built once per file: the IRQ rules ask it
    # several times (handlers, everything else, the tokens for siblings).
    calls_by_function = facts.memo(reachable, lambda: _static_calls(facts))
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(calls_by_function.get(name, ()))
    return seen


def _static_calls(facts: FileFacts) -> dict[str, set[str]]:
    """Function -> the static functions of this file it calls."""
    # The linkage of only the functions called in the file is worked out (a head each), not every one's.
    defined: dict[str, list] = {}
    for function in facts.functions:
        defined.setdefault(function.name, []).append(function)
    static: dict[str, bool] = {}
    calls_by_function: dict[str, set[str]] = {}
    for call in facts.calls:
        callee = call.callee
        if callee not in defined:
            continue
        if callee not in static:
            static[callee] = any(f.static for f in defined[callee])
        if static[callee]:
            calls_by_function.setdefault(call.function, set()).add(callee)
    return calls_by_function
