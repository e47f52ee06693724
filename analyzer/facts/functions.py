"""The functions family: every function definition of the file, with its name and place.

Rules read a file's function names far more than anything else about them, and a file has
hundreds: the name and offsets come with the parse; linkage, return type, parameters and
spans are read from the definition's node on first use (_LazyFunction). A definition written
through a header macro (`NAME(fn) { ... }`) takes its header from the macro.
"""
from __future__ import annotations

import re
from dataclasses import fields
from functools import lru_cache

from ..preproc import PackageMacros
from .family import Family, FamilySpec
from .lazy import _Described, _Lazy, described_fields
from .queries import FileQuery
from .records import Function, Param
from .syntax import annotated_start, collapse, declarator_name, pointer_prefix, storage_classes, type_text

FUNCTION = FileQuery("function", "(function_definition) @function")


class FunctionFacts:
    """The functions family's part of the Extractor."""

    def extract_functions(self) -> None:
        nodes = self._matches[FUNCTION.name]
        nodes = sorted((n for n in nodes if (body := n.child_by_field_name("body")) is not None
                        and body.type == "compound_statement"), key=lambda n: n.start_byte)
        self._function_nodes = nodes
        self._function_starts = [n.start_byte for n in nodes]
        self._function_names = [declarator_name(n.child_by_field_name("declarator"))[0] for n in nodes]
        functions = self.facts.functions
        for node, name in zip(nodes, self._function_names):
            if name:
                lazy = object.__new__(_LazyFunction)
                lazy.__dict__.update(name=name, start_byte=node.start_byte, end_byte=node.end_byte, _node=(self, node))
                functions.append(lazy)

    def header_macro(self, node) -> tuple[bool, str, list[tuple[str, str]]] | None:
        """For `NAME(fn) { ... }`, where NAME is a local or package macro whose body is a function
        header naming its parameter (`#define NAME(f) static irqreturn_t f(int irq, void *d)`):
        (static, return type, [(parameter type, parameter name)]) of the header it expands to.
        The parser reads it as type NAME and a parenthesized declarator `(fn)`: the name is right,
        the rest comes from the macro."""
        declarator = node.child_by_field_name("declarator")
        type_node = node.child_by_field_name("type")
        if declarator is None or declarator.type != "parenthesized_declarator" or type_node is None \
                or type_node.type != "type_identifier":
            return None
        macros = self.__dict__.get("_header_macros")
        if macros is None:
            own = PackageMacros()
            own.add(self.source.data)
            env = self.source.env
            macros = {**(env.package.function_like if env is not None else {}), **own.function_like}
            self.__dict__["_header_macros"] = macros
        definition = macros.get(type_node.text.decode("utf-8", "replace"))
        if definition is None or len(definition[0]) != 1:
            return None
        return _function_header(definition[0][0], definition[1])

    def function_head(self, node) -> dict:
        """The linkage and return type of the function definition `node`."""
        header = self.header_macro(node)
        if header is not None:
            return dict(static=header[0], return_type=header[1])
        declarator = node.child_by_field_name("declarator")
        return dict(static="static" in storage_classes(node),
                    return_type=collapse(type_text(node) + " " + pointer_prefix(declarator)))

    def function_spans(self, node) -> dict:
        return dict(span=self.span(node), name_span=self.span(declarator_name(node.child_by_field_name("declarator"))[1]))

    def function_params(self, node) -> dict:
        """The parameters of the function definition `node`, each with its text as written."""
        header = self.header_macro(node)
        if header is not None:
            where = self.span(node.child_by_field_name("declarator"))
            return dict(params=tuple(Param(name, type_, f"{type_} {name}".strip(), where) for type_, name in header[2]))
        function_declarator = node.child_by_field_name("declarator")
        while function_declarator is not None and function_declarator.type != "function_declarator":
            function_declarator = function_declarator.child_by_field_name("declarator")
        params = []
        if function_declarator is not None:
            plist = function_declarator.child_by_field_name("parameters")
            for p in plist.named_children if plist is not None else ():
                if p.type != "parameter_declaration":
                    continue
                pdecl = p.child_by_field_name("declarator")
                pname = declarator_name(pdecl)[0] if pdecl is not None else ""
                start = annotated_start(self.source, p.start_byte)
                params.append(Param(pname, collapse(type_text(p) + " " + pointer_prefix(pdecl)),
                                    " ".join(self.source.text(start, p.end_byte).split()),
                                    self.source.span(start, p.end_byte)))
        return dict(params=tuple(params))


class _LazyFunction(_Lazy, Function):
    """A Function from extract(): name and offsets are read with the parse; linkage and return
    type, parameters and spans each when first read (most rules read a file's function names
    only, and a file has hundreds of functions)."""

    _plain_type = Function
    static = _Described(FunctionFacts.function_head)
    return_type = _Described(FunctionFacts.function_head)
    params = _Described(FunctionFacts.function_params)
    span = _Described(FunctionFacts.function_spans)
    name_span = _Described(FunctionFacts.function_spans)


assert described_fields(_LazyFunction) == {f.name for f in fields(Function)} - {"name", "start_byte", "end_byte"}

SPEC = FamilySpec(Family.FUNCTIONS, queries=(FUNCTION,), builds_on=(), extract=FunctionFacts.extract_functions)

_HEADER_STORAGE = frozenset(("static", "inline", "__inline", "__inline__", "__always_inline", "extern", "noinline",
                             "notrace", "__init", "__exit", "__maybe_unused", "__used", "__cold", "__hot"))


@lru_cache(maxsize=256)
def _function_header(param: str, body: str) -> tuple[bool, str, list[tuple[str, str]]] | None:
    """(static, return type, [(type, name)]) of a macro body that is a function header for the
    function named by macro parameter `param`; None when it is not one."""
    m = re.match(r"^([\w\s\*]*?)\b" + re.escape(param) + r"\s*\(([^()]*)\)\s*$", body)
    if m is None:
        return None
    words = m.group(1).replace("*", " * ").split()
    return_type = _star_type([w for w in words if w not in _HEADER_STORAGE])
    params = []
    for text in m.group(2).split(","):
        text = collapse(text)
        if not text or text == "void":
            continue
        name = re.search(r"([A-Za-z_]\w*)\s*$", text)
        if name is None or name.start() == 0:
            params.append((text, ""))
            continue
        params.append((_star_type(text[:name.start()].replace("*", " * ").split()), name.group(1)))
    return "static" in words, return_type, params


def _star_type(words: list[str]) -> str:
    """`const char *` as the facts write a type: the words, then the stars."""
    stars = "".join(w for w in words if w == "*")
    return collapse(" ".join(w for w in words if w != "*") + " " + stars)
