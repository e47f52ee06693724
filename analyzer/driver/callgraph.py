"""The folder's call graph, with C linkage, and the calls made through function pointers.

A function is named by a FunctionRef (path, name): a `static` function is its
file's own, a call resolves to the caller's file first and then to the one
non-static definition of the folder, as the linker would. A call through a
pointer (`priv->ops->handle(priv)`) reaches the functions the same file
stores into a field of that name (`.handle = foo_handle` in an initializer,
`ops->handle = foo_handle` in code): the driver's own ops tables, when the
field holds one function (two are variants picked at run time, say per chip
revision, more a per-request callback: which one runs is not known).

Only the folder's parsed files are known (FolderIndex.files): whether a
function's callers are all known says so (`callers_complete`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import tree_sitter

from kmodlint.facts import C_LANGUAGE


_IDENTIFIER = re.compile(rb"[A-Za-z_]\w*")
_OPS_SLOT = 1  # functions one field may hold and still be followed (two are variants chosen at run time)


class FunctionRef(NamedTuple):
    path: str
    name: str


@lru_cache(maxsize=None)
def _field_call_query() -> tree_sitter.Query:
    return tree_sitter.Query(C_LANGUAGE, "(call_expression function: (field_expression field: (field_identifier) @field))")


def extractor_of(facts):
    """The parse behind `facts` while the run holds it (None for plain, pickled facts)."""
    return facts.extractor


def _bare(type_text: str) -> str:
    """`const struct foo_ops *` -> foo_ops."""
    return " ".join(w for w in type_text.replace("*", " ").split() if w not in ("const", "struct", "volatile"))


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
        self._mentions: dict[str, set[str]] = {}
        # The folder's parsed and unparsed files do not change once its rules run.
        self._named_in_folder: set[str] | None = None
        self._unparsed_identifiers: frozenset[bytes] | None = None
        self._public_words: frozenset[bytes] | None = None
        self._structs: dict[str, bool] = {}

    def resolve(self, name: str, path: str) -> FunctionRef | None:
        facts = self.folder.files.get(path)
        if facts is not None and facts.function(name) is not None:
            return FunctionRef(path, name)
        return self.public.get(name)

    def definition(self, ref: FunctionRef):
        facts = self.folder.files.get(ref.path)
        return facts.function(ref.name) if facts is not None else None

    # -- calls through pointers

    def pointer_targets(self, field: str, path: str, struct: str | None) -> set[FunctionRef]:
        """The functions the file `path` stores into a field named `field` of `struct` (its type
        name; None when the call's pointer type is not known: then only the driver's own struct
        types, and stores in code, count). A field that holds more than _OPS_SLOT functions is a
        per-request callback (a completion, chosen per call), not an ops slot: none is followed."""
        if self._pointer_targets is None:
            targets: dict[tuple[str, str], set[tuple[str, FunctionRef]]] = {}
            for store_path, facts in self.folder.files.items():
                pairs = [(init.struct, key, value) for init in facts.struct_inits for key, value in init.fields]
                pairs += [("", assign.field, assign.value) for assign in facts.member_assigns]
                for owner, key, value in pairs:
                    ref = self.resolve(function_name_of(value), store_path) if function_name_of(value) else None
                    if ref is not None:
                        targets.setdefault((store_path, key), set()).add((_bare(owner), ref))
                # `.ops = { .irq = { .ack = foo_ack } }`: a call `x->ops.irq.ack()` names the innermost member
                for init in facts.struct_inits:
                    for member, value in init.nested:
                        ref = self.resolve(function_name_of(value), store_path) if function_name_of(value) else None
                        if ref is not None:
                            owner = self._member_owner(init.struct, member, facts)
                            targets.setdefault((store_path, member.rpartition(".")[2]), set()).add((_bare(owner), ref))
            self._pointer_targets = targets
        stores = self._pointer_targets.get((path, field), set())
        if struct is not None:
            found = {ref for owner, ref in stores if owner in (struct, "")}
        else:
            found = {ref for owner, ref in stores if not owner or self.struct_known(owner)}
        return found if len(found) <= _OPS_SLOT else set()

    def _member_owner(self, struct: str, path: str, facts) -> str:
        """The struct type holding the last member of `path` ("ops.irq.ack") in `struct`, as the
        folder's struct definitions say; `struct` itself when they do not (a kernel type, an
        anonymous member): a call whose pointer type is known then does not match it, and one whose
        type is not known does only when `struct` is the driver's own, as for its top-level members."""
        owner = struct
        for member in path.split(".")[:-1]:
            if owner not in self._structs:  # a miss searches the unparsed files: once per name
                self._structs[owner] = self.folder.struct_def(owner) is not None
            definition = self.folder.struct_def(owner, facts) if self._structs[owner] else None
            declared = definition.field_type(member) if definition is not None else None
            if not declared or "struct" not in declared or "{" in declared:
                return struct
            owner = _bare(declared)
        return owner

    def stored_in(self, expression: str) -> set[FunctionRef]:
        """Every function of the folder stored into the field `expression` ends with
        (`ha->isp_ops->intr_handler` -> what any file stores into an `intr_handler` field)."""
        text = expression.strip()
        if "->" not in text and "." not in text:
            return set()
        field = text.replace("->", ".").rpartition(".")[2].strip()
        if not field.isidentifier():
            return set()
        self.pointer_targets(field, "", None)  # builds the index
        return {ref for (_, key), stores in self._pointer_targets.items() if key == field for _, ref in stores}

    def pointer_callees(self, ref: FunctionRef) -> set[FunctionRef]:
        """The functions `ref` may call through a function pointer of the driver's own tables."""
        if ref not in self._pointer_callees:
            found: set[FunctionRef] = set()
            node = self.function_node(ref)
            if node is not None:
                facts = self.folder.files[ref.path]
                data = extractor_of(facts).source.data
                captured = tree_sitter.QueryCursor(_field_call_query()).captures(node)
                for field in captured.get("field", ()):
                    struct = self._struct_of(facts, ref.name, field.parent.child_by_field_name("argument"), data)
                    found |= self.pointer_targets(data[field.start_byte:field.end_byte].decode("latin-1"),
                                                  ref.path, struct)
            self._pointer_callees[ref] = found
        return self._pointer_callees[ref]

    def _struct_of(self, facts, function: str, node, data: bytes, depth: int = 0) -> str | None:
        """The struct type `node` (an expression) points to, as far as the folder's types say."""
        if node is None or depth > 8:
            return None
        if node.type == "identifier":
            declared = facts.variable_type(function, data[node.start_byte:node.end_byte].decode("latin-1"))
            return _bare(declared) if declared and "struct" in declared else None
        if node.type in ("parenthesized_expression", "pointer_expression") and node.named_children:
            return self._struct_of(facts, function, node.named_children[-1], data, depth + 1)
        if node.type == "field_expression":
            owner = self._struct_of(facts, function, node.child_by_field_name("argument"), data, depth + 1)
            field = node.child_by_field_name("field")
            definition = self.folder.struct_def(owner, facts) if owner else None
            declared = definition.field_type(data[field.start_byte:field.end_byte].decode("latin-1")) \
                if definition is not None and field is not None else None
            return _bare(declared) if declared and "struct" in declared else None
        return None

    def function_text(self, ref: FunctionRef) -> str:
        """The code of `ref`'s definition (comments and literals masked), "" when not at hand."""
        node = self.function_node(ref)
        if node is None:
            return ""
        return extractor_of(self.folder.files[ref.path]).source.masked[node.start_byte:node.end_byte].decode("latin-1")

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
        if definition.static:
            taken = ref.name in self._named_not_called(ref.path)
        else:
            taken = ref.name.encode() in self._unparsed_words() or ref.name in self._named_anywhere()
        self._address_taken[ref] = taken
        return not taken

    def named_not_called(self, ref: FunctionRef) -> bool:
        """Does a parsed file that can see `ref` name it in code other than as a call's callee (store it
        in a table, pass it as a callback)? Then the kernel or another function may call it too. Unlike
        callers_complete, a mention in an unparsed file (a header's prototype), a string or a comment
        (`"foo_init failed"`, `#include "foo_init.h"`) does not count."""
        definition = self.definition(ref)
        if definition is None:
            return True
        return ref.name in (self._named_not_called(ref.path) if definition.static else self._named_anywhere())

    def _named_anywhere(self) -> set[str]:
        """The names any parsed file of the folder mentions other than as a callee: one union, so
        that asking for each of a folder's functions costs the folder's size once, not each time."""
        if self._named_in_folder is None:
            self._named_in_folder = set().union(*(self._named_not_called(path) for path in self.folder.files))
        return self._named_in_folder

    def _unparsed_words(self) -> frozenset[bytes]:
        """Every identifier in the folder's unparsed files (a prototype in a header, a table in a
        file no rule parsed): a function named there may be called from anywhere. Read once."""
        if self._unparsed_identifiers is None:
            self._unparsed_identifiers = frozenset(
                word for data, _ in self.folder.unparsed.values() for word in set(_IDENTIFIER.findall(data)))
        return self._unparsed_identifiers

    def _named_not_called(self, path: str) -> set[str]:
        """The folder's function names that `path` mentions in code (not in a comment or a string)
        other than as a call's callee (or a prototype): stored in a table, passed as a callback. One
        search of the file for all."""
        key = path
        if key not in self._mentions:
            facts = self.folder.files[path]
            extractor = extractor_of(facts)
            if self._public_words is None:
                self._public_words = frozenset(n.encode() for n in self.public)
            names = {f.name.encode() for f in facts.functions} | self._public_words
            if extractor is None:
                self._mentions[key] = {n.decode() for n in names}  # no text to read: any may be
            else:
                masked, found = extractor.source.masked, set()
                # comments and strings blanked: a kernel-doc header or a log message names its
                # function, it does not store a pointer to it
                code = None
                for match in _IDENTIFIER.finditer(masked):
                    word = match.group()
                    if word in names and word.decode() not in found:
                        code = extractor.source.code if code is None else code
                        if code[match.start():match.end()] != word:
                            continue
                        before = masked[max(0, match.start() - 1):match.start()]
                        after = masked[match.end():match.end() + 64].lstrip()
                        if not after.startswith(b"(") and before not in (b".", b">"):
                            found.add(word.decode())
                self._mentions[key] = found
        return self._mentions[key]

    def called_only_from(self, roots) -> set[FunctionRef]:
        """`roots` and the functions that run only when one of them calls it: static (no caller outside
        the folder), every caller known (never stored or passed) and among them, directly or through
        such functions."""
        side = set(roots)
        todo = [callee for root in side for callee in self.callees.get(root, ())]
        while todo:
            ref = todo.pop()
            definition = self.definition(ref)
            if ref in side or definition is None or not definition.static or self.named_not_called(ref):
                continue
            callers = self.callers(ref)
            if callers and all(caller in side for caller, _ in callers):
                side.add(ref)
                todo.extend(self.callees.get(ref, ()))
        return side

    def struct_known(self, name: str) -> bool:
        """Does a file of the folder define `struct name` (the driver's own type)? Remembered."""
        if name not in self._structs:
            self._structs[name] = self.folder.struct_def(name) is not None
        return self._structs[name]

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
