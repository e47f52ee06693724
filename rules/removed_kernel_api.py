"""Kernel APIs that no longer exist: what replaced them, and since when."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from kmodlint.preproc import parse_version
from kmodlint.rule import Rule

from ._module_entry import in_directive

RULE = Rule(
    id="removed-kernel-api",
    title="Use of a kernel API that was removed or renamed",
    severity="error",
    tags=("portability", "api-misuse"),
    precision="high",
    triggers=(b"siginfo", b"find_task_by_pid_type", b"netlink_kernel_create", b"NETLINK_CB", b"create_proc_entry",
              # the removed `.ioctl = fn` field, not every ioctl handler
              (b"ioctl", rb"(?:\.|->)\s*ioctl\b"), b"ioremap_nocache", b"access_ok", b"ACCESS_ONCE", b"pci_alloc_consistent",
              b"pci_free_consistent", b"pci_map_single", b"pci_unmap_single", b"pci_set_dma_mask",
              b"pci_set_consistent_dma_mask", b"dma_zalloc_coherent", b"PDE_DATA", b"class_create",
              b"strlcpy"),
    needs=("calls", "macros", "struct_inits", "structs"),
    options={"userspace-paths": ["tools/**", "scripts/**", "samples/bpf/**", "usr/**",
                                 "Documentation/**", "arch/*/boot/**"]},
    help="""
Finds uses of kernel APIs that no longer exist, with the version that removed
or changed them and what to write instead. The table (in
`rules/removed_kernel_api.py`, `REMOVED`) includes:

| written | gone since | write instead |
|---|---|---|
| `struct siginfo` / `siginfo_t` handed to send_sig_info() & co. | 4.20 | `struct kernel_siginfo` (`kernel_siginfo_t`), cleared with `clear_siginfo()` |
| `find_task_by_pid_type(type, nr)` | 2.6.24 | `pid_task(find_vpid(nr), type)` under rcu_read_lock(), or `get_pid_task(find_get_pid(nr), type)` |
| `netlink_kernel_create(net, unit, groups, input, mutex, module)` (6 arguments) | 3.6 | `struct netlink_kernel_cfg cfg = { .input = ... }; netlink_kernel_create(net, unit, &cfg)` |
| `netlink_kernel_create(net, unit, THIS_MODULE, &cfg)` (4 arguments) | 3.7 | `netlink_kernel_create(net, unit, &cfg)` |
| `NETLINK_CB(skb).pid` | 3.7 | `NETLINK_CB(skb).portid` |
| `create_proc_entry()` | 3.10 | `proc_create()` / `proc_create_data()` with a `struct proc_ops` |
| `.ioctl` in `struct file_operations` | 2.6.36 | `.unlocked_ioctl` (and `.compat_ioctl`), without the inode argument and the BKL |
| `ioremap_nocache()` | 5.6 | `ioremap()` (uncached already) |
| `access_ok(VERIFY_READ/VERIFY_WRITE, addr, size)` | 5.0 | `access_ok(addr, size)` |
| `ACCESS_ONCE(x)` | 4.15 | `READ_ONCE(x)` / `WRITE_ONCE(x, v)` |
| `pci_alloc_consistent()`, `pci_map_single()`, `pci_set_dma_mask()`, ... | 5.18 | `dma_alloc_coherent(&pdev->dev, ...)`, `dma_map_single()`, `dma_set_mask()`, ... |
| `dma_zalloc_coherent()` | 5.0 | `dma_alloc_coherent()` (it zeroes the memory) |
| `PDE_DATA(inode)` | 5.17 | `pde_data(inode)` |
| `class_create(THIS_MODULE, name)` | 6.4 | `class_create(name)` |
| `strlcpy()` | 6.8 | `strscpy()` (returns -E2BIG on truncation) |

**Why:** these were removed or changed in mainline; code written against old
tutorials or out-of-tree drivers does not build on a current kernel (or, for
`struct siginfo`, builds only against the user-space layout). Each entry says
what to use instead.

Judged against the target kernel (`--kernel-version`, the `kernel-version`
config key, the kernel tree's own Makefile, or else the newest kernel the table
knows): an API is reported only when the target is at or past the version that
removed it, so `strlcpy()` is fine on a 6.1 tree. Code in a branch the target
does not compile (`#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)`, `#if 0`,
and in a kernel tree `#ifdef NAME` of a name that no Makefile -D flag, no header
of the tree and not the file defines) is not reported; a branch on a condition
that cannot be known (a CONFIG_ option, a flag a Makefile may pass) is, on each
side where the branches split one statement or function header.

