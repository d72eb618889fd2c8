/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* File family: judging an open and sending its record. */
#ifndef TYR_FILE_H
#define TYR_FILE_H

#include "event.h"
#include "path.h"

/*
 * Judges an open that reads and/or writes. A read-write open is judged as a
 * write and as a read and the stricter verdict stands, so a read rule cannot
 * be dodged with O_RDWR. Returns the event kind: FILE_WRITE when it writes.
 */
static __always_inline __u8 tyr_judge_open(struct tyr_decision *d,
					   struct tyr_path_key *key,
					   const char *path, __u32 len,
					   bool reads, bool writes, __u16 scope)
{
	struct tyr_decision read = *d;

	if (!writes) {
		tyr_judge_path(d, key, path, len, TYR_KIND_FILE_READ, scope);
		return TYR_KIND_FILE_READ;
	}
	tyr_judge_path(d, key, path, len, TYR_KIND_FILE_WRITE, scope);
	if (reads) {
		tyr_judge_path(&read, key, path, len, TYR_KIND_FILE_READ,
			       scope);
		if (tyr_verdict_rank(read.verdict) >
		    tyr_verdict_rank(d->verdict))
			*d = read;
	}
	return TYR_KIND_FILE_WRITE;
}

static __always_inline void tyr_emit_file(struct tyr_file_event *e,
					  const struct tyr_subject *subject,
					  const struct tyr_decision *d,
					  __u8 kind, __u8 hook,
					  __u32 open_flags, __u32 len)
{
	__u64 size;

	len &= TYR_PATH_MAX - 1;
	size = offsetof(struct tyr_file_event, path) + len + 1;
	tyr_fill_header(&e->hdr, TYR_OP_FILE, size);
	tyr_fill_common(&e->ev, subject, d, kind, hook);
	e->open_flags = open_flags;
	e->path_len = len;
	e->pad = 0;
	tyr_output(e, size);
}

/* Tracepoints: an open(2)-family call that is about to happen. */
static __always_inline int tyr_observe_open(int dfd, const char *name,
					    __u64 open_flags, __u8 hook)
{
	struct tyr_subject subject;
	struct tyr_scratch *scratch;
	struct tyr_decision d;
	bool reads, writes;
	__u16 flags = 0;
	__u32 acc, len;
	__u8 kind;

	if (!tyr_current_governed_task(&subject))
		return 0;
	scratch = tyr_scratch_cpu_get();
	if (!scratch)
		return 0;

	len = tyr_user_path(dfd, name, scratch->slack, scratch->rec.file.path,
			    &flags);
	acc = open_flags & 3;
	reads = acc != O_WRONLY;
	writes = acc != 0 || (open_flags & (O_CREAT | O_TRUNC));
	tyr_judge_stable(&d,
			 kind = tyr_judge_open(&d, &scratch->path_key,
					       scratch->rec.file.path, len,
					       reads, writes, subject.scope));
	tyr_decision_observed(&d);
	d.flags |= flags;
	tyr_emit_file(&scratch->rec.file, &subject, &d, kind, hook,
		      (__u32)open_flags, len);
	return 0;
}

#endif /* TYR_FILE_H */
