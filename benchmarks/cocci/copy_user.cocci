// copy_{from,to}_user: result ignored, compared < 0, or failure returning another errno
// (kmodlint: unchecked-copy-user, copy-user-negative-check, copy-user-wrong-errno)

@unchecked@
expression E1, E2, E3;
position p;
@@
(
copy_from_user@p(E1, E2, E3);
|
copy_to_user@p(E1, E2, E3);
)

@negative@
expression E1, E2, E3;
position p;
@@
(
copy_from_user@p(E1, E2, E3) < 0
|
copy_to_user@p(E1, E2, E3) < 0
)

@wrong_errno@
expression E1, E2, E3;
identifier C != EFAULT;
position p;
@@
(
if (copy_from_user@p(E1, E2, E3)) { ... return -C; }
|
if (copy_to_user@p(E1, E2, E3)) { ... return -C; }
|
if (copy_from_user@p(E1, E2, E3)) return -C;
|
if (copy_to_user@p(E1, E2, E3)) return -C;
)

@script:python depends on unchecked@
p << unchecked.p;
@@
print("%s:%s: unchecked-copy-user" % (p[0].file, p[0].line))

@script:python depends on negative@
p << negative.p;
@@
print("%s:%s: copy-user-negative-check" % (p[0].file, p[0].line))

@script:python depends on wrong_errno@
p << wrong_errno.p;
@@
print("%s:%s: copy-user-wrong-errno" % (p[0].file, p[0].line))
