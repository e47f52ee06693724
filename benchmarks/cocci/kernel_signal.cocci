// A driver sends a signal to a user process (kmodlint: kernel-signal-to-user).

@r@
position p;
@@
(
send_sig@p(...)
|
send_sig_info@p(...)
|
kill_pid@p(...)
|
force_sig@p(...)
|
force_sig_fault@p(...)
|
send_sig_fault@p(...)
|
kill_pgrp@p(...)
|
group_send_sig_info@p(...)
)

@script:python depends on r@
p << r.p;
@@
print("%s:%s: kernel-signal-to-user" % (p[0].file, p[0].line))
