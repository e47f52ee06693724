// SPDX-License-Identifier: GPL-2.0
/*
 * Frame-buffer flip thread.  The vsync interrupt sets `kicked` and wakes
 * the driver's kernel thread, which tests and clears it.  A kick that
 * lands between the test and the clear is not lost work: the thread
 * flips on the next vsync.  A flag the handler stores and a wake-up hands
 * over: not reported (the handler's store is plain, the thread is not
 * the handler's own thread_fn).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/io.h>

struct flip_priv {
	void __iomem *regs;
	struct task_struct *task;
	int kicked;
};

static irqreturn_t flip_vsync(int irq, void *data)
{
	struct flip_priv *fp = data;

	if (!(readl(fp->regs) & 1))
		return IRQ_NONE;
	fp->kicked = 1;
	wake_up_process(fp->task);
	return IRQ_HANDLED;
}

static int flip_thread(void *data)
{
	struct flip_priv *fp = data;

	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (fp->kicked) {
			fp->kicked = 0;
			writel(1, fp->regs + 4);
		}
		schedule();
	}
	return 0;
}

static int flip_probe(struct platform_device *pdev)
{
	struct flip_priv *fp = devm_kzalloc(&pdev->dev, sizeof(*fp), GFP_KERNEL);

	if (!fp)
		return -ENOMEM;
	fp->task = kthread_run(flip_thread, fp, "flipd");
	if (IS_ERR(fp->task))
		return PTR_ERR(fp->task);
	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), flip_vsync, 0, "flip", fp);
}

static struct platform_driver flip_driver = {
	.probe = flip_probe,
	.driver = { .name = "flip" },
};
module_platform_driver(flip_driver);
MODULE_LICENSE("GPL");
