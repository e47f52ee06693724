"""`__user` on the pointer instead of the pointee, and fops buffers declared without `__user`."""
from __future__ import annotations

import re

from kmodlint import facts as facts_module
from kmodlint.model import Fix
from kmodlint.rule import Rule
from kmodlint.source import decode

# A `*` followed by `__user` (and qualifiers) that no further `*` follows: the
# annotation qualifies the declared pointer itself.
_MISPLACED = re.compile(
    rb"\*(?P<before>(?:\s*\b(?:const|volatile|restrict|__restrict)\b)*)\s*(?P<user>__user)\b"
    rb"(?P<after>(?:\s*\b(?:const|volatile|restrict|__restrict)\b)*)\s*"
)
# Its start, searched in the raw bytes: the trigger of the warning (the rule's own first test).
_MISPLACED_START = rb"\*(?:\s*\b(?:const|volatile|restrict|__restrict)\b)*\s*__user\b"

RULE = Rule(
    id="user-pointer-annotation",
    title="__user on the pointer itself, or a file_operations buffer without __user",
    severity="warning",
    tags=("correctness", "sparse", "uaccess"),
    precision="high",
    # `__user` for the misplaced annotation; the fops structs for the buffer that lacks one.
    triggers=((b"__user", _MISPLACED_START), b"file_operations", b"proc_ops"),
    needs=("functions", "struct_inits"),
    folder_needs=("functions",),
    help="""
Finds two ways of telling sparse the wrong thing about a userspace pointer:

- **warning**: `__user` written after the `*` — `const char * __user buf`,
  `char *__user p`, `char *const __user p` — in a parameter (of a definition,
  a prototype or a function-pointer member), a local, a global or a struct
  field. There it qualifies the pointer variable itself, not the memory it
  points to.
- **note**: a `struct file_operations` `.read`/`.write` handler whose buffer
  (the 2nd parameter of `(struct file *, char *, size_t, loff_t *)`) is a
  plain `char *` / `const char *` with no `__user` at all. The handler is
  found through the fops initializer, in the same file or in another file of
  the driver folder (then the note is on the `.read = handler` line, with the
  handler's parameter as related location). `struct proc_ops`
  `.proc_read`/`.proc_write` handlers are checked too: the VFS calls them with
  the same userspace buffer. A handler that never reads its buffer (a
  watchdog write that only pets the timer) is left alone: sparse has nothing
  to check in it.

**Why:** `__user` is sparse's address-space annotation
(`__attribute__((noderef, address_space(__user)))`). Like `const`, it
qualifies what it is written next to: before the `*`, the pointed-to bytes
(they live in user space); after the `*`, the variable `buf` itself, while
the bytes it points to count as kernel memory. sparse (`make C=1`) then
checks the wrong thing: it no longer knows that `buf[i]` or
`memcpy(dst, buf, n)` touch user memory, the very bug `__user` exists to
catch (user memory may only be reached through copy_from_user(),
copy_to_user() & co.), and it reports the correct call instead:

```
warning: incorrect type in argument 2 (different address spaces)
   expected void const [noderef] __user *from
   got char const *buf
```

A fops buffer declared without `__user` has the same effect with no
annotation at all: the VFS hands the handler a userspace address.

**Fix:** put `__user` between the pointee type and the `*`, as the VFS
prototypes in include/linux/fs.h do:

```c
/* wrong: buf is a "user" variable pointing at kernel chars */
static ssize_t foo_write(struct file *file, const char * __user buf,
                         size_t count, loff_t *ppos);
/* right */
static ssize_t foo_write(struct file *file, const char __user *buf,
                         size_t count, loff_t *ppos);
```

The warning carries a SARIF fix that moves `__user` onto the pointee of a
one-level pointer (or drops it when the pointee already has one, as in
`void __user * __user p`); for `char ** __user p` and for
`char *a, * __user b;` it only says what to write.

`__user` after a `*` is right when another `*` follows: in
`void __user * __user *argp` the pointers that `argp` points at are
themselves in user space. Silent for that, for `__user` before the type
(`__user char *buf`), casts and `sizeof` (`(char __user *)arg`), macro
bodies, comments and strings, `.read_iter`/`.write_iter` (they take an
iov_iter), the `.read`/`.write` of other ops structs (`kernfs_ops`,
`bin_attribute`, private bus ops: kernel buffers), handlers not defined in
the driver folder, and handlers whose parameter list is not the four VFS
parameters (an `#ifdef` inside it, say).
""",
)

