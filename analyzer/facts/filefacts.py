"""FileFacts: every family of one file's facts, and the lookups rules ask of them.

The families a file's rules need come with the parse; any other is extracted from the same
tree on first read (__getattr__), so a rule never parses again. Lookups (a function by name,
the calls to a name, a variable's type in a function) are indexed on first use.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from .family import ATTRIBUTE_FAMILY, ON_FIRST_READ, Family
from .records import (Access, Assignment, Call, Function, Global, Invocation, LocalVar, LockRegion, Macro,
                      MemberAssign, Param, StructDef, StructInit)

# Where FileFacts keep their extractor (FileFacts.extractor) in their __dict__.
_EXTRACTOR = "_extractor"


@dataclass
class FileFacts:
    path: str
    has_parse_errors: bool = False
    functions: list[Function] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    macros: dict[str, Macro] = field(default_factory=dict)
    invocations: list[Invocation] = field(default_factory=list)
    struct_inits: list[StructInit] = field(default_factory=list)
    member_assigns: list[MemberAssign] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    locals: list[LocalVar] = field(default_factory=list)
    structs: dict[str, StructDef] = field(default_factory=dict)
    lock_regions: list[LockRegion] = field(default_factory=list)
    accesses: list[Access] = field(default_factory=list)
    suppressions: list = field(default_factory=list)  # kmodlint.suppress.Suppression

    # Facts from `extract()` are worked out by family (see family.py): the families the
    # file's rules declare in Rule.needs come with the parse, in one query walk. A
    # rule reading another one (a folder-wide rule reading a sibling, say) gets it
    # from the same tree on first read, together with every family not extracted
    # yet but accesses: each walk of the tree costs a third of the parse, whatever
    # it looks for, so one more walk for all beats one per family. Dataclass fields
    # that are set never reach __getattr__, so facts built by hand are plain data.

    @property
    def extractor(self):
        """The Extractor (or the trees' stand-in for it, kmodlint.trees) that holds this file's syntax
        tree and works out the families not read yet, while the run holds the tree; None for plain
        facts (pickled, deep-copied or built by hand). Never pickled: see __getstate__."""
        return self.__dict__.get(_EXTRACTOR)

    @extractor.setter
    def extractor(self, extractor) -> None:
        # In __dict__ under a name no dataclass field has, so that __getstate__ can leave it out.
        self.__dict__[_EXTRACTOR] = extractor

    def __getattr__(self, name: str):
        family = ATTRIBUTE_FAMILY.get(name)
        extractor = self.__dict__.get(_EXTRACTOR)
        if family is None or extractor is None:
            raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")
        extractor.ensure(ON_FIRST_READ | {family})
        return self.__dict__[name]

    def __getstate__(self):
        """Pickled (or deep-copied) facts are plain data: every family, no syntax tree."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state.update((key, value) for key, value in self.__dict__.items() if key.startswith("_") and key != _EXTRACTOR)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def first_parse_error(self) -> tuple[int, int]:
        """(line, column), 1-based, of the first ERROR or MISSING node; (0, 0) when there is none
        or the tree is gone."""
        extractor = self.extractor
        if extractor is None or not extractor.root.has_error:
            return 0, 0
        node = extractor.root
        while not (node.is_missing or node.type == "ERROR"):
            # Some MISSING nodes are not among their parent's children: then the deepest broken node.
            broken = next((c for c in node.children if c.has_error or c.is_missing), None)
            if broken is None:
                break
            node = broken
        return extractor.source.position(node.start_byte)

    def functions_with_parse_errors(self) -> set[str]:
        """Names of the functions whose definition holds an ERROR or MISSING node."""
        extractor = self.extractor
        if extractor is None:
            return set()
        extractor.ensure({Family.FUNCTIONS})
        return {name for node, name in zip(extractor._function_nodes, extractor._function_names)
                if name and node.has_error}

    def syntax_tree(self):
        """The tree these facts came from, while the run still holds it (None once pickled):
        for a rule that needs a node kind no fact family carries, without a second parse."""
        extractor = self.extractor
        return extractor.tree if extractor is not None else None

    # Lookups are indexed on first use: rules ask them once per call site.

    def function(self, name: str) -> Function | None:
        index = self.__dict__.get("_functions")
        if index is None:
            index = {}
            for function in self.functions:
                index.setdefault(function.name, function)
            self.__dict__["_functions"] = index
        return index.get(name)

    def calls_to(self, *names: str) -> list[Call]:
        index = self.__dict__.get("_calls")
        if index is None:
            index = {}
            for call in self.calls:
                index.setdefault(call.callee, []).append(call)
            self.__dict__["_calls"] = index
        if len(names) == 1:
            return list(index.get(names[0], ()))
        found = [call for name in set(names) for call in index.get(name, ())]
        found.sort(key=lambda call: call.start_byte)
        return found

    def global_var(self, name: str) -> Global | None:
        index = self.__dict__.get("_globals")
        if index is None:
            index = {}
            for variable in self.globals:  # a definition wins over an extern declaration
                if variable.name not in index or index[variable.name].extern:
                    index[variable.name] = variable
            self.__dict__["_globals"] = index
        return index.get(name)

    def _scope(self, function: str) -> dict[str, "Param | LocalVar"]:
        """Name -> the parameter or local of `function` it means, built when first asked: a
        rule asks about a few functions, and parameters and types are read from the tree."""
        scopes = self.__dict__.setdefault("_scopes", {})
        scope = scopes.get(function)
        if scope is None:
            by_name = self.__dict__.get("_scope_sources")
            if by_name is None:  # (definitions, locals) per function name, in source order
                by_name = {}
                for definition in self.functions:
                    by_name.setdefault(definition.name, ([], []))[0].append(definition)
                for local in self.locals:
                    by_name.setdefault(local.function, ([], []))[1].append(local)
                self.__dict__["_scope_sources"] = by_name
            definitions, local_vars = by_name.get(function, ((), ()))
            scope = {}
            for definition in definitions:
                for param in definition.params:
                    scope.setdefault(param.name, param)
            for local in local_vars:
                scope.setdefault(local.name, local)
            scopes[function] = scope
        return scope

    def variable_type(self, function: str, name: str) -> str | None:
        """The declared type of `name` as seen inside `function`: local, parameter, then global."""
        declared = self._scope(function).get(name)
        if declared is not None:
            return declared.type
        variable = self.global_var(name)
        return variable.type if variable is not None else None

    def is_local(self, function: str, name: str) -> bool:
        """Does `name` inside `function` mean a local or parameter (shadowing a global)?"""
        return name in self._scope(function)

    def accesses_of(self, names) -> list[Access]:
        """Accesses of the file-scope variables `names` anywhere in this file, whoever writes
        them (`accesses` holds only what this file's IRQ side writes): for a sibling's handler
        that writes a global this file reads. Worked out from the tree once per set of names."""
        names = frozenset(names)
        memo = self.__dict__.setdefault("_accesses_of", {})
        if names not in memo:
            extractor = self.extractor
            if extractor is not None:
                extractor.ensure({Family.FUNCTIONS, Family.CALLS, Family.DECLARATIONS})
                memo[names] = extractor.scan_accesses(set(names))
            else:  # plain facts (pickled, or built by hand): what they hold
                memo[names] = [a for a in self.accesses if a.key in names]
        return memo[names]

    def accesses_written_by(self, functions) -> list[Access]:
        """Like `accesses`, for the shared state that `functions` write: for a function that runs
        in hard-IRQ context by a way this file cannot see (an ops table, a sibling's handler).
        Worked out from the tree once per set of functions (plain facts: what they hold)."""
        functions = frozenset(functions)
        memo = self.__dict__.setdefault("_accesses_written_by", {})
        if functions not in memo:
            extractor = self.extractor
            memo[functions] = extractor.accesses_written_by(functions) if extractor is not None else []
        return memo[functions]

    def memo(self, owner, compute):
        """What `owner` (the rule function or class that derives it, a key no other code holds)
        works out once about this file and reuses, e.g. the flows of its functions: compute()
        the first time. Kept with the facts (and pickled with them, like the indexes)."""
        memos = self.__dict__.setdefault("_memos", {})
        if owner not in memos:
            memos[owner] = compute()
        return memos[owner]

    def callers(self, function: str) -> list[Call]:
        return self.calls_to(function)

    def regions_at(self, function: str, offset: int) -> list[LockRegion]:
        return [r for r in self.lock_regions if r.function == function and r.start_byte <= offset < r.end_byte]