Silent when the file or any header of its package defines the name itself (a
compatibility shim: `#define pci_map_single(...) dma_map_single(...)`, a static
inline wrapper), in `#define` bodies, and, in a kernel source tree, under the
paths of the `userspace-paths` option (tools/, scripts/, ...: user-space programs).
""",
)


@dataclass(frozen=True)
class Removed:
    what: str  # what of it was removed, when not the whole call ("the module argument"); "" for the call
    version: str  # the release that removed or changed it
    replacement: str  # what to write instead


# name -> what it was, the version that removed or renamed it, what to write instead.
# The key says how it is found:
#   "name"            a call of that function or macro
#   "name/N"          a call with N arguments (an old signature)
#   "struct name"     the type, when a variable of it is handed to one of SIGINFO_USERS
#   "MACRO().field"   a field read through a macro's result
#   "struct.field"    a field set in an initializer of that struct type (`.ioctl = ...`)
REMOVED: dict[str, Removed] = {
    "struct siginfo": Removed("struct siginfo in kernel senders", "4.20", "struct kernel_siginfo, cleared with clear_siginfo()"),
    "siginfo_t": Removed("siginfo_t in kernel senders", "4.20", "kernel_siginfo_t, cleared with clear_siginfo()"),
    "find_task_by_pid_type": Removed("", "2.6.24", "pid_task(find_vpid(nr), type) under RCU, or get_pid_task()"),
    "netlink_kernel_create/6": Removed(
        "the 6-argument form", "3.6", "netlink_kernel_create(net, unit, &cfg) with a struct netlink_kernel_cfg"),
    "netlink_kernel_create/4": Removed("the module argument", "3.7", "netlink_kernel_create(net, unit, &cfg)"),
    "NETLINK_CB().pid": Removed("the .pid field", "3.7", "NETLINK_CB(skb).portid"),
    "create_proc_entry": Removed("", "3.10", "proc_create() or proc_create_data() with a struct proc_ops"),
    "file_operations.ioctl": Removed(
        "the .ioctl file operation", "2.6.36", ".unlocked_ioctl (no inode argument) and .compat_ioctl"),
    "ioremap_nocache": Removed("", "5.6", "ioremap(), which maps uncached already"),
    "access_ok/3": Removed("the VERIFY_READ/VERIFY_WRITE argument", "5.0", "access_ok(addr, size)"),
    "ACCESS_ONCE": Removed("", "4.15", "READ_ONCE(x) or WRITE_ONCE(x, val)"),
    "pci_alloc_consistent": Removed("", "5.18", "dma_alloc_coherent(&pdev->dev, size, &handle, GFP_KERNEL)"),
    "pci_free_consistent": Removed("", "5.18", "dma_free_coherent(&pdev->dev, size, vaddr, handle)"),
    "pci_map_single": Removed("", "5.18", "dma_map_single(&pdev->dev, ptr, size, dir)"),
    "pci_unmap_single": Removed("", "5.18", "dma_unmap_single(&pdev->dev, handle, size, dir)"),
    "pci_set_dma_mask": Removed("", "5.18", "dma_set_mask(&pdev->dev, DMA_BIT_MASK(n))"),
    "pci_set_consistent_dma_mask": Removed(
        "", "5.18", "dma_set_coherent_mask(&pdev->dev, mask), or dma_set_mask_and_coherent()"),
    "dma_zalloc_coherent": Removed("", "5.0", "dma_alloc_coherent(), which zeroes the memory"),
    "PDE_DATA": Removed("", "5.17", "pde_data(inode)"),
    "class_create/2": Removed("the module argument", "6.4", "class_create(name)"),
    "strlcpy": Removed("", "6.8", "strscpy(), which returns -E2BIG when it truncates"),
}

# Signal senders and the index of their siginfo argument: a struct siginfo handed to one of
# them is the pre-4.20 kernel API.
SIGINFO_USERS = {
    "send_sig_info": 1, "force_sig_info": 0, "kill_pid_info": 1, "group_send_sig_info": 1,
    "do_send_sig_info": 1, "__send_sig_info": 1, "kill_pid_info_as_cred": 1, "send_sig_info_to": 1,
    "force_sig_info_to_task": 0, "send_sigqueue": -1, "clear_siginfo": 0, "copy_siginfo": 0,
}

SIGINFO_KEYS = frozenset({"struct siginfo", "siginfo_t"})  # found by _siginfo(), not as calls
_CALL_KEY = re.compile(r"^(\w+)(?:/(\d+))?$")
_FIELD_THROUGH_MACRO = re.compile(r"^(\w+)\(\)\.(\w+)$")
_STRUCT_FIELD = re.compile(r"^(\w+)\.(\w+)$")


def _in_userspace(ctx) -> bool:
    path = ctx.source.kernel_path
    return bool(path) and any(fnmatch.fnmatchcase(path, p) for p in ctx.settings["userspace-paths"])


def _removed_for_target(ctx, entry: Removed) -> bool:
    """Was the API gone in the kernel the code targets (the newest known one when none is set)?"""
    target = ctx.source.target_kernel
    return target is None or parse_version(entry.version) <= target


def _defined_here(ctx, name: str) -> bool:
    """Does the file or its package define `name` (a compat shim: a macro or a function of any
    header of the package, mapping the old name onto the new API)?"""
    if ctx.facts.function(name) is not None or name in ctx.facts.macros:
        return True
    env = ctx.source.env
    return env is not None and env.package.defines(name)


def _message(key: str, entry: Removed, written: str) -> str:
    what = f"{entry.what} was removed" if entry.what else "removed"
    return f"'{written}': {what} in Linux {entry.version}; use {entry.replacement}"


def _calls(ctx):
    for key, entry in REMOVED.items():
        m = _CALL_KEY.match(key)
        if not m or key in SIGINFO_KEYS or not _removed_for_target(ctx, entry):
            continue
        name, arity = m.group(1), m.group(2)
        if _defined_here(ctx, name):
            continue
        for call in ctx.facts.calls_to(name):
            if arity is not None and len(call.args) != int(arity):
                continue
            written = f"{name}({', '.join(a if len(a) < 24 else '...' for a in call.args)})" if arity else f"{name}()"
            if len(written) > 48:  # a long call: the message says which form it is
                written = f"{name}(...)"
            yield ctx.finding(call, _message(key, entry, written))


def _macro_fields(ctx):
    code = ctx.source.code
    for key, entry in REMOVED.items():
        m = _FIELD_THROUGH_MACRO.match(key)
        if not m:
            continue
        macro, field = m.group(1), m.group(2)
        if macro in ctx.facts.macros or not _removed_for_target(ctx, entry):
            continue
        pattern = re.compile(rb"(?<![\w])" + macro.encode() + rb"\s*\(([^()]|\([^()]*\))*\)\s*\.\s*"
                             + field.encode() + rb"\b(?!\s*\()")
        for hit in pattern.finditer(code):
            if in_directive(code, hit.start()):
                continue
            span = ctx.source.span(hit.start(), hit.end())
            written = " ".join(ctx.source.text(hit.start(), hit.end()).split())
            yield ctx.finding(span, _message(key, entry, written), snippet=written)


def _struct_fields(ctx):
    for key, entry in REMOVED.items():
        m = _STRUCT_FIELD.match(key)
        if not m or key.endswith("()"):
            continue
        struct, field = m.group(1), m.group(2)
        if not _removed_for_target(ctx, entry):
            continue
        for init in ctx.facts.struct_inits:
            if init.struct != struct:
                continue
            value = init.field(field)
            if value is None:
                continue
            where = _field_span(ctx, init, field) or init.span
            yield ctx.finding(where, _message(key, entry, f".{field} = {value}"), function=init.function,
                              snippet=f"{struct} {init.name} .{field} = {value}")


def _field_span(ctx, init, field: str):
    """Where `.field =` is written inside the initializer `init`."""
    begin = ctx.source.offset(init.span.line, init.span.column)
    end = ctx.source.offset(init.span.end_line, init.span.end_column)
    hit = re.compile(rb"\.\s*" + re.escape(field.encode()) + rb"\s*=[^,}]*").search(ctx.source.code, begin, end)
    return ctx.source.span(hit.start(), hit.end()) if hit else None


def _siginfo(ctx):
    """A `struct siginfo`/`siginfo_t` variable (not a __user pointer) handed to a kernel signal sender."""
    facts = ctx.facts
    if "siginfo" in facts.structs:
        return  # the file defines its own struct siginfo
    handed = set()
    for call in facts.calls_to(*SIGINFO_USERS):
        index = SIGINFO_USERS[call.callee]
        if facts.function(call.callee) is not None:
            continue
        for position, arg in enumerate(call.args):
            if index >= 0 and position != index:
                continue
            name = arg.lstrip("&(").rstrip(")").strip()
            if name.isidentifier():
                handed.add((call.function, name))
    if not handed:
        return
    declared = [(local.function, local.name, local.type, local.span) for local in facts.locals]
    declared += [(function.name, p.name, p.type, function.name_span) for function in facts.functions
                 for p in function.params]
    declared += [("", g.name, g.type, g.span) for g in facts.globals]
    seen = set()
    lines = None
    for function, name, type_, span in declared:
        base = type_.replace("const ", "").rstrip(" *")
        key = "struct siginfo" if base == "struct siginfo" else "siginfo_t" if base == "siginfo_t" else None
        if key is None or not _removed_for_target(ctx, REMOVED[key]):
            continue
        if (function, name) not in handed and not (function == "" and any(n == name for _, n in handed)):
            continue
        if function and (function, name) in seen:
            continue
        seen.add((function, name))
        lines = lines if lines is not None else ctx.source.lines()
        line = lines[span.line - 1] if span.line - 1 < len(lines) else ""
        if "__user" in line:
            continue  # a user-space siginfo pointer is still right
        yield ctx.finding(span, _message(key, REMOVED[key], f"{type_} {name}"), function=function,
                          snippet=f"{type_} {name}")


@RULE.check
def check(ctx):
    if _in_userspace(ctx):
        return
    # Branches the target kernel does not compile (`#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)`,
    # `#if 0`) are not parsed, and the engine drops what a textual scan finds there.
    yield from (*_calls(ctx), *_macro_fields(ctx), *_struct_fields(ctx), *_siginfo(ctx))
