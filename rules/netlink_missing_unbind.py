"""A kernel netlink socket that keeps sending to a peer it cannot know is gone."""
from __future__ import annotations

from kmodlint.flow import flow_of, source_of
from kmodlint.rule import Rule

from ._names import last_name

RULE = Rule(
    id="netlink-missing-unbind",
    title="Netlink kernel socket sends to remembered peers without .unbind",
    severity="warning",
    tags=("correctness", "netlink", "resource-lifetime"),
    precision="high",
    triggers=(b"netlink_kernel_create",),
    needs=("calls", "struct_inits", "member_assigns", "assignments", "locals"),
    folder_needs=("calls", "struct_inits", "member_assigns", "assignments", "locals"),
    options={"multicast-note": False},
    help="""
Finds a kernel netlink socket (`netlink_kernel_create()`, also the pre-3.6
six-argument form) whose `struct netlink_kernel_cfg` has no `.unbind`, while
the module keeps sending to userspace after the request was handled:

- **warning:** it remembers a peer (`NETLINK_CB(skb).portid`, `.pid` in old
  code, or `nlmsg_pid`) in file-scope or device state and later sends to it
  with `netlink_unicast()`/`nlmsg_unicast()` outside the input callback (from a
  timer, a work item, a thread, an IRQ path);
- **note, off by default:** it multicasts (`netlink_broadcast()`,
  `nlmsg_multicast()`) with neither `.bind`/`.unbind` nor a
  `netlink_has_listeners()` check. Read by hand on linux 6.12 drivers/, these
  were rare events where building an unread message costs nothing (0 of 2 worth
  a change); switch it on with `multicast-note = true` under
  `[tool.kmodlint.rule-options.netlink-missing-unbind]`.

**Why:** when the application dies, its socket is closed and nothing tells the
module: it keeps building messages for a port nobody owns (or that a new
process now owns). The kernel calls back only if the module asks: when the
socket closes, also when the process is killed, `netlink_release()` calls the
`.unbind` of the netlink_kernel_cfg for each group the socket had joined.

**Fix:** implement `.unbind` (and `.bind`) in the cfg and forget the peer there;
have the daemon join a multicast group so the callbacks fire; and treat
-ECONNREFUSED from `netlink_unicast()` as "the peer is gone":

```c
static void mymod_unbind(struct net *net, int group)
{
        WRITE_ONCE(daemon_portid, 0);
}
struct netlink_kernel_cfg cfg = {
        .input  = mymod_input,
        .unbind = mymod_unbind,
};
```

For multicast, check `netlink_has_listeners(sk, group)` before building the
message. Pure request/reply (answering `NETLINK_CB(skb).portid` inside the
input callback) is not reported.
""",
)

UNICAST = {"netlink_unicast": 2, "nlmsg_unicast": 2}  # callee -> index of the portid argument
MULTICAST = frozenset({"netlink_broadcast", "nlmsg_multicast", "netlink_broadcast_filtered"})


def _flow(facts, call):
    """The flow of the function holding `call` (a Call of `facts`' file), None without its syntax tree."""
    source = source_of(facts)
    return flow_of(facts, source, call.function) if source is not None and call.function else None


def _argument_name(facts, call, index: int) -> str:
    """The variable or member argument `index` of `call` designates (`READ_ONCE(priv->nl_sk)` -> nl_sk)."""
    flow = _flow(facts, call)
    argument = flow.argument(call.start_byte, call.end_byte, index) if flow is not None else None
    return flow.name_of(argument) if argument is not None else ""


class _Socket:
    def __init__(self, call, ctx):
        self.call = call
        flow = _flow(ctx.facts, call)
        held = flow.assigned_node(call.start_byte, call.end_byte) if flow is not None else None
        self.name = flow.name_of(held) if held is not None else ""
        self.fields: dict[str, str] = {}
        self.input = ""
        if len(call.args) >= 6:  # pre-3.6: (net, unit, groups, input, cb_mutex, module)
            self.input = _argument_name(ctx.facts, call, 3)
        elif len(call.args) == 3 and flow is not None:
            config = flow.argument(call.start_byte, call.end_byte, 2)  # &cfg
            cfg = flow.text(config.child_by_field_name("argument")) \
                if config is not None and config.type == "pointer_expression" else ""
            for init in ctx.facts.struct_inits:
                if init.struct == "netlink_kernel_cfg" and init.name == cfg and init.function in ("", call.function):
                    self.fields.update(init.fields)
            for assign in ctx.facts.member_assigns:
                if assign.base == cfg and assign.function in ("", call.function):
                    self.fields[assign.field] = assign.value
            self.input = self.fields.get("input", "")

    def owns(self, facts, call) -> bool:
        """Does `call` (of `facts`' file) send on this socket: its first argument names the same variable
        or member?"""
        return bool(self.name) and _argument_name(facts, call, 0) == self.name


