// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The producer both ring-buffer consumers read in ring-bench.sh: one fixed-size
 * record per getppid() of the load generator, reserve -> null-check -> fill ->
 * submit, and a per-CPU count of the records the ring had no room for. A
 * tracepoint, because it loads on the host kernel (kprobes and fentry do not);
 * getppid, because nothing else on the machine calls it often.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define RINGBENCH_RECORD_SIZE 64

/*
 * Starts like every tyr record (struct tyr_msg_header, bpf/lib/records.h) with
 * an op no tyr program sends, so that tyrd's RecordDecoder frames it, reads its
 * header and counts it as malformed: the decode path up to the per-op parser.
 */
#define RINGBENCH_OP 0xee

struct ringbench_record {
	__u8 op;
	__u8 flags;
	__u16 pad;
	__u32 size;
	__u64 ktime;
	__u32 tgid;
	__u32 cpu;
	__u8 payload[RINGBENCH_RECORD_SIZE - 24];
};

/* Set before load: only this process's calls produce records (0: any). */
const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024);
} ringbench_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} ringbench_counters SEC(".maps"); /* 0: submitted, 1: dropped */

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline void ringbench_count(__u32 index)
{
	__u64 *count = bpf_map_lookup_elem(&ringbench_counters, &index);

	if (count)
		*count += 1;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int handle_getppid(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct ringbench_record *rec;

	if (target_tgid && tgid != target_tgid)
		return 0;
	rec = bpf_ringbuf_reserve(&ringbench_events, sizeof(*rec), 0);
	if (!rec) {
		ringbench_count(1);
		return 0;
	}
	rec->op = RINGBENCH_OP;
	rec->flags = 0;
	rec->pad = 0;
	rec->size = sizeof(*rec);
	rec->ktime = bpf_ktime_get_ns();
	rec->tgid = tgid;
	rec->cpu = bpf_get_smp_processor_id();
	__builtin_memset(rec->payload, 0, sizeof(rec->payload));
	bpf_ringbuf_submit(rec, 0);
	ringbench_count(0);
	return 0;
}
