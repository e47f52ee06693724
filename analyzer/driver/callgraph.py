"""The folder's call graph, with C linkage, and the calls made through function pointers.

A function is named by a FunctionRef (path, name): a `static` function is its
file's own, a call resolves to the caller's file first and then to the one
non-static definition of the folder, as the linker would. A call through a
pointer (`priv->ops->handle(priv)`) reaches every function of the folder
stored into a field of that name (`.handle = foo_handle` in an initializer,
`ops->handle = foo_handle` in code): the driver's own ops tables.

Only the folder's parsed files are known (FolderIndex.files): whether a
function's callers are all known says so (`callers_complete`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import tree_sitter

from kmodlint.facts import C_LANGUAGE


class FunctionRef(NamedTuple):
    path: str
    name: str


@lru_cache(maxsize=None)
def _field_call_query() -> tree_sitter.Query:
    return tree_sitter.Query(C_LANGUAGE, "(call_expression function: (field_expression field: (field_identifier) @field))")


def extractor_of(facts):
    """The parse behind `facts` while the run holds it (None for plain, pickled facts)."""
    return facts.__dict__.get("_extractor")


def function_name_of(value: str) -> str:
    """`foo`, `&foo`, `(void *)foo` -> foo; anything else -> ""."""
    text = value.strip().lstrip("&").strip()
    if text.startswith("(") and ")" in text:
        text = text.rpartition(")")[2].strip().lstrip("&").strip()
    return text if text.isidentifier() and text != "NULL" else ""


class CallGraph:
    def __init__(self, folder):
        self.folder = folder
        self.public: dict[str, FunctionRef] = {}  # non-static definitions of the folder
        for path in sorted(folder.files):
            for function in folder.files[path].functions:
                if not function.static:
                    self.public.setdefault(function.name, FunctionRef(path, function.name))
        self.callees: dict[FunctionRef, set[FunctionRef]] = {}
        self.call_sites: dict[FunctionRef, list] = {}  # callee -> [(caller, Call)]
        for path, facts in folder.files.items():
            defined = {f.name for f in facts.functions}
            for call in facts.calls:
                if not call.function or (call.callee not in defined and call.callee not in self.public):
                    continue
                target = self.resolve(call.callee, path)
                caller = FunctionRef(path, call.function)
                self.callees.setdefault(caller, set()).add(target)
                self.call_sites.setdefault(target, []).append((caller, call))
        self._pointer_targets: dict[str, set[FunctionRef]] | None = None
        self._pointer_callees: dict[FunctionRef, set[FunctionRef]] = {}
        self._address_taken: dict[FunctionRef, bool] = {}

    def resolve(self, name: str, path: str) -> FunctionRef | None:
        facts = self.folder.files.get(path)
        if facts is not None and facts.function(name) is not None:
            return FunctionRef(path, name)
        return self.public.get(name)

    def definition(self, ref: FunctionRef):
        facts = self.folder.files.get(ref.path)
        return facts.function(ref.name) if facts is not None else None

    # -- calls through pointers

    def pointer_targets(self, field: str) -> set[FunctionRef]:
        """The folder's functions stored into a field named `field`."""
        if self._pointer_targets is None:
            targets: dict[str, set[FunctionRef]] = {}
            for path, facts in self.folder.files.items():
                pairs = [pair for init in facts.struct_inits for pair in init.fields]
                pairs += [(assign.field, assign.value) for assign in facts.member_assigns]
                for key, value in pairs:
                    ref = self.resolve(function_name_of(value), path) if function_name_of(value) else None
                    if ref is not None:
                        targets.setdefault(key, set()).add(ref)
            self._pointer_targets = targets
        return self._pointer_targets.get(field, set())

    def pointer_callees(self, ref: FunctionRef) -> set[FunctionRef]:
        """The functions `ref` may call through a function pointer of the driver's own tables."""
        if ref not in self._pointer_callees:
            found: set[FunctionRef] = set()
            node = self.function_node(ref)
            if node is not None:
                data = extractor_of(self.folder.files[ref.path]).source.data
                captured = tree_sitter.QueryCursor(_field_call_query()).captures(node)
                for field in captured.get("field", ()):
                    found |= self.pointer_targets(data[field.start_byte:field.end_byte].decode("latin-1"))
            self._pointer_callees[ref] = found
        return self._pointer_callees[ref]

    def function_node(self, ref: FunctionRef):
        facts = self.folder.files.get(ref.path)
        extractor = extractor_of(facts) if facts is not None else None
        definition = self.definition(ref)
        if extractor is None or definition is None:
            return None
        return extractor.enclosing_function(definition.start_byte)

    # -- callers

    def callers(self, ref: FunctionRef) -> list:
        """[(caller, Call)] of the direct calls of `ref` in the folder's parsed files."""
        return self.call_sites.get(ref, [])

    def callers_complete(self, ref: FunctionRef) -> bool:
        """Are the direct calls of `ref` all its callers? A static function whose name is only
        ever called (never stored or passed) in its file; a non-static one also mentioned in
        no unparsed file of the folder."""
        if ref in self._address_taken:
            return not self._address_taken[ref]
        definition = self.definition(ref)
        if definition is None or not self.callers(ref):
            self._address_taken[ref] = True
            return False
        files = [self.folder.files[ref.path]] if definition.static else list(self.folder.files.values())
        name = ref.name.encode()
        taken = False
        if not definition.static and any(name in data for data, _ in self.folder.unparsed.values()):
            taken = True
        pattern = re.compile(rb"(?<![\w.>])" + re.escape(name) + rb"\b(?!\s*\()")
        for facts in files:
            extractor = extractor_of(facts)
            if extractor is None:
                taken = True
                break
            masked = extractor.source.masked
            if name in masked and pattern.search(masked):
                taken = True
                break
        self._address_taken[ref] = taken
        return not taken

    def reachable(self, roots, through_pointers: bool = False) -> dict[FunctionRef, FunctionRef]:
        """Every function reached from `roots` -> the root it was first reached from."""
        via: dict[FunctionRef, FunctionRef] = {}
        for root in sorted(roots):
            todo = [root]
            while todo:
                ref = todo.pop()
                if ref in via:
                    continue
                via[ref] = root
                todo.extend(self.callees.get(ref, ()))
                if through_pointers:
                    todo.extend(self.pointer_callees(ref))
        return via