def _reads_peer(members) -> bool:
    """Does a value read a peer's port: `NETLINK_CB(skb).portid` (`.pid` before 3.7), `nlh->nlmsg_pid`?"""
    return any(field == "nlmsg_pid" or (owner == "NETLINK_CB" and field in ("portid", "pid"))
               for owner, field in members)


def _peer_stores(facts):
    """Assignments that remember a peer's port in state that outlives the request (a file-scope
    variable, a member, WRITE_ONCE() of either), also through a local (`u32 pid = ...; g_pid = pid;`)."""
    source = source_of(facts)
    if source is None:
        return []
    stores = []
    assigned = [(a, a.name) for a in facts.assignments if a.function and not facts.is_local(a.function, a.name)]
    assigned += [(m, m.field) for m in facts.member_assigns if m.function]
    for fact, name in assigned:
        flow = flow_of(facts, source, fact.function)
        span = fact.span
        node = flow.node_of(source.offset(span.line, span.column), source.offset(span.end_line, span.end_column),
                            "assignment_expression") if flow is not None else None
        if node is not None and _reads_peer(flow.value_members(node.child_by_field_name("right"))):
            stores.append((name, fact))
    for call in facts.calls_to("WRITE_ONCE"):
        flow = flow_of(facts, source, call.function) if call.function else None
        place, value = (flow.argument(call.start_byte, call.end_byte, i) for i in (0, 1)) if flow else (None, None)
        if place is not None and value is not None and _reads_peer(flow.value_members(value)):
            stores.append((flow.name_of(place), call))
    return stores


def _portid_names(call, facts, index: int) -> set[str]:
    """Names the portid argument reads, one local step deep (`peer = READ_ONCE(g_peer)`)."""
    flow = _flow(facts, call)
    return flow.argument_names(call.start_byte, call.end_byte, index) if flow is not None else set()


def _named(socket) -> str:
    return f"netlink socket '{socket.name}'" if socket.name else "this netlink socket"


@RULE.folder_tokens_from
def socket_names(facts):
    """Sends may sit in another file of the driver: the ones that name this file's sockets."""
    for create in facts.calls_to("netlink_kernel_create"):
        yield last_name(create.assigned_to)


@RULE.check
def check(ctx):
    for create in ctx.facts.calls_to("netlink_kernel_create"):
        socket = _Socket(create, ctx)
        if "unbind" in socket.fields:
            continue
        files = {path: ctx.folder.files.get(path, ctx.facts) for path in sorted(ctx.folder.files) or [ctx.source.path]}
        stores = [(name, where, path) for path, facts in files.items() for name, where in _peer_stores(facts)]
        stored_names = {name for name, _, _ in stores}
        late_sends, multicasts, has_listeners = [], [], False
        graph = ctx.driver.graph
        handler = graph.resolve(socket.input, ctx.source.path) if socket.input else None
        # The input callback and the functions only it calls: the reply path.
        input_side = {ref.name for ref in graph.called_only_from({handler}) if ref.path == ctx.source.path} \
            if handler is not None else set()
        for path, facts in files.items():
            input_side_here = input_side if path == ctx.source.path else set()
            has_listeners |= any(socket.owns(facts, c) for c in facts.calls_to("netlink_has_listeners"))
            for call in facts.calls_to(*UNICAST, *MULTICAST):
                if not socket.owns(facts, call) or call.function in input_side_here:
                    continue
                if call.callee in MULTICAST:
                    multicasts.append((call, path))
                elif len(call.args) > UNICAST[call.callee]:
                    if _portid_names(call, facts, UNICAST[call.callee]) & stored_names:
                        late_sends.append((call, path))
        if late_sends:
            send, send_path = late_sends[0]
            portid = _argument_name(files[send_path], send, UNICAST[send.callee])
            names = _portid_names(send, files[send_path], UNICAST[send.callee])
            store = next(((where, path) for name, where, path in stores if name in names), None)
            related = []
            if store is not None:
                related.append(ctx.related(store[0], "the peer's port is remembered here", store[1]))
            related.append(ctx.related(send, f"and sent to later, outside the input callback, in {send.function}()", send_path))
            yield ctx.finding(
                create,
                f"{_named(socket)} keeps sending to remembered port '{portid}' from {send.function}(), "
                f"but its netlink_kernel_cfg has no .unbind",
                related=related,
            )
        elif multicasts and "bind" not in socket.fields and not has_listeners and ctx.settings["multicast-note"]:
            send, send_path = multicasts[0]
            yield ctx.finding(
                create,
                f"{_named(socket)} multicasts from {send.function}() with no netlink_has_listeners() check "
                f"and no .bind/.unbind",
                severity="note",
                related=[ctx.related(send, "multicast here", send_path)],
            )
