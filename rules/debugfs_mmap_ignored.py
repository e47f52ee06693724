"""debugfs_create_file() with fops that implement .mmap: the mmap is silently dropped."""
from __future__ import annotations

from kmodlint.model import Fix
from kmodlint.rule import Rule

RULE = Rule(
    id="debugfs-mmap-ignored",
    title="debugfs_create_file() ignores .mmap in the fops since Linux 4.8",
    severity="error",
    tags=("correctness", "api-misuse", "debugfs"),
    precision="high",
    triggers=(b"debugfs_create_file",),
    needs=("calls", "struct_inits", "member_assigns"),
    folder_needs=("struct_inits", "member_assigns"),
    help="""
Finds `debugfs_create_file()` and `debugfs_create_file_size()` given a
`struct file_operations` that sets `.mmap`: through `&fops`, a pointer
variable, a fops defined in another file of the same driver folder, or a
kernel fops known to implement mmap (`relay_file_operations`).

**Why:** since Linux 4.8, debugfs_create_file() does not install the fops as
given: it wraps them in a proxy that protects against the file being removed
while in use (see lkml.org/lkml/2016/5/21/73), and that proxy has no mmap. A
user's mmap() of the file fails with -ENODEV, although the driver implements it.

**Fix:** create the file with `debugfs_create_file_unsafe()`, which keeps the
fops as given:

```c
debugfs_create_file_unsafe("ring", 0400, dir, priv, &ring_fops);
```

The fops are then no longer protected against removal: each handler must
bracket its work with `debugfs_file_get(file)` / `debugfs_file_put(file)`
(see DEFINE_DEBUGFS_ATTRIBUTE for the pattern), or the files must be removed
only when no user can hold them open.
""",
)

FOPS_ARGUMENT = {"debugfs_create_file": 4, "debugfs_create_file_size": 4}
# Kernel fops that implement mmap and that drivers hand to debugfs; extend as needed.
KNOWN_MMAP_FOPS = {
    "relay_file_operations": "kernel/relay.c",
}


def _pointee(expression: str, call, facts) -> str:
    """The fops variable an argument points at: `&fops`, or a pointer set to `&fops`."""
    if expression.startswith("&"):
        return expression[1:].strip()
    if not expression.isidentifier():
        return ""
    for local in facts.locals:
        if local.function == call.function and local.name == expression and local.value.startswith("&"):
            return local.value[1:].strip()
    for assignment in facts.assignments:
        if assignment.function == call.function and assignment.name == expression and assignment.value.startswith("&"):
            return assignment.value[1:].strip()
    return ""


def _mmap_of(name: str, ctx):
    """(where .mmap is set, its value, path) for the fops `name`, or None."""
    if name in KNOWN_MMAP_FOPS:
        return None, f"in {KNOWN_MMAP_FOPS[name]}", ""
    found = ctx.folder.struct_init(name, ctx.source.path)
    if found is None:
        return None
    path, init = found
    if init.struct != "file_operations":
        return None
    value = init.field("mmap")
    if value is not None:
        return init, value, path
    for assign in ctx.folder.files[path].member_assigns:
        if assign.base == name and assign.field == "mmap":
            return assign, assign.value, path
    return None


def _admit_all(data: bytes) -> bool:
    return True


@RULE.folder_admission
def mmap_in_folder(folder_data: list[bytes]):
    """The fops can set .mmap only where some file of the folder says `mmap` (an initializer or
    an assignment: the folder index holds nothing else), or be a known kernel fops named here."""
    if any(b"mmap" in data for data in folder_data):
        return _admit_all
    known = [name.encode() for name in KNOWN_MMAP_FOPS]
    return lambda data: any(name in data for name in known)


@RULE.folder_tokens_from
def fops_names(facts):
    """The fops this file passes to debugfs: a sibling defining one of them is parsed too."""
    for call in facts.calls_to(*FOPS_ARGUMENT):
        index = FOPS_ARGUMENT[call.callee]
        if len(call.args) > index:
            yield _pointee(call.args[index], call, facts)


@RULE.check
def check(ctx):
    for call in ctx.facts.calls_to(*FOPS_ARGUMENT):
        index = FOPS_ARGUMENT[call.callee]
        if len(call.args) <= index:
            continue
        name = _pointee(call.args[index], call, ctx.facts)
        if not name:
            continue
        found = _mmap_of(name, ctx)
        if found is None:
            continue
        where, mmap, path = found
        related = [ctx.related(where, f"'{name}' sets .mmap = {mmap}", path)] if where is not None else []
        fixes = []
        if call.callee == "debugfs_create_file":
            end = call.start_byte + len(call.callee)
            # Unsafe: the rename alone leaves the fops unguarded against debugfs file removal;
            # the author still has to add debugfs_file_get()/debugfs_file_put().
            fixes.append(Fix("use debugfs_create_file_unsafe()", ctx.source.path, call.start_byte, end,
                             ctx.source.span(call.start_byte, end), "debugfs_create_file_unsafe",
                             applicability="unsafe"))
        yield ctx.finding(
            call,
            f"{call.callee}() is given '{name}', whose .mmap ({mmap}) debugfs ignores: mmap() on this file fails",
            related=related, fixes=fixes,
        )
