// A hard-IRQ handler writes a global without holding a spinlock
// (kmodlint: unlocked-shared-flag; the process-context side is not checked here).

@handler@
identifier h;
expression E1, E2, E3, E4, E5;
@@
(
request_irq(E1, h, E2, E3, E4)
|
devm_request_irq(E5, E1, h, E2, E3, E4)
)

@w@
identifier handler.h;
global idexpression g;
expression V;
position p;
@@
h(...) {
... when != spin_lock(...)
    when != spin_lock_irqsave(...)
g@p = V;
...
}

@script:python depends on w@
p << w.p;
@@
print("%s:%s: unlocked-shared-flag" % (p[0].file, p[0].line))
