// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet interrupt self-test.  The test handler ORs the cause register
 * into test_icr; the ethtool self-test clears test_icr, makes the chip
 * raise one cause, sleeps and checks the bit.  The reset comes before the
 * device is asked to interrupt, so no update of the handler's is lost
 * (the device orders the two sides, not a lock): not reported.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/netdevice.h>
#include <linux/ethtool.h>
#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/io.h>

#define STN_ICR		0x00c0
#define STN_ICS		0x00c8

struct stn_adapter {
	struct net_device *netdev;
	void __iomem *regs;
	u32 test_icr;
	int irq;
};

static irqreturn_t stn_test_intr(int irq, void *data)
{
	struct stn_adapter *adapter = data;

	adapter->test_icr |= readl(adapter->regs + STN_ICR);
	return IRQ_HANDLED;
}

static int stn_intr_test(struct stn_adapter *adapter)
{
	int cause;

	if (request_irq(adapter->irq, stn_test_intr, IRQF_SHARED, "stn-test", adapter))
		return -EIO;
	for (cause = 0; cause < 10; cause++) {
		adapter->test_icr = 0;
		writel(BIT(cause), adapter->regs + STN_ICS);
		usleep_range(10000, 20000);
		if (!(adapter->test_icr & BIT(cause)))
			break;
	}
	free_irq(adapter->irq, adapter);
	return cause < 10 ? -EIO : 0;
}

static void stn_diag_test(struct net_device *netdev, struct ethtool_test *eth_test, u64 *data)
{
	struct stn_adapter *adapter = netdev_priv(netdev);

	data[0] = stn_intr_test(adapter);
	if (data[0])
		eth_test->flags |= ETH_TEST_FL_FAILED;
}

static const struct ethtool_ops stn_ethtool_ops = {
	.self_test = stn_diag_test,
};

MODULE_LICENSE("GPL");
