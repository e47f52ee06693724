"""The macros family: the file's function-like macros (`#define NAME(a, b) body`), by name,
and the macros it invokes at file scope without a `;` (`module_init(foo_init)`).

Rules read a macro's body to see what it expands to (a wrapper of a call they check); the
file's own header macros are read separately, by the functions family, from the preprocessor
view (kmodlint.preproc), which also knows the package's headers. An invocation with its `;`
(`module_init(foo_init);`) parses as a call and is one of the calls family's; one without is
masked to a preprocessor line (kmodlint.source), read here from the original bytes.
"""
from __future__ import annotations

from .family import Family, FamilySpec
from .queries import FileQuery
from .records import Invocation, Macro

MACRO = FileQuery("macro", "(preproc_function_def) @macro")
# A masked invocation is a preprocessor line whose directive is an identifier in the original bytes.
INVOCATION = FileQuery("invocation", "(preproc_call directive: (preproc_directive) argument: (preproc_arg)) @invocation")


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
        data = self.source.data
        for line in self._matches[INVOCATION.name]:
            directive, argument = line.child_by_field_name("directive"), line.child_by_field_name("argument")
            if data[directive.start_byte:directive.start_byte + 1] == b"#":
                continue  # a directive as written (`#pragma`, `#warning`), not a masked invocation
            opening = data.find(b"(", argument.start_byte, argument.end_byte)
            closing = _closing_parenthesis(data, opening, argument.end_byte) if opening >= 0 else -1
            if closing < 0:
                continue
            self.facts.invocations.append(Invocation(
                name=self.text(directive), args=_split_arguments(self.source.text(opening + 1, closing)),
                span=self.source.span(directive.start_byte, closing + 1),
                start_byte=directive.start_byte, end_byte=closing + 1, args_start=opening + 1))


SPEC = FamilySpec(Family.MACROS, queries=(MACRO, INVOCATION), builds_on=(), extract=MacroFacts.extract_macros)


def _closing_parenthesis(data: bytes, opening: int, end: int) -> int:
    """The `)` that closes the `(` at data[opening], before `end`; -1 when there is none. The
    masking left only invocations whose argument list closes on their line."""
    depth = 0
    for at in range(opening, end):
        byte = data[at]
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return at
    return -1


def _split_arguments(text: str) -> tuple[str, ...]:
    """A macro's arguments as written: split at the commas outside parentheses and literals."""
    args, depth, quote, start, at = [], 0, "", 0, 0
    while at < len(text):
        char = text[at]
        if quote:
            if char == "\\":
                at += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            args.append(text[start:at])
            start = at + 1
        at += 1
    args.append(text[start:])
    args = [" ".join(arg.split()) for arg in args]
    return () if args == [""] else tuple(args)
