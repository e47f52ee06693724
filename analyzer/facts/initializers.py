"""The struct_inits and member_assigns families: what a driver stores in struct fields.

`struct TYPE NAME = { .field = value, ... }` (an ops table, a driver struct) and
`base->field = value`: how rules find the functions a driver hands the kernel (the .read of
its file_operations, the .probe of its driver) and the fields it sets at run time.
"""
from __future__ import annotations

from .family import Family, FamilySpec
from .queries import ASSIGN, DECLARATION
from .records import MemberAssign, StructInit
from .syntax import declarator_name, plain_assignments, storage_classes


class InitializerFacts:
    """The struct_inits and member_assigns families' part of the Extractor."""

    def extract_struct_inits(self) -> None:
        for declaration, struct, declarator, init in self._struct_initializers():
            name = declarator_name(declarator)[0]
            fields = []
            for pair in _initializer_pairs(init):
                if pair.type == "assignment_expression":
                    # `#ifdef CONFIG_X` inside the braces: tree-sitter reads
                    # `CONFIG_X .mmap = fn` as an assignment to a member.
                    fields.append((self.text(pair.child_by_field_name("left").child_by_field_name("field")),
                                   self.text(pair.child_by_field_name("right"))))
                    continue
                designator = pair.child_by_field_name("designator")
                value = pair.child_by_field_name("value")
                if designator is not None and designator.type == "field_designator" and value is not None:
                    fields.append((self.text(designator)[1:].strip(), self.text(value)))
            self.facts.struct_inits.append(StructInit(
                struct=self.text(struct), name=name, fields=tuple(fields),
                static="static" in storage_classes(declaration),
                function=self.function_name(declaration.start_byte), span=self.span(declaration),
            ))

    def _struct_initializers(self):
        """(declaration, struct name, declarator, initializer list) of `struct TYPE NAME = { ... }`."""
        for declaration in self._matches[DECLARATION.name]:
            type_node = declaration.child_by_field_name("type")
            if type_node is None or type_node.type != "struct_specifier":
                continue
            struct = type_node.child_by_field_name("name")
            if struct is None or struct.type != "type_identifier":
                continue
            for declarator in declaration.children_by_field_name("declarator"):
                if declarator.type != "init_declarator":
                    continue
                inner, value = declarator.child_by_field_name("declarator"), declarator.child_by_field_name("value")
                if inner is not None and value is not None and value.type == "initializer_list":
                    yield declaration, struct, inner, value

    def extract_member_assigns(self) -> None:
        for assign, left, value in plain_assignments(self._matches[ASSIGN.name], "field_expression"):
            base, field_node = left.child_by_field_name("argument"), left.child_by_field_name("field")
            if base is None or field_node is None or field_node.type != "field_identifier":
                continue
            self.facts.member_assigns.append(MemberAssign(
                base=self.text(base), field=self.text(field_node),
                value=self.text(value), function=self.function_name(assign.start_byte),
                span=self.span(assign),
            ))


STRUCT_INITS = FamilySpec(Family.STRUCT_INITS, queries=(DECLARATION,), builds_on=(Family.FUNCTIONS,),
                          extract=InitializerFacts.extract_struct_inits)
MEMBER_ASSIGNS = FamilySpec(Family.MEMBER_ASSIGNS, queries=(ASSIGN,), builds_on=(Family.FUNCTIONS,),
                            extract=InitializerFacts.extract_member_assigns)


def _initializer_pairs(node):
    """`.field = value` pairs of an initializer list, also those under #ifdef CONFIG_..."""
    for child in node.named_children:
        if child.type == "initializer_pair":
            yield child
        elif child.type == "assignment_expression" and child.child_by_field_name("left").type == "field_expression":
            yield child
        elif child.type.startswith("preproc_") or child.type == "ERROR":
            yield from _initializer_pairs(child)
