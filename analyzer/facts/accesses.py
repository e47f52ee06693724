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
from .queries import FileQuery, captures
from .filefacts import FileFacts
from .records import Access, AccessKey, AccessKind
from .syntax import STATEMENT_TYPES

# Up to this many names, each is searched for with bytes.find (scan_accesses).
_FEW_NAMES = 64
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# The targets of writes, asked of a few functions (the IRQ side's, FileFacts.accesses_written_by), not of the file.
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
        irq_side = self._irq_side_functions()
        variables, fields = self._written(irq_side)
        self.facts.accesses.extend(self.scan_accesses(variables, fields))

    def accesses_written_by(self, functions: frozenset[str]) -> list[Access]:
        """The accesses of what `functions` write (see FileFacts.accesses_written_by)."""
        self.ensure({Family.FUNCTIONS, Family.CALLS, Family.DECLARATIONS})
        return self.scan_accesses(*self._written(functions))

    def _written(self, functions) -> tuple[set[str], set[str]]:
        """(file-scope variables, fields) that `functions` assign or update: the writes are asked
        of those functions' nodes (a query each, in C), not of the whole file, as the IRQ side is a
        few functions of it."""
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
        return variables, fields

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
        masked = self.source.masked
        for function, start, end in self._occurrences(masked, variables, fields):
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

    def _occurrences(self, masked: bytes, variables: set[str], fields: set[str]):
        """(function, start, end) of each whole-word occurrence of the names in a function's body, in
        document order; whether it is the variable or the field the tree says. A substring search
        (in C) per name: a regex of this file's names would be compiled for the file alone, which
        costs more than the search. For very many names, one regex."""
        functions = self.facts.functions
        starts = [f.start_byte for f in functions]
        names = {n.encode() for n in variables | fields}
        if len(names) > _FEW_NAMES:
            alternation = b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            hits = [m.span() for m in re.finditer(rb"\b(?:" + alternation + rb")\b", masked)]
        else:
            hits = []
            for name in names:
                at = masked.find(name)
                while at >= 0:
                    end = at + len(name)
                    if (at == 0 or masked[at - 1] not in _WORD) and (end == len(masked) or masked[end] not in _WORD):
                        hits.append((at, end))
                    at = masked.find(name, end)
            hits.sort()
        for start, end in hits:
            index = bisect.bisect_right(starts, start) - 1
            if index >= 0 and end <= functions[index].end_byte:
                yield functions[index], start, end

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


SPEC = FamilySpec(Family.ACCESSES, queries=(),
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
