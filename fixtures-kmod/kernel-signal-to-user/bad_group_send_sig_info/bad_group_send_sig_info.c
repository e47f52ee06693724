// SPDX-License-Identifier: GPL-2.0
/*
 * Accelerator context teardown: when the device reports a fatal context
 * error, the work item signals the whole thread group that owns the
 * context.
 */
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/slab.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

struct accx_ctx {
	struct task_struct *owner;
	struct work_struct fatal_work;
	u32 err_code;
};

static void accx_fatal_work(struct work_struct *work)
{
	struct accx_ctx *ctx = container_of(work, struct accx_ctx, fatal_work);

	pr_err("accx: context error %#x, killing owner\n", ctx->err_code);
	group_send_sig_info(SIGKILL, SEND_SIG_PRIV, ctx->owner, PIDTYPE_TGID); /* expect: kernel-signal-to-user */
}

struct accx_ctx *accx_ctx_create(void)
{
	struct accx_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	ctx->owner = get_task_struct(current->group_leader);
	INIT_WORK(&ctx->fatal_work, accx_fatal_work);
	return ctx;
}
EXPORT_SYMBOL_GPL(accx_ctx_create);

void accx_ctx_fatal(struct accx_ctx *ctx, u32 code)
{
	ctx->err_code = code;
	schedule_work(&ctx->fatal_work);
}
EXPORT_SYMBOL_GPL(accx_ctx_fatal);

void accx_ctx_destroy(struct accx_ctx *ctx)
{
	cancel_work_sync(&ctx->fatal_work);
	put_task_struct(ctx->owner);
	kfree(ctx);
}
EXPORT_SYMBOL_GPL(accx_ctx_destroy);

MODULE_LICENSE("GPL");
