"""The declarations family (globals and locals) and the assignments family: variables and their values.

A file-scope variable's type, linkage and storage (Global), each function's locals (LocalVar:
the type, read on first use for the few functions a rule asks about, and the initializer),
and `name = value;` to a plain identifier (Assignment). FileFacts.variable_type() and
is_local() read them to tell what a name means inside a function.
"""
from __future__ import annotations

from .family import Family, FamilySpec
from .lazy import _Described, _Lazy
from .queries import ASSIGN, DECLARATION
from .records import Assignment, Global, LocalVar
from .syntax import (collapse, declarator_name, is_function_declarator, plain_assignments, pointer_prefix,
                     storage_classes, type_text)


class VariableFacts:
    """The declarations and assignments families' part of the Extractor."""

    def extract_declarations(self) -> None:
        """File-scope variables (globals) and the locals of each function, with their types."""
        for declaration in self._matches[DECLARATION.name]:
            function_node = self.enclosing_function(declaration.start_byte)
            if function_node is not None:
                function = self.function_name(declaration.start_byte)  # the name of function_node
                for declarator in declaration.children_by_field_name("declarator"):
                    name, name_node = declarator_name(declarator)
                    if not name:
                        continue
                    local = object.__new__(_LazyLocal)
                    object.__setattr__(local, "__dict__", {
                        "function": function, "name": name, "_node": (self, (declaration, declarator, name_node))})
                    self.facts.locals.append(local)
                continue
            storage = storage_classes(declaration)
            if "typedef" in storage:
                continue
            for declarator in declaration.children_by_field_name("declarator"):
                if declarator.type == "function_declarator" or (
                        declarator.type == "pointer_declarator" and is_function_declarator(declarator)):
                    continue  # a prototype
                name, name_node = declarator_name(declarator)
                if not name:
                    continue
                self.facts.globals.append(Global(
                    name=name, type=collapse(type_text(declaration) + " " + pointer_prefix(declarator)),
                    static="static" in storage, extern="extern" in storage, span=self.span(name_node),
                ))

    def local_type(self, nodes) -> dict:
        """A local's declared type, given (declaration, declarator, name node)."""
        declaration, declarator, _ = nodes
        return dict(type=collapse(type_text(declaration) + " " + pointer_prefix(declarator)))

    def local_place(self, nodes) -> dict:
        """The initializer text and the span of a local's name, given (declaration, declarator, name node)."""
        _, declarator, name_node = nodes
        value = declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
        return dict(value=self.text(value) if value is not None else "", span=self.span(name_node))

    def extract_assignments(self) -> None:
        for assign, left, value in plain_assignments(self._matches[ASSIGN.name], "identifier"):
            self.facts.assignments.append(Assignment(
                self.text(left), self.text(value), self.function_name(assign.start_byte), self.span(assign)))


class _LazyLocal(_Lazy, LocalVar):
    """A LocalVar from extract(): function and name with the parse; the type (for the scope of
    the few functions a rule asks about), the initializer's text and the span when first read."""

    _plain_type = LocalVar
    type = _Described(VariableFacts.local_type)
    value = _Described(VariableFacts.local_place)
    span = _Described(VariableFacts.local_place)


DECLARATIONS = FamilySpec(Family.DECLARATIONS, queries=(DECLARATION,), builds_on=(Family.FUNCTIONS,),
                          extract=VariableFacts.extract_declarations)
ASSIGNMENTS = FamilySpec(Family.ASSIGNMENTS, queries=(ASSIGN,), builds_on=(Family.FUNCTIONS,),
                         extract=VariableFacts.extract_assignments)
