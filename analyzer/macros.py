"""What a driver's function-like macros do with their arguments and the calls in their bodies.

tree-sitter leaves a `#define` body as raw text, so a call written there (`#define
notify(pid, sig) kill_pid(find_vpid(pid), sig, 1)`) or an argument the body
evaluates as a statement (`#define handshake(n, f) do { ...; f; } while (0)`) is
invisible to the facts of the file. Here a body is parsed once, on its own, as
the statements of a function (line continuations blanked, so it parses as the
compiler's preprocessor would see the expansion's shape), and described:

- the parameters it evaluates as a statement: their value is dropped;
- the calls it makes, each either dropped (a statement of its own, `(void)` cast,
  the left of a comma) or the value of the whole macro (`#define rd(v, p) get_user(v, p)`).

`resolve` follows wrapper macros through the folder's macro tables (a macro whose
value is another macro's value), so that a two-level wrapper defined in other
files of the folder is seen as the call it stands for.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tree_sitter

from .facts import C_LANGUAGE, UsageKind

_PREFIX = b"void __kmodlint_macro(void)\n{\n"
_MAX_DEPTH = 4  # wrapper levels followed


@dataclass(frozen=True)
class BodyCall:
    callee: str
    dropped: bool  # evaluated as a statement: its result is thrown away at every use
    is_value: bool  # the value of the whole macro


@dataclass(frozen=True)
class MacroShape:
    statement_params: frozenset[int]  # indexes of the parameters the body evaluates as a statement
    calls: tuple[BodyCall, ...]


_parser: tree_sitter.Parser | None = None
_CALLS = None
_STATEMENT_POSITION = frozenset({"expression_statement", "comma_expression"})


def _dropping_parent(node):
    """Climb parentheses and `(void)` casts: the node whose value is what `node` evaluates to, and its parent."""
    parent = node.parent
    while parent is not None and (parent.type == "parenthesized_expression"
                                  or (parent.type == "cast_expression"
                                      and parent.child_by_field_name("type").text.split() == [b"void"])):
        node, parent = parent, parent.parent
    return node, parent


def _is_dropped(node) -> bool:
    node, parent = _dropping_parent(node)
    if parent is None:
        return False
    if parent.type == "comma_expression":  # the left of `a, b` is dropped; the right is the comma's value
        return parent.child_by_field_name("left") == node or _is_dropped(parent)
    if parent.type == "expression_statement":
        # The last statement of a statement expression `({ ...; x; })` is its value.
        block = parent.parent
        return not (block is not None and block.type == "compound_statement" and block.parent is not None
                    and block.parent.type == "statement_expression" and parent == block.named_children[-1])
    return False


@lru_cache(maxsize=4096)
def shape(params: tuple[str, ...], body: str) -> MacroShape:
    """The shape of a macro with these parameters and this body (cached: headers repeat them)."""
    global _parser, _CALLS
    if _parser is None:
        _parser = tree_sitter.Parser(C_LANGUAGE)
        _CALLS = tree_sitter.Query(C_LANGUAGE, "(call_expression function: (identifier) @callee) @call (identifier) @id")
    text = body.replace("\\\r\n", "   ").replace("\\\n", "  ").encode("utf-8", "replace")
    tree = _parser.parse(_PREFIX + text + b"\n;\n}\n")
    function = tree.root_node.named_children[0] if tree.root_node.named_children else None
    block = function.child_by_field_name("body") if function is not None else None
    if block is None:
        return MacroShape(frozenset(), ())
    top = [c for c in block.named_children if c.type != "comment"]
    # The whole body is one expression when it parsed as a single expression statement.
    whole = top[0].named_children[0] if len(top) == 1 and top[0].type == "expression_statement" \
        and top[0].named_children else None
    captures = tree_sitter.QueryCursor(_CALLS).captures(block)
    index = {name: i for i, name in enumerate(params)}
    statement_params = set()
    for identifier in captures.get("id", ()):
        name = identifier.text.decode("utf-8", "replace")
        if name in index and _is_dropped(identifier):
            statement_params.add(index[name])
    calls = []
    for call in sorted(captures.get("call", ()), key=lambda n: n.start_byte):
        callee = call.child_by_field_name("function").text.decode("utf-8", "replace")
        value = call
        while value.parent is not None and value.parent.type == "parenthesized_expression":
            value = value.parent
        is_value = whole is not None and value == whole
        calls.append(BodyCall(callee, not is_value and _is_dropped(call), is_value))
    return MacroShape(frozenset(statement_params), tuple(calls))


def lookup(name: str, tables) -> tuple[str, object] | None:
    """(path, Macro) of `name` from the first of `tables` ((path, dict of Macro): the file's own, then its
    folder's; or a FolderMacros) defining it."""
    if isinstance(tables, FolderMacros):
        return tables.lookup(name)
    for path, table in tables:
        macro = table.get(name)
        if macro is not None:
            return path, macro
    return None


def resolve(name: str, tables, wanted: frozenset[str], depth: int = 0) -> tuple[str, list] | None:
    """When macro `name` evaluates to a call of one of `wanted` (directly or through wrapper macros
    of `tables`): that callee and the chain of (path, Macro) definitions that leads to it."""
    found = lookup(name, tables)
    if found is None or depth > _MAX_DEPTH:
        return None
    macro = found[1]
    for call in shape(macro.params, macro.body).calls:
        if not call.is_value:
            continue
        if call.callee in wanted:
            return call.callee, [found]
        further = resolve(call.callee, tables, wanted, depth + 1)
        if further is not None:
            return further[0], [found, *further[1]]
    return None


def dropped_calls(name: str, tables, wanted: frozenset[str], depth: int = 0) -> tuple[str, list] | None:
    """When macro `name`'s body drops the result of a call of one of `wanted` (written there, or the
    value of a wrapper macro it calls as a statement): that callee and the chain of definitions."""
    found = lookup(name, tables)
    if found is None or depth > _MAX_DEPTH:
        return None
    macro = found[1]
    for call in shape(macro.params, macro.body).calls:
        if call.dropped and call.callee in wanted:
            return call.callee, [found]
        if call.dropped:
            wrapped = resolve(call.callee, tables, wanted, depth + 1)
            if wrapped is not None:
                return wrapped[0], [found, *wrapped[1]]
        elif not call.is_value:
            continue
        further = dropped_calls(call.callee, tables, wanted, depth + 1) if call.callee != name else None
        if further is not None:
            return further[0], [found, *further[1]]
    return None


class FolderMacros:
    """The macros a file sees: its own first, then the first definition among the other files of
    its folder (by path). The folder's part is one index shared by all its files (FolderIndex.memo):
    a file's question does not cost the folder's size."""

    def __init__(self, path: str, own: dict, folder: dict):
        self.path, self.own, self.folder = path, own, folder
        self._names: set[str] | None = None

    def lookup(self, name: str) -> tuple[str, object] | None:
        macro = self.own.get(name)
        # The folder's first definition is not this file's: it would have been found in `own`.
        return (self.path, macro) if macro is not None else self.folder.get(name)

    def names(self) -> set[str]:
        if self._names is None:
            self._names = set(self.own) | set(self.folder)
        return self._names


def _folder_definitions(folder) -> dict:
    """name -> (path, Macro) of its first definition in the folder's files, by path."""
    first: dict = {}
    for path, facts in sorted(folder.files.items()):
        for name, macro in facts.macros.items():
            first.setdefault(name, (path, macro))
    return first


def folder_tables(path: str, facts, folder) -> FolderMacros:
    """The macro tables a file sees: its own first, then the other files of its folder's (sorted)."""
    return FolderMacros(path, facts.macros, folder.memo("macros:folder-definitions", lambda: _folder_definitions(folder)))


def statement_argument(call, tables) -> tuple[str, object] | None:
    """(path, Macro) when `call` is an argument of a macro that evaluates that argument as a statement."""
    if call.usage is not UsageKind.ARGUMENT:
        return None
    found = lookup(call.arg_of, tables)
    if found is None or call.arg_index not in shape(found[1].params, found[1].body).statement_params:
        return None
    return found


@dataclass(frozen=True)
class MacroUse:
    use: object  # the Call of the macro
    callee: str  # the wanted function the macro calls
    chain: tuple  # (path, Macro) definitions from the macro used down to the call
    dropped_inside: bool  # the body drops the result; False: the macro's value is the call's


def uses(facts, tables, wanted: frozenset[str]):
    """The uses in `facts` of macros that call one of `wanted`: dropping its result inside, or as their value."""
    names = tables.names() if isinstance(tables, FolderMacros) else {name for _, table in tables for name in table}
    for use in facts.calls:
        if use.callee not in names or use.callee in wanted or facts.function(use.callee) is not None:
            continue
        dropped = dropped_calls(use.callee, tables, wanted)
        if dropped is not None:
            yield MacroUse(use, dropped[0], tuple(dropped[1]), True)
            continue
        wrapped = resolve(use.callee, tables, wanted)
        if wrapped is not None:
            yield MacroUse(use, wrapped[0], tuple(wrapped[1]), False)
