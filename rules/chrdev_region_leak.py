"""Char device registrations (region, cdev, class, device) not undone on an error path or at exit."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kmodlint.rule import Rule

from ._flow import flow_of
from ._module_entry import registrations

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
    pointer: bool  # returns a pointer (ERR_PTR on failure) rather than an int


KINDS = {
    "alloc_chrdev_region": Kind(("unregister_chrdev_region",), False),
    "register_chrdev_region": Kind(("unregister_chrdev_region",), False),
    "register_chrdev": Kind(("unregister_chrdev", "__unregister_chrdev"), False),
    "__register_chrdev": Kind(("unregister_chrdev", "__unregister_chrdev"), False),
    "cdev_add": Kind(("cdev_del", "cdev_device_del"), False),
    "cdev_device_add": Kind(("cdev_device_del", "cdev_del"), False),
    "class_create": Kind(("class_destroy", "class_unregister"), True),
    # device_del() without put_device() leaks memory, but the sysfs name is gone.
    "device_create": Kind(("device_destroy", "device_unregister", "device_del"), True),
}
ALL_RELEASES = frozenset(r for kind in KINDS.values() for r in kind.releases)
PROBE_FIELDS = ("probe",)
REMOVE_FIELDS = ("remove", "remove_new", "disconnect")
_NESTED_FIELD = re.compile(r"\.(probe|remove|remove_new|disconnect)\s*=\s*&?\s*([A-Za-z_]\w*)")
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
_JUMP = re.compile(rb"\b(return|goto)\b")
_BRANCH_CUT = re.compile(rb"\bcase\b[^;{}]*?:(?!:)|\bdefault\s*:|}")
_IF = re.compile(rb"\bif\s*\(")
_WORD = re.compile(r"[A-Za-z_]\w*")
_ERROR_VALUE = re.compile(r"^(?:-\s*E[A-Z0-9_]+|-\s*\d+|PTR_ERR\s*\(.*\)|ERR_PTR\s*\(.*\)|dev_err_probe\s*\(.*\))$", re.S)
_ERROR_ASSIGN = re.compile(rb"\b[A-Za-z_][\w>.-]*\s*=\s*(?:-\s*E[A-Z0-9_]+|-\s*\d|PTR_ERR\s*\(|dev_err_probe\s*\()")


def _squash(text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return re.sub(r"\s+", "", text)


def _no_literals(text: str) -> str:
    """Without string and character literals: the function's code has them blanked, a Call's
    statement does not."""
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', "", text)


def _function_name(text: str) -> str:
    """`&foo_probe`, `(void *)foo_probe`, `foo_probe` -> foo_probe."""
    words = _WORD.findall(text.split(")")[-1] if ")" in text else text)
    return words[-1] if words else ""


# ---------------------------------------------------------------- folder view


class Folder:
    """The driver folder as a call graph with C linkage, and who releases what."""

    def __init__(self, folder):
        self.files = folder.files
        self.defined: dict[str, list[tuple[str, bool]]] = {}  # name -> [(path, static)]
        for path, facts in self.files.items():
            for function in facts.functions:
                self.defined.setdefault(function.name, []).append((path, function.static))
        self.edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.direct: dict[str, set[tuple[str, str]]] = {}  # release callee -> functions calling it
        self.pointer_uses: set[tuple[str, str]] = set()  # functions whose name is passed or stored as a value
        parent = {path: path for path in self.files}

        def find(path):
            while parent[path] != path:
                parent[path] = parent[parent[path]]
                path = parent[path]
            return path

        def union(a, b):
            parent[find(a)] = find(b)

        for path, facts in self.files.items():
            for call in facts.calls:
                if call.callee in ALL_RELEASES and call.function:
                    self.direct.setdefault(call.callee, set()).add((path, call.function))
                node = self.resolve(path, call.callee)
                if node is not None and call.function:
                    self.edges.setdefault((path, call.function), set()).add(node)
                    if node[0] != path:
                        union(path, node[0])
                for arg in call.args:
                    target = self.resolve(path, _function_name(arg)) if _WORD.fullmatch(arg.lstrip("&")) else None
                    if target is not None:
                        self.pointer_uses.add(target)
                        if call.function:
                            self.edges.setdefault((path, call.function), set()).add(target)
                        if target[0] != path:
                            union(path, target[0])
            for init in facts.struct_inits:
                for _, value in init.fields:
                    target = self.resolve(path, _function_name(value))
                    if target is not None:
                        self.pointer_uses.add(target)
                        if target[0] != path:
                            union(path, target[0])
            for assign in facts.member_assigns:
                target = self.resolve(path, _function_name(assign.value))
                if target is not None:
                    self.pointer_uses.add(target)
        self.component = {path: find(path) for path in self.files}
        self.macro_bodies = {path: " ".join(m.body for m in facts.macros.values()) for path, facts in self.files.items()}
        self._reach: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self._releasers: dict[str, set[str]] = {}

    def resolve(self, path: str, name: str) -> tuple[str, str] | None:
        """Where a call of `name` from `path` lands in the folder, as the linker would see it."""
        found = self.defined.get(name)
        if not found:
            return None
        for where, _ in found:
            if where == path:
                return path, name
        for where, static in found:
            if not static:
                return where, name
        return None

    def reach(self, node: tuple[str, str]) -> set[tuple[str, str]]:
        """`node` and the folder functions it calls (or hands as callbacks), transitively."""
        if node not in self._reach:
            seen, todo = set(), [node]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                todo.extend(self.edges.get(current, ()))
            self._reach[node] = seen
        return self._reach[node]

    def releasers(self, releases: tuple[str, ...]) -> set[str]:
        """Names of the folder functions that call one of `releases`, directly or through others."""
        key = ",".join(releases)
        if key not in self._releasers:
            found = {name for r in releases for _, name in self.direct.get(r, ())}
            callers: dict[str, set[str]] = {}
            for (_, caller), callees in self.edges.items():
                for _, callee in callees:
                    callers.setdefault(callee, set()).add(caller)
            todo = list(found)
            while todo:
                for caller in callers.get(todo.pop(), ()):
                    if caller not in found:
                        found.add(caller)
                        todo.append(caller)
            self._releasers[key] = found
        return self._releasers[key]

    def entries(self, ctx) -> list[tuple[str, tuple[str, str], list[tuple[str, str]]]]:
        """(role, entry function, the functions that undo it): module init ("init", or "initcall"
        for the built-in initcalls) with the module_exit of the same file, "probe" with the remove
        of the same driver struct."""
        found = []
        for path, facts in self.files.items():
            inits, exits = {}, []  # init function -> "init" (module_init) or "initcall" (built-in)
            if path == ctx.source.path:
                for reg in registrations(ctx):
                    if reg.kind == "exit":
                        exits.append(reg.name)
                    else:
                        inits[reg.name] = "init" if reg.macro == "module_init" else "initcall"
            for call in facts.calls_to("module_init"):
                if call.args:
                    inits[call.args[0]] = "init"
            for call in facts.calls_to("module_exit"):
                if call.args:
                    exits.append(call.args[0])
            exit_nodes = [n for n in (self.resolve(path, name) for name in exits) if n is not None]
            for name, role in inits.items():
                node = self.resolve(path, name)
                if node is not None:
                    found.append((role, node, exit_nodes))
            for init in facts.struct_inits:
                fields = list(init.fields)
                for _, value in init.fields:  # .driver = { .probe = foo_probe, ... }
                    if value.startswith("{"):
                        fields.extend(_NESTED_FIELD.findall(value))
                probe = next((v for f, v in fields if f in PROBE_FIELDS), None)
                node = self.resolve(path, _function_name(probe)) if probe else None
                if node is None:
                    continue
                removes = [self.resolve(path, _function_name(v)) for f, v in fields if f in REMOVE_FIELDS]
                found.append(("probe", node, [r for r in removes if r is not None]))
        return found


def _folder(ctx) -> Folder:
    return ctx.folder.memo(RULE.id + ":folder", lambda: Folder(ctx.folder))


@RULE.folder_tokens_from
def folder_tokens(facts):
    """Siblings worth parsing: those that call or register this file's functions (the module
    init, a probe in a driver struct of another file) and those that release anything."""
    if not any(c.callee in KINDS for c in facts.calls):
        return
    yield from ALL_RELEASES
    yield from (f.name for f in facts.functions if not f.static)  # a static one is not seen elsewhere


# ---------------------------------------------------------------- one function's error paths


def _handles(call) -> set[str]:
    """The variables naming what a registration holds: `&priv->cdev` -> priv, `cls = class_create()` -> cls."""
    names = set()
    for text in (call.args[0] if call.args else "", call.assigned_to):
        for word in _WORD.findall(text):
            if not word.isupper() and word not in ("MKDEV", "sizeof"):
                names.add(word)
                break  # the base: `priv` of `priv->cdev`
    if call.callee == "cdev_device_add" and len(call.args) > 1:
        names.update(w for w in _WORD.findall(call.args[1])[:1])
    return names


def _check_statement(flow, call, siblings=()):
    """The `if` testing the registration's result: (its offset, its condition with the result
    written `@`, the offset of the condition's closing parenthesis), relative to the function;
    None for a discarded result; "unsure" when no test can be read."""
    code = flow.code
    start = call.start_byte - flow.base
    # The call inside the condition: if ((ret = alloc_chrdev_region(...)) < 0)
    for m in reversed(list(_IF.finditer(code, max(0, start - 200), start + 1))):
        close = flow.match_paren(m.end() - 1)
        if close > start:
            condition = _squash(code[m.end():close])
            called = _squash(code[start:call.end_byte - flow.base])
            condition = re.sub(r"[\w>.-]+=" + re.escape(called), "@", condition).replace(called, "@")
            return m.start(), _unwrap(condition), close
        break
    if call.usage == "discarded":
        return None
    result = call.assigned_to
    if not result:
        return "unsure"
    squashed = _squash(result)
    # The first `if` after the call that reads the result, before any other exit or write of it.
    end = flow.statement_end(call.end_byte - flow.base)
    pattern = re.compile(r"(?<![\w>.])" + re.escape(squashed) + r"(?!\w)")
    # `if (major) ret = register_chrdev_region(...); else ret = alloc_chrdev_region(...);`: the
    # other arm's registration writes the same result, tested once after both.
    between_registrations = [re.escape(_no_literals(_squash(other.statement))) for other in siblings
                             if other is not call and other.assigned_to == result]
    for m in _IF.finditer(code, end):
        between = _no_literals(_squash(code[end:m.start()]))
        for statement in between_registrations:
            between = re.sub(statement, "", between)
        if _JUMP.search(code, end, m.start()) or re.search(re.escape(squashed) + r"=(?!=)", between):
            return "unsure"
        close = flow.match_paren(m.end() - 1)
        condition = _squash(code[m.end():close])
        if pattern.search(condition):
            return m.start(), _unwrap(pattern.sub("@", condition)), close
    return "unsure"


def _unwrap(condition: str) -> str:
    """`((@)) < 0` -> `@<0`; the parentheses of a call (`IS_ERR(@)`) stay."""
    while True:
        unwrapped = re.sub(r"(?<![\w)])\(@\)", "@", condition)
        if unwrapped == condition:
            return condition
        condition = unwrapped


def _strip_likely(condition: str) -> str:
    while True:
        m = re.fullmatch(r"(?:unlikely|likely)?\((.*)\)", condition)
        if not m or _balanced(m.group(1)) is False:
            return condition
        condition = m.group(1)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += c == "("
        depth -= c == ")"
        if depth < 0:
            return False
    return depth == 0


def _failure_polarity(condition: str, pointer: bool) -> str:
    """Is the `if` on the result taken on failure ("failure"), on success ("success"), or unknown?"""
    condition = _strip_likely(condition)
    if pointer:
        if re.fullmatch(r"IS_ERR(?:_OR_NULL)?\(@\)|!@|@==NULL|NULL==@|IS_ERR(?:_OR_NULL)?\(@\)\|\|!@", condition):
            return "failure"
        if re.fullmatch(r"!IS_ERR(?:_OR_NULL)?\(@\)|@|@!=NULL", condition):
            return "success"
        return "unknown"
    if re.fullmatch(r"@|@<0|@!=0|0>@|@<=0|0!=@|IS_ERR_VALUE\(@\)", condition):
        return "failure"
    if re.fullmatch(r"!@|@==0|@>=0|@>0|0==@|0<=@", condition):
        return "success"
    return "unknown"


class _Paths:
    """The exits of one function and what lies on the way to them."""

    def __init__(self, ctx, function, folder: Folder):
        self.ctx = ctx
        self.flow = flow_of(ctx, function.name)
        self.function = function
        self.folder = folder
        self.calls = [c for c in ctx.facts.calls if c.function == function.name]
        code = self.flow.code
        self.exits = []  # (absolute offset, kind, label or returned text)
        for m in _JUMP.finditer(code):
            after = code[m.end():self.flow.statement_end(m.end())].decode("utf-8", "replace")
            text = after.strip().rstrip(";").strip()
            self.exits.append((self.flow.base + m.start(), m.group(1).decode(), text))

    def conditional(self, offset: int) -> bool:
        rel = offset - self.flow.base
        return not (self.flow.depth_zero(offset) and self.flow.unconditional(rel))

    def guard(self, offset: int) -> tuple[str | None, int]:
        """The condition that leads to the exit at `offset` (None if unknown) and where its branch begins."""
        flow, rel = self.flow, offset - self.flow.base
        p = flow.prev_char(rel)
        if p >= 0 and flow.code[p] == 0x29:  # if (cond) return ...;
            o = flow.match_paren_back(p)
            if flow.word_before(flow.prev_char(o)) == b"if":
                return _squash(flow.code[o + 1:p]), p + 1
        block = flow.block_at(rel)
        if block is None or block == flow.blocks[0]:
            return None, rel
        o = block[0]
        if flow.head(o) == b"if":
            q = flow.prev_char(o)
            po = flow.match_paren_back(q)
            return _squash(flow.code[po + 1:q]), o + 1
        return None, o + 1

    def is_error_exit(self, offset: int, kind: str, text: str, after: int) -> bool:
        """Does this conditional exit leave with an error? Judged from the returned value,
        an errno assigned just before it, or the condition testing something that failed."""
        if not self.conditional(offset):
            return False
        if kind == "return":
            if text in ("", "0", "false", "NULL"):
                return False
            if _ERROR_VALUE.match(text):
                return True
            if not re.fullmatch(r"[\w>.-]+", text):
                return False  # return foo(...): unknown
        condition, branch_start = self.guard(offset)
        rel = offset - self.flow.base
        # Only the statements right before the exit: not another case of a switch, not a block
        # that closed before it.
        for m in _BRANCH_CUT.finditer(self.flow.code, branch_start, rel):
            branch_start = m.end()
        if _ERROR_ASSIGN.search(self.flow.code, branch_start, rel):
            return True
        if condition is None:
            return False
        return self._failure_test(_strip_likely(condition), after, offset)

    def _assigned_between(self, operand: str, after: int, offset: int) -> bool:
        between = _squash(self.flow.code_between(after, offset))
        return re.search(r"(?<![\w>.])" + re.escape(operand) + r"=(?!=)", between) is not None

    def _failure_test(self, condition: str, after: int, offset: int) -> bool:
        first = condition.split("&&", 1)[0]
        if first != condition and _balanced(first):  # if (err < 0 && err != -ENOSPC)
            condition = first
        if re.fullmatch(r"IS_ERR(?:_OR_NULL)?\(.*\)", condition) and _balanced(condition[condition.index("(") + 1:-1]):
            return True
        m = re.fullmatch(r"!?([A-Za-z_][\w]*(?:(?:->|\.)\w+)*)(?:<0|!=0|<=0)?|0>([A-Za-z_][\w]*(?:(?:->|\.)\w+)*)", condition)
        if m:
            operand = m.group(1) or m.group(2)
            return self._assigned_between(operand, after, offset)
        if re.fullmatch(r"!?[A-Za-z_]\w*\(.*\)(?:<0|!=0)?", condition) and _balanced(condition.split("(", 1)[1]):
            return True  # if (foo_setup(dev)) goto err;
        return False

    def ladder(self, label: str):
        """(start, end) absolute of the code after `label` up to the first return at depth zero,
        and the returned text; None when the label is unknown."""
        where = self.flow.labels.get(label)
        if where is None:
            return None
        start = self.flow.base + where
        for offset, kind, text in self.exits:
            if offset > start and kind == "return" and not self.conditional(offset):
                return start, offset, text
        return start, self.function.end_byte, ""

    def releases(self, call, kind: Kind, handles: set[str]) -> bool:
        """Does `call` undo the registration, or might it (a helper we cannot see given its state)?"""
        releasers = self.folder.releasers(kind.releases)
        if call.callee in kind.releases or call.callee in releasers:
            return True
        if any(_function_name(a) in releasers for a in call.args):
            return True  # devm_add_action_or_reset(dev, foo_release, priv)
        if call.callee.startswith("devm_add_action") and len(call.args) > 1 \
                and self.folder.resolve(self.ctx.source.path, _function_name(call.args[1])) is None:
            return True  # an action defined out of sight may release it
        if self.folder.resolve(self.ctx.source.path, call.callee) is not None or call.callee in KINDS \
                or call.callee in ALL_RELEASES or _HARMLESS.match(call.callee):
            return False
        return bool(_TEARDOWN_NAME.search(call.callee.lower())) and any(set(_WORD.findall(a)) & handles for a in call.args)

    def released_in(self, start: int, end: int, kind: Kind, handles: set[str], reaching: int | None = None) -> bool:
        for call in self.calls:
            if start <= call.start_byte < end and self.releases(call, kind, handles):
                if reaching is None or self.flow.reaches(call.end_byte, reaching):
                    return True
        if reaching is not None:
            return False
        # A ladder may release through a macro or under a preprocessor branch the parser skipped.
        return any(r.encode() in self.ctx.source.code[start:end] for r in kind.releases)


# ---------------------------------------------------------------- the check


@RULE.check
def check(ctx):
    facts = ctx.facts
    acquisitions = [c for c in facts.calls_to(*KINDS) if c.function]
    if not acquisitions:
        return
    folder = _folder(ctx)
    path = ctx.source.path
    entries = folder.entries(ctx)
    leaks: dict[int, list] = {}  # exit offset -> [(call, kind)]
    exit_texts: dict[int, tuple[str, str]] = {}
    paths_of: dict[str, _Paths] = {}
    for call in acquisitions:
        if facts.function(call.callee) is not None:
            continue  # fs/char_dev.c and drivers/base define them
        kind = KINDS[call.callee]
        node = (path, call.function)
        reaching = [(role, entry, undo) for role, entry, undo in entries if node in folder.reach(entry)]
        if call.callee in ("cdev_add", "cdev_device_add") and (
                call.usage in ("discarded", "void-cast") or (call.usage == "assigned" and not call.result_read)):
            yield ctx.finding(
                call,
                f"the result of {call.callee}() in {call.function}() is ignored",
            )
        # Shape 2: nothing in the driver undoes it.
        yield from _never_released(ctx, folder, call, kind, node, reaching)
        # Shape 1: an error path of init/probe, or of a helper they call, that leaves it behind.
        # Built-in initcalls run once at boot: their failure paths matter little.
        if not any(role != "initcall" for role, _, _ in reaching):
            continue
        function = facts.function(call.function)
        if function is None:
            continue
        paths = paths_of.setdefault(call.function, _Paths(ctx, function, folder))
        found = list(_leaking_exits(ctx, paths, call, kind))
        helper = not any(entry == node for _, entry, _ in reaching)
        if found and helper and _caller_cleans_up(ctx, folder, paths_of, function, kind,
                                                  {entry for _, entry, _ in entries}):
            continue
        for offset, text in found:
            leaks.setdefault(offset, []).append((call, kind))
            exit_texts[offset] = text
    for offset in sorted(leaks):
        calls = leaks[offset]
        kind_word, target = exit_texts[offset]
        releases = ", ".join(dict.fromkeys(f"{k.releases[0]}()" for _, k in calls))
        what = ", ".join(f"{c.callee}()" for c, _ in calls)
        target = " ".join(target.split())
        if len(target) > 24:  # `return dev_err_probe(&pdev->dev, ret, "...")`: the callee says enough
            target = target[:target.index("(") + 1] + "...)" if "(" in target else target[:24] + "..."
        where = f"'{kind_word} {target}'" if target else f"'{kind_word}'"
        todo = f"call {releases} here" if len(calls) == 1 else "undo them here"
        yield ctx.finding(
            ctx.source.span(offset, offset + len(kind_word)),
            f"{where} leaves {what} registered; {todo}, or jump to a label that does",
            function=calls[0][0].function,
            related=[ctx.related(c, f"{c.callee}() succeeded here") for c, _ in calls],
        )


def _unseen_teardown(folder: Folder, undo: tuple[str, str]) -> bool:
    """Does the exit (or remove) path call a teardown helper defined outside the folder?"""
    for where, name in folder.reach(undo):
        for call in folder.files[where].calls:
            if call.function == name and folder.resolve(where, call.callee) is None \
                    and call.callee not in ALL_RELEASES and not _HARMLESS.match(call.callee) \
                    and not _DRIVER_UNREGISTER.match(call.callee) and _TEARDOWN_NAME.search(call.callee.lower()):
                return True
    return False


def _never_released(ctx, folder, call, kind, node, reaching):
    """Shape 2: no function of the driver undoes the registration, though the module can be
    unloaded (module_exit) or the device unbound (remove)."""
    path = ctx.source.path
    component = folder.component[path]
    for release in kind.releases:
        for where, name in folder.direct.get(release, ()):
            if folder.component[where] == component and (where, name) != node:
                return  # released somewhere: shape 1 judges the paths
    if any(r in folder.macro_bodies[p] for p in folder.files if folder.component[p] == component for r in kind.releases):
        return
    for role, entry, undo in reaching:
        if not undo:
            continue
        exit_path, exit_name = undo[0]
        exit_function = folder.files[exit_path].function(exit_name)
        if exit_function is None or any(_unseen_teardown(folder, u) for u in undo):
            continue
        role_word = "remove function" if role == "probe" else "module_exit function"
        via = f" (called from '{entry[1]}')" if entry != node else ""
        yield ctx.finding(
            call,
            f"{call.callee}() in {call.function}(){via} is never undone: the {role_word} '{exit_name}' "
            f"does not call {kind.releases[0]}()",
            related=[ctx.related(exit_function.name_span, f"'{exit_name}' does not call {kind.releases[0]}()",
                                 exit_path)],
        )
        return


def _caller_cleans_up(ctx, folder: Folder, paths_of: dict, helper, kind: Kind, entries: set, depth: int = 0) -> bool:
    """Might a caller undo what `helper` leaves behind when it fails? True unless every call of it
    is in this file and tests the result with a failure branch (and ladder) that releases nothing,
    in an init/probe function or in a helper whose own callers do the same."""
    path = ctx.source.path
    if depth > 3:
        return True
    sites = [(p, c) for p, facts in folder.files.items() for c in facts.calls_to(helper.name)
             if c.function and folder.resolve(p, helper.name) == (path, helper.name)]
    if not sites or (path, helper.name) in folder.pointer_uses:
        return True  # called through a pointer: its caller is out of sight
    for site_path, site in sites:
        caller = ctx.facts.function(site.function) if site_path == path else None
        if caller is None or site.usage == "returned":
            return True  # another file, or the error goes up one more level
        paths = paths_of.setdefault(caller.name, _Paths(ctx, caller, folder))
        flow = paths.flow
        checked = _check_statement(flow, site)
        if checked is None or checked == "unsure" or _failure_polarity(checked[1], False) != "failure":
            return True
        close = checked[2]
        end = flow.skip_statement(close + 1)
        handles = _handles(site) | {w for a in site.args for w in _WORD.findall(a)}
        if paths.released_in(flow.base + close, flow.base + end, kind, handles):
            return True
        for m in re.finditer(rb"\bgoto\s+(\w+)", flow.code[close:end]):
            ladder = paths.ladder(m.group(1).decode())
            if ladder is None or paths.released_in(ladder[0], ladder[1], kind, handles):
                return True
        if (path, caller.name) not in entries and \
                _caller_cleans_up(ctx, folder, paths_of, caller, kind, entries, depth + 1):
            return True  # the error goes up to a caller that may undo it
    return False


def _leaking_exits(ctx, paths: _Paths, call, kind: Kind):
    """Error exits after the registration succeeded that leave without undoing it."""
    flow = paths.flow
    if flow.loop_block(call.start_byte - flow.base) is not None:
        return  # registered in a loop: the unwind counts, we do not
    checked = _check_statement(flow, call, [c for c in paths.calls if c.callee in KINDS])
    if checked == "unsure":
        return
    if checked is None:
        after = flow.base + flow.statement_end(call.end_byte - flow.base) - 1
        test_end = after
    else:
        _, condition, close = checked
        if _failure_polarity(condition, kind.pointer) != "failure":
            return
        then_end = flow.skip_statement(close + 1)
        if flow.word_at(flow.next_char(then_end)) == b"else":
            return
        if not re.search(rb"\b(?:return|goto)\b[^;]*;\s*}?\s*$", flow.code[close + 1:then_end]):
            return  # the failure branch goes on: after the test, the registration may have failed
        after = flow.base + then_end - 1
        test_end = flow.base + then_end
    handles = _handles(call)
    for offset, exit_kind, text in paths.exits:
        if offset < test_end:
            continue
        if not flow.reaches(after, offset):
            continue
        if not paths.is_error_exit(offset, exit_kind, text, call.end_byte):
            continue
        if paths.released_in(call.end_byte, offset, kind, handles, reaching=offset):
            continue
        if exit_kind == "goto":
            ladder = paths.ladder(text)
            if ladder is None:
                continue
            start, end, returned = ladder
            if start < call.start_byte:
                continue  # a retry: registered again
            if returned in ("0",):
                continue  # not an error ladder: the label continues the success path
            if paths.released_in(start, end, kind, handles):
                continue
        yield offset, (exit_kind, text)
