"""Folder facts: the per-file facts of one driver folder, with C linkage.

A driver spreads over several files: fops defined in one, registered in
another. Rules resolve file-scope names through this index. A `static` symbol
is seen only in its own file, and a file's own definition wins over a
sibling's, exactly as the linker would see it (many drivers in one folder each
have their own `static const struct file_operations fops`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .facts import FileFacts, Function, StructDef, StructInit


@dataclass
class FolderIndex:
    files: dict[str, FileFacts] = field(default_factory=dict)
    # The folder's other files, which no rule asked to parse up front: path -> (bytes, parse),
    # for the rule that needs a definition one of them holds (parsed then, once).
    unparsed: dict[str, tuple[bytes, Callable[[], FileFacts | None]]] = field(default_factory=dict, repr=False)
    _memo: dict = field(default_factory=dict, repr=False)
    _parsed_late: dict = field(default_factory=dict, repr=False)
    _structs_of: tuple | None = field(default=None, repr=False)  # (files indexed, struct index)
    # (unparsed file, the pattern of a definition) the file does not hold: the concurrency rules ask of a kernel
    # struct (sk_buff, device) once per access, and each question is a search of every such file
    # (shared by the folder's views, like _parsed_late: a file's bytes are the same in each).
    _undefined: set = field(default_factory=set, repr=False)

    def memo(self, key: str, compute):
        """Folder-wide state a rule derives once and reuses for every file of the folder."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _lookup(self, name: str, from_path: str, items):
        own = self.files.get(from_path)
        if own is not None:
            for item in items(own):
                if item.name == name:
                    return from_path, item
        for path in sorted(self.files):
            if path == from_path:
                continue
            for item in items(self.files[path]):
                if item.name == name and not item.static:
                    return path, item
        return None

    def struct_def(self, name: str, own: FileFacts | None = None) -> StructDef | None:
        """The definition of `struct name` in a file of the folder (`own`'s first), or None: a
        struct no file of the folder defines is the kernel's, not the driver's. A file not
        parsed yet is parsed when its bytes hold `name {` (comments allowed in between)."""
        definition = own.structs.get(name) if own is not None else None
        if definition is None:
            definition = self._struct_index().get(name)
        if definition is not None:
            return definition
        shape = re.compile(rb"\b" + re.escape(name.encode()) + rb"\s*(?:/\*.{0,400}?\*/\s*)*\{", re.S)
        for path, facts in self._parsed_when(name, shape):
            if facts is not None and name in facts.structs:
                return facts.structs[name]
            self._undefined.add((path, shape.pattern))
        return None

    def unparsed_macro_tables(self, name: str) -> list:
        """[(path, its macros)] of the unparsed files of the folder that #define `name` (a driver
        header no rule parsed: `#define foo_info(fmt, ...) v4l2_info(...)`), each parsed then, once."""
        shape = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+" + re.escape(name.encode()) + rb"\b", re.M)
        return [(path, facts.macros) for path, facts in self._parsed_when(name, shape) if facts is not None]

    def _parsed_when(self, name: str, shape: re.Pattern):
        """(path, facts or None) of each unparsed file (by path) whose bytes match `shape` (a
        definition of `name`), parsed then, once for the folder and its views; files already
        known not to define `name` are not searched again."""
        for path in sorted(self.unparsed):
            if (path, shape.pattern) in self._undefined:
                continue
            data, parse = self.unparsed[path]
            if name.encode() in data and shape.search(data):
                if path not in self._parsed_late:
                    self._parsed_late[path] = parse()
                yield path, self._parsed_late[path]
            else:
                self._undefined.add((path, shape.pattern))

    def _struct_index(self) -> dict[str, StructDef]:
        """struct name -> its first definition among the parsed files (in their order), built once
        per set of files: a question per access must not walk every file of a large folder."""
        if self._structs_of is None or self._structs_of[0] != len(self.files):
            index: dict[str, StructDef] = {}
            for facts in self.files.values():
                for struct, definition in facts.structs.items():
                    index.setdefault(struct, definition)
            self._structs_of = (len(self.files), index)
        return self._structs_of[1]

    def struct_init(self, name: str, from_path: str) -> tuple[str, StructInit] | None:
        """The file-scope initializer `name`, as `from_path` would link to it."""
        return self._lookup(name, from_path, lambda f: (s for s in f.struct_inits if not s.function))

    def function(self, name: str, from_path: str) -> tuple[str, Function] | None:
        return self._lookup(name, from_path, lambda f: f.functions)
