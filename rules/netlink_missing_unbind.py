"""A kernel netlink socket that keeps sending to a peer it cannot know is gone."""
from __future__ import annotations

import re

from kmodlint.rule import Rule

from ._names import identifiers, last_name

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
_PEER_SOURCE = re.compile(r"NETLINK_CB\s*\(\s*\w+\s*\)\s*\.\s*(?:portid|pid)\b|\bnlmsg_pid\b")



class _Socket:
    def __init__(self, call, ctx):
        self.call = call
        self.name = last_name(call.assigned_to)
        self.fields: dict[str, str] = {}
        self.input = ""
        if len(call.args) >= 6:  # pre-3.6: (net, unit, groups, input, cb_mutex, module)
            self.input = call.args[3]
        elif len(call.args) == 3 and call.args[2].startswith("&"):
            cfg = call.args[2][1:].strip()
            for init in ctx.facts.struct_inits:
                if init.struct == "netlink_kernel_cfg" and init.name == cfg and init.function in ("", call.function):
                    self.fields.update(init.fields)
            for assign in ctx.facts.member_assigns:
                if assign.base == cfg and assign.function in ("", call.function):
                    self.fields[assign.field] = assign.value
            self.input = self.fields.get("input", "")

    def owns(self, sock_argument: str) -> bool:
        return bool(self.name) and last_name(sock_argument) == self.name


def _input_side(facts, input_name: str) -> set[str]:
    """The input callback and the static functions called only from it (the reply path)."""
    side = {input_name} if input_name else set()
    changed = True
    while changed:
        changed = False
        for function in facts.functions:
            if function.name in side or not function.static:
                continue
            callers = facts.callers(function.name)
            if callers and all(c.function in side for c in callers):
                side.add(function.name)
                changed = True
    return side


def _peer_stores(facts):
    """Assignments that remember a peer's port in state that outlives the request."""
    stores = []
    portid_locals = {(l.function, l.name) for l in facts.locals if _PEER_SOURCE.search(l.value)}
    for assignment in facts.assignments:
        if facts.is_local(assignment.function, assignment.name):
            if _PEER_SOURCE.search(assignment.value):
                portid_locals.add((assignment.function, assignment.name))
            continue
        if _PEER_SOURCE.search(assignment.value) or (assignment.function, assignment.value) in portid_locals:
            stores.append((assignment.name, assignment))
    for assign in facts.member_assigns:
        if _PEER_SOURCE.search(assign.value) or (assign.function, assign.value) in portid_locals:
            stores.append((assign.field, assign))
    for call in facts.calls_to("WRITE_ONCE"):
        if len(call.args) == 2 and _PEER_SOURCE.search(call.args[1]):
            stores.append((last_name(call.args[0]), call))
    return stores


def _portid_names(call, facts, argument: str) -> set[str]:
    """Names the portid argument reads, one local step deep (`peer = READ_ONCE(g_peer)`)."""
    names = {last_name(argument)}
    for local in facts.locals:
        if local.function == call.function and local.name == argument:
            names.update(identifiers(local.value))
    for assignment in facts.assignments:
        if assignment.function == call.function and assignment.name == argument:
            names.update(identifiers(assignment.value))
    return names


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
        for path, facts in files.items():
            input_side = _input_side(facts, socket.input) if path == ctx.source.path else set()
            has_listeners |= any(c.args and socket.owns(c.args[0]) for c in facts.calls_to("netlink_has_listeners"))
            for call in facts.calls_to(*UNICAST, *MULTICAST):
                if not call.args or not socket.owns(call.args[0]) or call.function in input_side:
                    continue
                if call.callee in MULTICAST:
                    multicasts.append((call, path))
                elif len(call.args) > UNICAST[call.callee]:
                    if _portid_names(call, facts, call.args[UNICAST[call.callee]]) & stored_names:
                        late_sends.append((call, path))
        if late_sends:
            send, send_path = late_sends[0]
            portid = last_name(send.args[UNICAST[send.callee]])
            names = _portid_names(send, files[send_path], send.args[UNICAST[send.callee]])
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
