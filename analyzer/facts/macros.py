"""The macros family: the file's function-like macros (`#define NAME(a, b) body`), by name.

Rules read a macro's body to see what it expands to (a wrapper of a call they check); the
file's own header macros are read separately, by the functions family, from the preprocessor
view (kmodlint.preproc), which also knows the package's headers.
"""
from __future__ import annotations

from .family import Family, FamilySpec
from .queries import FileQuery
from .records import Macro

MACRO = FileQuery("macro", "(preproc_function_def) @macro")


class MacroFacts:
    """The macros family's part of the Extractor."""

    def extract_macros(self) -> None:
        for macro_node in self._matches[MACRO.name]:
            name_node, params_node = macro_node.child_by_field_name("name"), macro_node.child_by_field_name("parameters")
            if name_node is None or name_node.type != "identifier" or params_node is None \
                    or params_node.type != "preproc_params":
                continue
            name = self.text(name_node)
            params = tuple(self.text(p) for p in params_node.named_children if p.type == "identifier")
            value = macro_node.child_by_field_name("value")
            body = self.source.text(value.start_byte, value.end_byte) if value is not None else ""
            self.facts.macros[name] = Macro(name, params, body, self.span(macro_node))


SPEC = FamilySpec(Family.MACROS, queries=(MACRO,), builds_on=(), extract=MacroFacts.extract_macros)