_QUALIFIER = re.compile(rb"\b(?:const|volatile|restrict|__restrict)\b")
_USER = re.compile(r"\b__user\b")
_DECLARATIONS = {"parameter_declaration": "parameter", "field_declaration": "field", "declaration": "variable"}

# Ops structs whose read/write handlers receive the userspace buffer as their 2nd parameter.
USER_BUFFER_HANDLERS = {
    "file_operations": {"read": "char", "write": "const char"},
    "proc_ops": {"proc_read": "char", "proc_write": "const char"},
}


# ---------------------------------------------------------------- misplaced __user


def _owner(star):
    """The declaration a `*` token belongs to, and the pointer declarator it starts,
    when that pointer is the declared object itself; (None, None) otherwise."""
    pointer = star.parent
    if pointer is None or pointer.type not in ("pointer_declarator", "abstract_pointer_declarator"):
        return None, None
    inner = pointer.child_by_field_name("declarator")
    if pointer.type == "pointer_declarator":
        if inner is None or inner.type not in ("identifier", "field_identifier"):
            return None, None  # a function's return type, an array, a function pointer
    elif inner is not None:
        return None, None
    top = pointer
    while top.parent is not None and top.parent.type == pointer.type:
        top = top.parent
    owner = top.parent
    if owner is not None and owner.type == "init_declarator":
        owner = owner.parent
    if owner is None or owner.type not in _DECLARATIONS or owner.has_error:
        return None, None  # a cast, a sizeof, a typedef, or code tree-sitter could not read
    if pointer.type == "abstract_pointer_declarator" and owner.type != "parameter_declaration":
        return None, None
    return owner, (top, inner)


def _misplaced(ctx):
    data = ctx.source.data
    if not re.search(_MISPLACED_START, data):
        return  # the common case: every `__user` sits before a `*` or before another `*`
    code = ctx.source.code
    tree = None
    for match in _MISPLACED.finditer(code):
        if tree is None:
            # Declarators are not a fact family: read them from the file's own tree (parsed
            # again only if the facts came without one, e.g. from a pickle).
            tree = ctx.facts.syntax_tree() or facts_module.parse(ctx.source)
        star_at = match.start()
        if code[match.end():match.end() + 1] == b"*":
            continue  # `void __user * __user *argp`: the pointers argp points at are in user space
        star = tree.root_node.descendant_for_byte_range(star_at, star_at + 1)
        if star is None or star.type != "*":
            continue
        owner, found = _owner(star)
        if owner is None:
            continue
        top, inner = found
        first = owner.child_by_field_name("declarator")  # the first of `char *a, * __user b`
        base = decode(data[owner.start_byte:first.start_byte if first is not None else top.start_byte])
        levels = decode(data[top.start_byte:star_at])  # the outer stars of a multi-level pointer
        pointee = levels[levels.rfind("*") + 1:] if levels else base  # what this `*` points at
        pointee_has_user = bool(_USER.search(pointee))
        qualifiers = " ".join(q.decode() for q in _QUALIFIER.findall(match.group("before") + match.group("after")))
        name = inner.text.decode("utf-8", "replace") if inner is not None else ""
        head = " ".join((base + levels).split())
        corrected = (f"{head}{'' if pointee_has_user else ' __user'} *"
                     f"{qualifiers + (' ' if name else '') if qualifiers else ''}{name}")
        kind = _DECLARATIONS[owner.type]
        if kind == "variable" and _in_function(owner):
            kind = "local"
        what = f"{kind} '{name}'" if name else "unnamed parameter"
        fixes = []
        # The rewrite is unambiguous for a one-level pointer (the pointee is the base
        # type) or when the pointee already carries `__user` (drop the extra one), and
        # when the edited bytes hold no comment and no line break.
        start = star_at
        while start > 0 and data[start - 1:start] in (b" ", b"\t"):
            start -= 1
        end = match.end()
        shared = len(owner.children_by_field_name("declarator")) > 1  # `char *a, * __user b;`
        if (not levels or pointee_has_user) and not shared and data[start:end] == code[start:end] \
                and b"\n" not in data[start:end]:
            replacement = (" *" if pointee_has_user else " __user *") + (qualifiers + " " if qualifiers else "")
            if not name:
                replacement = replacement.rstrip()
            if start == 0 or data[start - 1:start] in (b"(", b",", b"*"):
                replacement = replacement.lstrip()
            action = "drop the __user on the pointer" if pointee_has_user else "move __user to the pointee"
            fixes.append(Fix(f"{action}: {corrected}", ctx.source.path, start, end,
                             ctx.source.span(start, end), replacement))
        if shared:  # the base type is shared with the other declarators
            advice = f"declare it on its own: `{corrected}`"
        elif not levels or pointee_has_user:
            advice = f"write `{corrected}`"
        else:  # which level points into user space is the author's to say
            advice = f"write e.g. `{corrected}`"
        user_at = match.start("user")
        yield ctx.finding(
            ctx.source.span(user_at, user_at + len("__user")),
            f"'__user' after the '*' marks the {what} itself as user memory, not its target; {advice}",
            fixes=fixes, snippet=" ".join(decode(data[owner.start_byte:owner.end_byte]).split())[:240],
        )


