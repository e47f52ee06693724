/* SPDX-License-Identifier: GPL-2.0 */
#ifndef QDMA_H
#define QDMA_H

int qdma_cdev_register(void);
void qdma_cdev_unregister(void);
int qdma_engine_start(void);
void qdma_engine_stop(void);

#endif
