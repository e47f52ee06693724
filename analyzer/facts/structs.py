"""The structs family: each struct the file defines, by name, with its fields' types.

Rules read a field's declared type (is `count` an atomic_t? what struct does `dev->priv`
point to?); the folder index merges the structs of a driver's files, headers included.
"""
from __future__ import annotations

from .family import Family, FamilySpec
from .queries import FileQuery
from .records import StructDef
from .syntax import collapse, declarator_name, pointer_prefix, type_text

STRUCT_DEF = FileQuery("struct_def", "(struct_specifier) @struct_def")


class StructFacts:
    """The structs family's part of the Extractor."""

    def extract_structs(self) -> None:
        for struct in self._matches[STRUCT_DEF.name]:
            name_node, body = struct.child_by_field_name("name"), struct.child_by_field_name("body")
            if name_node is None or name_node.type != "type_identifier" or body is None \
                    or body.type != "field_declaration_list":
                continue
            fields = []
            for declaration in body.named_children:
                if declaration.type != "field_declaration":
                    continue
                base_type = type_text(declaration)
                for declarator in declaration.children_by_field_name("declarator"):
                    name = declarator_name(declarator)[0]
                    if name:
                        fields.append((name, collapse(base_type + " " + pointer_prefix(declarator))))
            self.facts.structs[self.text(name_node)] = StructDef(self.text(name_node), tuple(fields))


SPEC = FamilySpec(Family.STRUCTS, queries=(STRUCT_DEF,), builds_on=(), extract=StructFacts.extract_structs)