def _in_function(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == "function_definition":
            return True
        parent = parent.parent
    return False


# ---------------------------------------------------------------- fops buffers without __user


def _handlers(facts):
    """(ops initializer, field, handler name, pointee type) for every user-buffer handler set."""
    for init in facts.struct_inits:
        fields = USER_BUFFER_HANDLERS.get(init.struct)
        if fields is None:
            continue
        for field, value in init.fields:
            if field in fields and value.isidentifier():
                yield init, field, value, fields[field]


@RULE.folder_tokens_from
def handler_names(facts):
    """Handlers named by this file's fops but defined elsewhere: a sibling defining one is parsed."""
    for _init, _field, name, _pointee in _handlers(facts):
        if facts.function(name) is None:
            yield name


def _field_span(ctx, init, field, name):
    """Where `.field = name` is written inside the initializer `init`."""
    start = ctx.source.offset(init.span.line, init.span.column)
    end = ctx.source.offset(init.span.end_line, init.span.end_column)
    pattern = re.compile(rb"\.\s*" + field.encode() + rb"\s*=\s*&?\s*" + re.escape(name.encode()) + rb"\b")
    match = pattern.search(ctx.source.code, start, end)
    if match is None:
        return init.span
    return ctx.source.span(match.start(), match.end())


def _read_in_body(ctx, function, buffer) -> bool:
    """Does the handler's body name its buffer parameter at all?"""
    after = ctx.source.offset(buffer.span.end_line, buffer.span.end_column)
    word = re.compile(rb"(?<![\w.>])" + re.escape(buffer.name.encode()) + rb"\b")
    return word.search(ctx.source.code, after, function.end_byte) is not None


def _unannotated_buffers(ctx):
    seen = set()
    for init, field, name, pointee in _handlers(ctx.facts):
        found = ctx.folder.function(name, ctx.source.path)
        if found is None:
            continue
        path, function = found
        if (path, name) in seen:
            continue
        seen.add((path, name))
        params = function.params
        # The VFS prototype exactly: (struct file *, [const] char __user *, size_t, loff_t *).
        # Anything else (an #ifdef'd parameter list, a mismatched type) is left alone.
        if len(params) != 4 or params[0].type not in ("struct file *", "const struct file *"):
            continue
        buffer = params[1]
        if buffer.type != pointee + " *" or buffer.span is None or _USER.search(buffer.text):
            continue
        if path == ctx.source.path and not _read_in_body(ctx, function, buffer):
            continue  # a watchdog write that only pings: nothing of the buffer for sparse to check
        corrected = f"{pointee} __user *{buffer.name}"
        message = (f"'{buffer.name}' of {name}() (.{field} of '{init.name}') is a user buffer declared without "
                   f"__user; declare it `{corrected}`")
        if path == ctx.source.path:
            yield ctx.finding(buffer.span, message, severity="note", function=name, snippet=buffer.text)
        else:
            yield ctx.finding(
                _field_span(ctx, init, field, name), message, severity="note",
                related=[ctx.related(buffer.span, f"{name}() declares '{buffer.name}' here", path)],
                snippet=f".{field} = {name}",
            )


@RULE.check
def check(ctx):
    if b"__user" in ctx.source.data:
        yield from _misplaced(ctx)
    yield from _unannotated_buffers(ctx)
