/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Filling the parts every governed-operation record shares. */
#ifndef TYR_EVENT_H
#define TYR_EVENT_H

#include "policy.h"
#include "process.h"

static __always_inline void tyr_fill_header(struct tyr_msg_header *hdr, __u8 op,
					    __u32 size)
{
	hdr->op = op;
	hdr->flags = 0;
	hdr->pad = 0;
	hdr->size = size;
	hdr->ktime = bpf_ktime_get_boot_ns();
}

static __always_inline void tyr_fill_common(struct tyr_event_common *ev,
					    const struct tyr_subject *subject,
					    const struct tyr_decision *d,
					    __u8 kind, __u8 hook)
{
	ev->tgid = subject->tgid;
	ev->tid = subject->tid;
	ev->uid = (__u32)bpf_get_current_uid_gid();
	ev->scope = subject->scope;
	ev->kind = kind;
	ev->verdict = d->verdict;
	ev->severity = d->severity;
	ev->hook = hook;
	ev->flags = d->flags | subject->flags;
	ev->rule_id = d->rule_id;
	ev->policy_version = d->policy_version;
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
}

#endif /* TYR_EVENT_H */
