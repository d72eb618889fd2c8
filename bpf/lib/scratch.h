/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Scratch memory for records with a path, too big for the 512-byte stack.
 *
 * A record is built here, judged, then copied into the ring buffer with
 * bpf_ringbuf_output() at its real size: paths are up to 4 KiB but usually
 * tens of bytes, and a fixed-size bpf_ringbuf_reserve() would spend 4 KiB of
 * ring per event.
 *
 * Tracepoint programs use a per-CPU array: they run with preemption disabled
 * and none of our hooks fires in interrupt context, so one CPU never has two
 * of them in flight. LSM programs can be preempted (they run under
 * migrate_disable() only), so another task on the same CPU could overwrite a
 * per-CPU buffer between bpf_d_path() and the rule lookup; they use task
 * storage, which belongs to the task being judged.
 */
#ifndef TYR_SCRATCH_H
#define TYR_SCRATCH_H

#include "maps.h"

struct tyr_scratch {
	union {
		struct tyr_file_event file;
		struct tyr_exec_event exec;
		struct tyr_process_event proc;
		struct tyr_tls_event tls;
		/*
		 * Reserved in the ring directly, never built here; members so
		 * that every object's BTF describes every record (the layout
		 * guard in tests/Tyr.KernelTests reads it).
		 */
		struct tyr_connect_event connect;
		struct tyr_exit_event exit;
		struct tyr_fork_event fork;
	} rec;
	/*
	 * Room after rec.*.path so that a user path (<= TYR_PATH_MAX bytes)
	 * appended to a directory at a variable offset stays inside the
	 * value; before that, where a dentry walk assembles its path.
	 */
	char slack[TYR_PATH_MAX + 256];
	struct tyr_path_key path_key;
	struct tyr_exe_key exe_key;
	struct tyr_gov_path gov_key;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tyr_scratch);
} tyr_scratch_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct tyr_scratch);
} tyr_scratch_task SEC(".maps");

/* Tracepoint programs only (see above). */
static __always_inline struct tyr_scratch *tyr_scratch_cpu_get(void)
{
	__u32 zero = 0;
	struct tyr_scratch *scratch;

	scratch = bpf_map_lookup_elem(&tyr_scratch_cpu, &zero);
	if (!scratch)
		tyr_count(TYR_COUNTER_NO_SCRATCH);
	return scratch;
}

/* LSM programs: the current task's own scratch, created on first use. */
static __always_inline struct tyr_scratch *tyr_scratch_task_get(void)
{
	struct tyr_scratch *scratch;

	scratch = bpf_task_storage_get(&tyr_scratch_task,
				       bpf_get_current_task_btf(), NULL,
				       BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!scratch)
		tyr_count(TYR_COUNTER_NO_SCRATCH);
	return scratch;
}

#endif /* TYR_SCRATCH_H */
