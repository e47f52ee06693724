/*
 * joyport.c - parallel port joystick, old style.  Button presses are
 * announced with SIGIO through fasync; no kill_proc()/send_sig() games.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/timer.h>
#include <asm/io.h>

#define JOY_MAJOR 243
#define JOY_PORT  0x379

static struct fasync_struct *joy_fasync_q = NULL;
static struct timer_list joy_timer;
static unsigned char joy_last;

static void joy_poll_port(struct timer_list *t)
{
	unsigned char now = inb(JOY_PORT);
	if (now != joy_last) {
		joy_last = now;
		kill_fasync(&joy_fasync_q, SIGIO, POLL_IN);
	}
	mod_timer(&joy_timer, jiffies + HZ/50);
}

static int joy_fasync(int fd, struct file *filp, int mode)
{
	return fasync_helper(fd, filp, mode, &joy_fasync_q);
}

static int joy_release(struct inode *inode, struct file *filp)
{
	joy_fasync(-1, filp, 0);
	return 0;
}

static struct file_operations joy_fops = {
	.owner   = THIS_MODULE,
	.fasync  = joy_fasync,
	.release = joy_release,
};

static int __init joy_init(void)
{
	int r = register_chrdev(JOY_MAJOR, "joyport", &joy_fops);
	if (r < 0) return r;
	timer_setup(&joy_timer, joy_poll_port, 0);
	mod_timer(&joy_timer, jiffies + HZ/50);
	return 0;
}

static void __exit joy_exit(void)
{
	del_timer_sync(&joy_timer);
	unregister_chrdev(JOY_MAJOR, "joyport");
}

module_init(joy_init);
module_exit(joy_exit);
MODULE_LICENSE("GPL");
