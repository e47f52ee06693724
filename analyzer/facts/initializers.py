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
            fields, nested = [], []
            for pair in _initializer_pairs(init):
                if pair.type == "assignment_expression":
                    # `#ifdef CONFIG_X` inside the braces: tree-sitter reads
                    # `CONFIG_X .mmap = fn` as an assignment to a member.
                    fields.append((self.text(pair.child_by_field_name("left").child_by_field_name("field")),
                                   self.text(pair.child_by_field_name("right"))))
                    continue
                designators = pair.children_by_field_name("designator")
                value = pair.child_by_field_name("value")
                if not designators or designators[0].type != "field_designator" or value is None:
                    continue
                path = self._member_path(designators)
                if len(path) > 1:  # `.driver.probe = foo_probe`: a member of the member
                    nested.append((".".join(path), self.text(value)))
                else:  # `.ops[0] = x` stays the member's, as it always was
                    fields.append((self.text(designators[0])[1:].strip(), self.text(value)))
                if len(path) == len(designators) and value.type == "initializer_list":
                    self._nested_members(value, path, nested)
            self.facts.struct_inits.append(StructInit(
                struct=self.text(struct), name=name, fields=tuple(fields),
                static="static" in storage_classes(declaration),
                function=self.function_name(declaration.start_byte), span=self.span(declaration),
                nested=tuple(nested),
            ))

    def _member_path(self, designators) -> list[str]:
        """The member names of a designator chain (`.driver.probe`), up to its first `[i]`."""
        path = []
        for designator in designators:
            if designator.type != "field_designator":
                break
            path.append(self.text(designator)[1:].strip())
        return path

    def _nested_members(self, init, prefix: list[str], found: list) -> None:
        """(dotted path, value) of every member set in the nested initializer `init` of member
        `prefix` (`.driver = { .name = "foo", .probe = foo_probe }`), at any depth up to
        _MAX_NESTED_DEPTH; positional elements (`{ 1, 2 }`) name no member and are left out."""
        if len(prefix) > _MAX_NESTED_DEPTH:
            return
        for pair in _initializer_pairs(init):
            if pair.type == "assignment_expression":
                path = prefix + [self.text(pair.child_by_field_name("left").child_by_field_name("field"))]
                found.append((".".join(path), self.text(pair.child_by_field_name("right"))))
                continue
            designators = pair.children_by_field_name("designator")
            value = pair.child_by_field_name("value")
            if not designators or value is None:
                continue
            own = self._member_path(designators)
            if not own:
                continue
            found.append((".".join(prefix + own), self.text(value)))
            if len(own) == len(designators) and value.type == "initializer_list":
                self._nested_members(value, prefix + own, found)

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


# Members of members of members ...: deeper initializers (a table of tables) are not followed.
_MAX_NESTED_DEPTH = 6

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
