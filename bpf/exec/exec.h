/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Exec family: sending an exec record. */
#ifndef TYR_EXEC_H
#define TYR_EXEC_H

#include "event.h"
#include "path.h"

static __always_inline void tyr_emit_exec(struct tyr_exec_event *e,
					  const struct tyr_subject *subject,
					  const struct tyr_decision *d,
					  __u8 hook, __u32 len)
{
	__u64 size;

	len &= TYR_PATH_MAX - 1;
	size = offsetof(struct tyr_exec_event, path) + len + 1;
	tyr_fill_header(&e->hdr, TYR_OP_EXEC, size);
	tyr_fill_common(&e->ev, subject, d, TYR_KIND_EXEC, hook);
	e->path_len = len;
	e->pad = 0;
	tyr_output(e, size);
}

#endif /* TYR_EXEC_H */
