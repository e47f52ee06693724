// A kernel netlink socket whose cfg has no .unbind, in a file that sends to userspace
// (kmodlint: netlink-missing-unbind).

@has_unbind@
identifier c;
expression U;
@@
struct netlink_kernel_cfg c = { ..., .unbind = U, ... };

@sends@
@@
(
netlink_unicast(...)
|
nlmsg_unicast(...)
|
netlink_broadcast(...)
|
nlmsg_multicast(...)
)

@r depends on sends && !has_unbind@
position p;
@@
netlink_kernel_create@p(...)

@script:python depends on r@
p << r.p;
@@
print("%s:%s: netlink-missing-unbind" % (p[0].file, p[0].line))
