"""Char device registrations (region, cdev, class, device) not undone on an error path or at exit."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kmodlint.driver import FunctionRef
from kmodlint.driver.callgraph import function_name_of
from kmodlint.driver.contexts import PROBE
from kmodlint.errors import is_error
from kmodlint.facts import UsageKind
from kmodlint.flow import OutcomeKind, Value, ValueKind, flow_of, source_of
from kmodlint.rule import Rule

from ._module_entry import EntryKind, registrations_of

RULE = Rule(
    id="chrdev-region-leak",
    title="char device region, cdev, class or device not released on an error path or at module exit",
    severity="warning",
    tags=("resource-leak", "chardev", "correctness"),
    precision="high",
    triggers=(b"alloc_chrdev_region", b"register_chrdev", b"cdev_add", b"cdev_device_add", b"class_create",
              b"device_create"),
    # Read of this file and of the folder's others: the release may sit in a sibling's exit/remove.
    needs=("functions", "calls", "macros", "member_assigns", "struct_inits"),
    folder_needs=("functions", "calls", "macros", "member_assigns", "struct_inits"),
    help="""
Finds the registrations of a character device driver that are never undone:

| registered with | undone with |
|---|---|
| `alloc_chrdev_region()`, `register_chrdev_region()` | `unregister_chrdev_region()` |
| `register_chrdev()`, `__register_chrdev()` | `unregister_chrdev()`, `__unregister_chrdev()` |
| `cdev_add()` / `cdev_device_add()` | `cdev_del()` / `cdev_device_del()` |
| `class_create()` | `class_destroy()` |
| `device_create()` | `device_destroy()` (or `device_unregister()`) |

Three shapes are reported:

- in a module init function or a driver's probe function, an error path after
  a successful registration returns an error (`return -ENOMEM`, `return ret`
  after a failed test) or jumps to a label of the unwind ladder that does not
  undo it (`goto err_region` from a failure after `class_create()`), and
  nothing on the way undoes it — directly or through a cleanup helper of the
  driver folder. In a helper they call (`foo_setup_cdev()`), only when every
  caller's failure branch leaves it behind too;
