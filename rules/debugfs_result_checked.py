"""Code that tests what debugfs_create_*() returned and fails because of it."""
from __future__ import annotations

from kmodlint.errors import failure_propagates, reports_failure
from kmodlint.facts import UsageKind
from kmodlint.flow import Value, ValueKind, flow_of
from kmodlint.rule import Rule


RULE = Rule(
    id="debugfs-result-checked",
    title="debugfs_create_*() result checked and the driver fails because of it",
    severity="note",
    tags=("design", "debugfs"),
    precision="low",
    opt_in=True,
    triggers=(b"debugfs_create_",),
    needs=("calls",),
    folder_needs=("calls",),
    help="""
Finds code that tests the result of `debugfs_create_dir()`,
`debugfs_create_file()` and the other `debugfs_create_*()` helpers with
`IS_ERR()` or `IS_ERR_OR_NULL()`, and then bails out
with an error: returns `-ENOMEM`/`-ENODEV`/`PTR_ERR(...)`, or sets an errno and
jumps to its error path.

**Opt-in** (`--select debugfs-result-checked`, or `select` in config): read
by hand on linux 6.12 drivers/, most findings were in drivers whose only
interface is debugfs (test modules and simulators whose Kconfig depends on or
selects DEBUG_FS, which fail on purpose), or failures that only skip debugfs
work; worth a look when reviewing a new driver, not in an audit. A file that
calls `debugfs_initialized()` (the guard that makes a later failure a real
one) is not reported.

**Why:** debugfs is for debugging, and is meant to be fire-and-forget: no
driver should fail to probe, or a module fail to load, because a debugfs file
could not be created. When `CONFIG_DEBUG_FS` is off, every
`debugfs_create_*()` returns `ERR_PTR(-ENODEV)`, and with `debugfs=off` on the
kernel command line `ERR_PTR(-EPERM)`: a driver that bails out then does not
work at all on such kernels, although nothing it needs is missing. The check is
not needed either: every debugfs function accepts the error pointer a previous
call returned as its `parent` (and ignores it), and `debugfs_remove()` /
`debugfs_remove_recursive()` accept it too. A `!ptr` or `ptr == NULL` test
is not reported: debugfs never returned NULL because it was off (an ERR_PTR
then, on every kernel), so such a test cannot make the driver fail for that;
on current kernels it never fires at all.

**Fix:** drop the check and carry on; keep the dentry only to remove it later:

```c
priv->dbg = debugfs_create_dir(dev_name(dev), NULL);
debugfs_create_file("regs", 0400, priv->dbg, priv, &regs_fops);
debugfs_create_u32("irqs", 0400, priv->dbg, &priv->irq_count);
...
debugfs_remove_recursive(priv->dbg);    /* fine with an ERR_PTR */
```

Silent when the test only logs, clears the pointer or returns 0: only a test
whose branch makes the caller fail is reported. When a helper returns the
error, its callers in the folder's files are followed (`if (err) goto unwind;`
in the probe, `return dev_err_probe(dev, err, ...)`): silent when every one
only logs it and carries on. The kernel has been removing
these checks tree-wide since Linux 5.0.
""",
)

# What every debugfs_create_*() returns when debugfs is off: ERR_PTR(-ENODEV) (-EPERM with debugfs=off).
DEBUGFS_OFF = Value(ValueKind.ERRNO, "-ENODEV")
ERROR_TESTS = ("IS_ERR_OR_NULL", "IS_ERR")


def _statement(ctx, span) -> str:
    """The statement at `span` as written, whitespace collapsed, without its `;`."""
    start, end = ctx.source.offset(span.line, span.column), ctx.source.offset(span.end_line, span.end_column)
    return " ".join(ctx.source.text(start, end).split()).rstrip(";").strip()


def _how_it_fails(ctx, flow, outcome, call) -> str:
    """`returns PTR_ERR(dir)`, `sets ret = -ENOMEM and jumps to 'err'`, `jumps to 'out', which returns -EIO`."""
    value, returned = outcome.value, outcome.expression
    # Where the returned variable got its value, unless that is the variable holding the call's result.
    set_at = value.set_at if value.variable and value.set_at is not None \
        and value.set_at.line != call.span.line else None
    if set_at is not None and returned == value.variable:
        returned = _statement(ctx, set_at) if value.failed else f"{returned} = {value.text}"
    if len(returned) > 64:  # `dev_err_probe(dev, PTR_ERR(d), "...")`: the snippet shows the rest
        returned = returned[:60] + "..."
    if not outcome.labels:
        return f"returns {returned}"
    label, test = outcome.labels[0], outcome.decided[0]
    if set_at is not None and test.line <= set_at.line < flow.label_line(label):
        return f"sets {_statement(ctx, set_at)} and jumps to '{label}'"
    return f"jumps to '{label}', which returns {returned}"


@RULE.folder_tokens_from
def debugfs_helpers(facts):
    """Siblings that call a function creating debugfs entries tell whether its failure matters."""
    return {call.function for call in facts.calls if call.callee.startswith("debugfs_create_") and call.function}


@RULE.check
def check(ctx):
    calls = [c for c in ctx.facts.calls if c.callee.startswith("debugfs_create_") and c.function]
    if not calls or ctx.facts.calls_to("debugfs_initialized"):
        return  # a driver that asks whether debugfs is up first treats a later failure as a real one
    for call in calls:
        if call.usage not in (UsageKind.ASSIGNED, UsageKind.TESTED, UsageKind.ARGUMENT, UsageKind.EXPRESSION):
            continue  # dropped, or handed back as it is: no test of it here
        function = ctx.facts.function(call.function)
        if function is None or function.return_type == "void":
            continue  # a void function cannot tell its caller that it failed
        flow = flow_of(ctx.facts, ctx.source, call.function)
        if flow is None:
            continue
        # Only a test of the result whose branch makes the function fail; a `!ptr` test never fires (an
        # ERR_PTR is not NULL), a test that only logs completes its branch and carries on.
        failing = [o for o in flow.on_failure(call.start_byte, call.end_byte, DEBUGFS_OFF)
                   if o.decided and reports_failure(o)]
        if not failing or not failure_propagates(ctx.driver, ctx.driver.ref(ctx.source.path, call.function),
                                                 DEBUGFS_OFF):
            continue  # every caller drops the helper's failure: the driver does not fail
        outcome = failing[0]
        test = outcome.decided[0]
        called = flow.callees_in(test)
        how = next((f"{name}()" for name in ERROR_TESTS if name in called), "a test")
        condition = _statement(ctx, test)
        written = "".join(ctx.source.text(call.start_byte, call.end_byte).split())
        yield ctx.finding(
            test, f"{call.function}() tests {call.callee}() with {how} and {_how_it_fails(ctx, flow, outcome, call)}",
            function=call.function,
            snippet=f"if ({''.join(condition.partition('(')[2].split())[:-1]}) /* {written[:80]} */",
            related=[ctx.related(call, f"{call.callee}() is called here")] if call.span.line != test.line else [],
        )
