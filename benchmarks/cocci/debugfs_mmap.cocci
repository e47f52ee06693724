// debugfs_create_file() given a file_operations with .mmap: debugfs's proxy drops it
// (kmodlint: debugfs-mmap-ignored; same file only, Coccinelle sees one file at a time).

@fops@
identifier f, m;
@@
struct file_operations f = { ..., .mmap = m, ... };

@r@
identifier fops.f;
expression E1, E2, E3, E4;
position p;
@@
(
debugfs_create_file@p(E1, E2, E3, E4, &f)
|
debugfs_create_file_size@p(E1, E2, E3, E4, &f, ...)
)

@script:python depends on r@
p << r.p;
@@
print("%s:%s: debugfs-mmap-ignored" % (p[0].file, p[0].line))