- nothing in the driver folder undoes it at all: the module_exit function
  (or the driver's remove function, for a registration in probe) and the
  functions they call never release it;
- the result of `cdev_add()` / `cdev_device_add()` is ignored: if it fails, the
  device is silently unusable (open() fails with -ENXIO) and the driver's error
  path never runs; check it, and on failure undo what came before and return
  the error.

The rule stays silent when it cannot see the release: a cleanup helper defined
outside the driver folder that is given the device, a release through a
function pointer or a devm action, registrations in a loop, a result tested in
a way it cannot read. Built-in initcalls (no module_init) are only checked for
a release at exit.

**Why:** these registrations outlive the module. A leaked fixed major or
region (`register_chrdev(MAJOR, ...)`, `register_chrdev_region(MKDEV(MAJOR, 0),
...)`) makes the next `insmod` fail with `-EBUSY`; a leaked dynamic one
(`alloc_chrdev_region()`, `register_chrdev(0, ...)`) stays in /proc/devices
and each load takes another major until they run out; a leaked class or device
makes it fail with "sysfs: cannot create duplicate filename '/class/foo'"; and
a leaked cdev keeps pointing at the unloaded module's file_operations, so an
`open()` of the device node after `rmmod` jumps into freed memory. Only a
reboot clears them.

**Fix:** undo in reverse order, with one label per step, so that every error
path jumps to the label that undoes exactly what succeeded before it, and let
the exit function (or remove) run the same steps:

```c
static int __init foo_init(void)
{
        int ret;

        ret = alloc_chrdev_region(&foo_devt, 0, 1, "foo");
        if (ret)
                return ret;
        cdev_init(&foo_cdev, &foo_fops);
        ret = cdev_add(&foo_cdev, foo_devt, 1);
        if (ret)
                goto err_region;
        foo_class = class_create("foo");
        if (IS_ERR(foo_class)) {
                ret = PTR_ERR(foo_class);
                goto err_cdev;
        }
        foo_dev = device_create(foo_class, NULL, foo_devt, NULL, "foo");
        if (IS_ERR(foo_dev)) {
                ret = PTR_ERR(foo_dev);
                goto err_class;
        }
        return 0;

err_class:
        class_destroy(foo_class);
err_cdev:
        cdev_del(&foo_cdev);
err_region:
        unregister_chrdev_region(foo_devt, 1);
        return ret;
}

static void __exit foo_exit(void)
{
        device_destroy(foo_class, foo_devt);
        class_destroy(foo_class);
        cdev_del(&foo_cdev);
        unregister_chrdev_region(foo_devt, 1);
}
```
""",
)


@dataclass(frozen=True)
class Kind:
    releases: tuple[str, ...]
    success: Value  # what the call returns when it registered


ZERO, OBJECT = Value(ValueKind.INT, "0"), Value(ValueKind.VALID)
KINDS = {
    "alloc_chrdev_region": Kind(("unregister_chrdev_region",), ZERO),
    "register_chrdev_region": Kind(("unregister_chrdev_region",), ZERO),
    "register_chrdev": Kind(("unregister_chrdev", "__unregister_chrdev"), ZERO),  # the major, when asked for 0
    "__register_chrdev": Kind(("unregister_chrdev", "__unregister_chrdev"), ZERO),
    "cdev_add": Kind(("cdev_del", "cdev_device_del"), ZERO),
    "cdev_device_add": Kind(("cdev_device_del", "cdev_del"), ZERO),
    "class_create": Kind(("class_destroy", "class_unregister"), OBJECT),
    # device_del() without put_device() leaks memory, but the sysfs name is gone.
    "device_create": Kind(("device_destroy", "device_unregister", "device_del"), OBJECT),
}
ALL_RELEASES = frozenset(r for kind in KINDS.values() for r in kind.releases)
REMOVE_FIELDS = ("remove", "remove_new", "disconnect")
# Calls that are seen on error paths and surely release none of these registrations,
# even when given the driver's state: anything else given it may be a cleanup helper.
_HARMLESS = re.compile(
    r"^(?:kv?free\w*|vfree|devm_\w+|i?o?unmap\w*|pci_iounmap|release_(?:mem_)?region|free_irq|mutex_\w+|spin_\w+"
    r"|pr_\w+|printk|dev_(?:err|warn|info|dbg|notice|crit|err_probe|printk)\w*|netdev_\w+|kobject_put|ida_\w+"
    r"|idr_\w+|clk_\w+|regulator_\w+|gpio\w*|dma_free\w*|pci_\w+|platform_driver_unregister|misc_deregister"
    r"|cdev_init|cdev_alloc|MKDEV|MAJOR|MINOR|IS_ERR\w*|PTR_ERR\w*|ERR_PTR|WARN\w*|BUG\w*|memset|list_del\w*"
    r"|flush_\w+|cancel_\w+|destroy_workqueue|del_timer\w*|timer_delete\w*)$")
# Bus driver unregistration at module exit: undoes the probes, not what init registered.
_DRIVER_UNREGISTER = re.compile(r"^(?:\w+_(?:unregister|deregister|del)_driver|\w+_driver_unregister|usb_deregister"
                                r"|misc_deregister|unregister_\w*driver)$")
# What a helper we cannot see is called when it may undo a registration it is given.
_TEARDOWN_NAME = re.compile(r"clean|teardown|tear_down|destroy|release|remove|del|unregister|deregister|free|exit"
                            r"|fini|put|uninit|deinit|undo|unwind|shutdown|unreg|cleanup|unset|detach|stop")
_WORD = re.compile(r"[A-Za-z_]\w*")


def _success(call, kind: Kind) -> Value:
    if call.callee in ("register_chrdev", "__register_chrdev") and call.args and call.args[0].strip() == "0":
        return OBJECT  # a dynamic major: positive
    return kind.success


def _handles(call) -> set[str]:
    """The variables naming what a registration holds: `&priv->cdev` -> priv, `cls = class_create()` -> cls."""
    names = set()
    for text in (call.args[0] if call.args else "", call.assigned_to):
        for word in _WORD.findall(text):
            if not word.isupper() and word not in ("MKDEV", "sizeof"):
                names.add(word)
                break  # the base: `priv` of `priv->cdev`
    if call.callee == "cdev_device_add" and len(call.args) > 1:
        names.update(_WORD.findall(call.args[1])[:1])
    return names


class _Driver:
    """The folder's entry points that can undo a registration, and who releases what (ctx.driver's graph)."""

    def __init__(self, ctx):
        self.graph = graph = ctx.driver.graph
        self.files = ctx.folder.files
        self.calls: dict[FunctionRef, list] = {}
        for path, facts in self.files.items():
            for call in facts.calls:
                if call.function:
                    self.calls.setdefault(FunctionRef(path, call.function), []).append(call)
        self.entries = []  # (role, entry, [undo functions]): "init"/"initcall" with module_exit, "probe" with remove
        for path, facts in self.files.items():
            source = source_of(facts)
            found = list(dict.fromkeys((r.macro, r.name, r.kind) for r in registrations_of(
                facts, source.code if source is not None else None)))
            exits = [ref for _, name, kind in found if kind is EntryKind.EXIT for ref in [graph.resolve(name, path)] if ref]
            for macro, name, kind in found:
                if kind is not EntryKind.EXIT and graph.resolve(name, path) is not None:
                    self.entries.append(("init" if macro == "module_init" else "initcall", graph.resolve(name, path), exits))
        for registration in ctx.driver.contexts.registrations:  # a bus driver's probe, with its own table's remove
            if registration.kind == PROBE:
                # The remove beside the probe: `.driver = { .probe = a, .remove = b }` pairs a with b.
                level = registration.member.rpartition(".")[0]
                removes = [graph.resolve(function_name_of(value), registration.path)
                           for key, value in registration.call.members()
                           if key.rpartition(".")[0] == level and key.rpartition(".")[2] in REMOVE_FIELDS]
                self.entries.append(("probe", registration.function, [ref for ref in removes if ref is not None]))
        self.reached = {entry: graph.reachable([entry]) for _, entry, _ in self.entries}
        self._releasers: dict[tuple, set[str]] = {}

    def releasers(self, releases: tuple[str, ...]) -> set[str]:
        """Names of the folder functions that call one of `releases`, directly or through others."""
        if releases not in self._releasers:
            found = {ref for ref, calls in self.calls.items() if any(c.callee in releases for c in calls)}
            todo = list(found)
            while todo:
                for caller, _ in self.graph.callers(todo.pop()):
                    if caller not in found:
                        found.add(caller)
                        todo.append(caller)
            self._releasers[releases] = {ref.name for ref in found}
        return self._releasers[releases]

    def releases(self, path: str, call, kind: Kind, handles: set[str]) -> bool:
        """Does `call` undo the registration, or might it (a helper we cannot see given its state)?"""
        releasers = self.releasers(kind.releases)
        if call.callee in kind.releases or call.callee in releasers:
            return True
        if any(function_name_of(a) in releasers for a in call.args):
            return True  # devm_add_action_or_reset(dev, foo_release, priv)
        if call.callee.startswith("devm_add_action") and len(call.args) > 1 \
                and self.graph.resolve(function_name_of(call.args[1]), path) is None:
            return True  # an action defined out of sight may release it
        macro = self.files[path].macros.get(call.callee)
        if macro is not None:
            return any(r in macro.body for r in kind.releases)
        if self.graph.resolve(call.callee, path) is not None or call.callee in KINDS \
                or call.callee in ALL_RELEASES or _HARMLESS.match(call.callee):
            return False
        return bool(_TEARDOWN_NAME.search(call.callee.lower())) and any(set(_WORD.findall(a)) & handles for a in call.args)

    def release_offsets(self, ref: FunctionRef, kind: Kind, handles: set[str]) -> frozenset:
        return frozenset(c.start_byte for c in self.calls.get(ref, ()) if self.releases(ref.path, c, kind, handles))

    def unseen_teardown(self, undo: FunctionRef) -> bool:
        """Does the exit (or remove) path call a teardown helper defined outside the folder?"""
        return any(self.graph.resolve(c.callee, ref.path) is None and c.callee not in ALL_RELEASES
                   and not _HARMLESS.match(c.callee) and not _DRIVER_UNREGISTER.match(c.callee)
                   and _TEARDOWN_NAME.search(c.callee.lower())
                   for ref in self.graph.reachable([undo]) for c in self.calls.get(ref, ()))


def _driver(ctx) -> _Driver:
    return ctx.folder.memo(RULE.id + ":driver", lambda: _Driver(ctx))


@RULE.folder_tokens_from
def folder_tokens(facts):
    """Siblings worth parsing: those that call or register this file's functions (the module
    init, a probe in a driver struct of another file) and those that release anything."""
    if not any(c.callee in KINDS for c in facts.calls):
        return
    yield from ALL_RELEASES
    yield from (f.name for f in facts.functions if not f.static)  # a static one is not seen elsewhere


# ---------------------------------------------------------------- the check


@RULE.check
def check(ctx):
    facts, path = ctx.facts, ctx.source.path
    acquisitions = [c for c in facts.calls_to(*KINDS) if c.function and facts.function(c.callee) is None]
    if not acquisitions:
        return  # (fs/char_dev.c and drivers/base define them)
    driver = _driver(ctx)
    leaks: dict = {}  # exit span -> [call]
    for call in acquisitions:
        kind, ref = KINDS[call.callee], FunctionRef(path, call.function)
        reaching = [(role, entry, undo) for role, entry, undo in driver.entries if ref in driver.reached[entry]]
        if call.callee in ("cdev_add", "cdev_device_add") and (
                call.usage.ignored or (call.usage is UsageKind.ASSIGNED and not call.result_read)):
            yield ctx.finding(call, f"the result of {call.callee}() in {call.function}() is ignored")
        yield from _never_released(ctx, driver, call, kind, ref, reaching)
        # Shape 1: an error path of init/probe, or of a helper they call, that leaves it behind.
        # Built-in initcalls run once at boot: their failure paths matter little.
        if not any(role != "initcall" for role, _, _ in reaching):
            continue
        exits = _leaking_exits(ctx, driver, call, kind, ref)
        if exits and all(entry != ref for _, entry, _ in reaching) \
                and _caller_cleans_up(ctx, driver, ref, kind, {entry for _, entry, _ in driver.entries}):
            continue
        for span in exits:
            leaks.setdefault(span, []).append(call)
    for span in sorted(leaks, key=lambda s: (s.line, s.column)):
        calls = leaks[span]
        start = ctx.source.offset(span.line, span.column)
        words = ctx.source.text(start, ctx.source.offset(span.end_line, span.end_column)).rstrip(";").split(None, 1)
        kind_word, target = words[0], " ".join(words[1:]).strip()
        if len(target) > 24:  # `return dev_err_probe(&pdev->dev, ret, "...")`: the callee says enough
            target = target[:target.index("(") + 1] + "...)" if "(" in target else target[:24] + "..."
        where = f"'{kind_word} {target}'" if target else f"'{kind_word}'"
        releases = ", ".join(dict.fromkeys(f"{KINDS[c.callee].releases[0]}()" for c in calls))
        todo = f"call {releases} here" if len(calls) == 1 else "undo them here"
        yield ctx.finding(
            ctx.source.span(start, start + len(kind_word)),
            f"{where} leaves {', '.join(f'{c.callee}()' for c in calls)} registered; {todo}, or jump to a label that does",
            function=calls[0].function,
            related=[ctx.related(c, f"{c.callee}() succeeded here") for c in calls],
        )


def _leaking_exits(ctx, driver: _Driver, call, kind: Kind, ref: FunctionRef) -> list:
    """Where the paths on which the registration succeeded leave with an error and without undoing it:
    the first goto of each (the jump into a ladder that skips the release), else its return."""
    flow = flow_of(ctx.facts, ctx.source, call.function)
    function = ctx.facts.function(call.function)
    if flow is None or function is None or flow.loop_of(call.start_byte) is not None:
        return []  # registered in a loop: the unwind counts, we do not
    unless = driver.release_offsets(ref, kind, _handles(call))
    outcomes = flow.on_result(call.start_byte, call.end_byte, _success(call, kind),
                              consulted=not call.usage.ignored, unless=unless)
    return list(dict.fromkeys(o.jumps[0] if o.jumps else o.at for o in outcomes
                              if o.kind is OutcomeKind.RETURN and is_error(o.value, function)))


def _never_released(ctx, driver: _Driver, call, kind: Kind, ref: FunctionRef, reaching):
    """Shape 2: no function of the driver undoes the registration, though the module can be
    unloaded (module_exit) or the device unbound (remove)."""
    involved = {ref.path} | {r.path for _, entry, undo in reaching for r in driver.graph.reachable([entry, *undo])}
    for other, calls in driver.calls.items():
        if other.path in involved and other != ref and any(c.callee in kind.releases for c in calls):
            return  # released somewhere: shape 1 judges the paths
    if any(r in m.body for p in involved for m in driver.files[p].macros.values() for r in kind.releases):
        return
    for role, entry, undo in reaching:
        exit_function = driver.graph.definition(undo[0]) if undo else None
        if exit_function is None or any(driver.unseen_teardown(u) for u in undo):
            continue
        role_word = "remove function" if role == "probe" else "module_exit function"
        via = f" (called from '{entry.name}')" if entry != ref else ""
        release = kind.releases[0]
        yield ctx.finding(
            call,
            f"{call.callee}() in {call.function}(){via} is never undone: the {role_word} '{undo[0].name}' "
            f"does not call {release}()",
            related=[ctx.related(exit_function.name_span, f"'{undo[0].name}' does not call {release}()", undo[0].path)],
        )
        return


def _caller_cleans_up(ctx, driver: _Driver, helper: FunctionRef, kind: Kind, entries: set, depth: int = 0) -> bool:
    """Might a caller undo what `helper` leaves behind when it fails? True unless every call of it
    is in this file and its failure paths return an error without releasing, in an init/probe
    function or in a helper whose own callers do the same."""
    sites = driver.graph.callers(helper)
    if depth > 3 or not sites or not driver.graph.callers_complete(helper):
        return True  # called through a pointer: its caller is out of sight
    for caller, site in sites:
        flow = flow_of(ctx.facts, ctx.source, caller.name) if caller.path == ctx.source.path else None
        function = ctx.facts.function(caller.name)
        if flow is None or function is None or site.usage is UsageKind.RETURNED:
            return True  # another file, or the error goes up one more level
        handles = _handles(site) | {w for a in site.args for w in _WORD.findall(a)}
        releases = driver.release_offsets(caller, kind, handles)
        outcomes = flow.on_result(site.start_byte, site.end_byte, Value(ValueKind.NEGATIVE))
        if any(o.kind is OutcomeKind.UNKNOWN or any(flow.ran(o, r) for r in releases) for o in outcomes) or \
                not any(o.kind is OutcomeKind.RETURN and is_error(o.value, function) for o in outcomes):
            return True  # a failure path that releases it (maybe under a test of its own) or does not fail
        if caller not in entries and _caller_cleans_up(ctx, driver, caller, kind, entries, depth + 1):
            return True  # the error goes up to a caller that may undo it
    return False
