/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Who is governed. A thread group is governed when tyr_procs holds its tgid
 * (tagged at the exec of a governed binary and inherited on fork, see
 * process/process.bpf.c) or when its cgroup v2, or an ancestor of it, is in
 * tyr_gov_cgroups. tyrd itself, PID 1 and kernel threads never are.
 */
#ifndef TYR_PROCESS_H
#define TYR_PROCESS_H

#include "maps.h"

/* cgroup levels below the root searched for a governed ancestor. */
#define TYR_CGROUP_LEVELS 8

/* The governed task a hook is judging. */
struct tyr_subject {
	__u32 tgid;
	__u32 tid;
	__u16 scope;
	__u16 flags; /* TYR_EVF_CGROUP */
};

static __always_inline bool tyr_cgroup_governed(struct tyr_subject *subject)
{
	__u64 id = bpf_get_current_cgroup_id();
	struct tyr_gov *gov = bpf_map_lookup_elem(&tyr_gov_cgroups, &id);

#pragma unroll
	for (int level = 1; !gov && level <= TYR_CGROUP_LEVELS; level++) {
		__u64 ancestor = bpf_get_current_ancestor_cgroup_id(level);

		if (!ancestor || ancestor == id)
			break;
		gov = bpf_map_lookup_elem(&tyr_gov_cgroups, &ancestor);
	}
	if (!gov)
		return false;
	subject->scope = gov->scope;
	subject->flags |= TYR_EVF_CGROUP;
	return true;
}

/*
 * Is the current task governed? Usable from every program type: it needs no
 * BTF task pointer (cgroup programs have none). Callers that have one also
 * check tyr_current_is_kthread().
 */
static __always_inline bool tyr_current_governed(struct tyr_subject *subject)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	struct tyr_control *control;
	struct tyr_proc *proc;

	if (tgid <= 1 || tgid == tyr_daemon_tgid)
		return false;
	subject->tgid = tgid;
	subject->tid = (__u32)id;
	subject->scope = 0;
	subject->flags = 0;

	proc = bpf_map_lookup_elem(&tyr_procs, &tgid);
	if (proc) {
		subject->scope = proc->scope;
		return true;
	}
	control = tyr_control_get();
	if (!control || !READ_ONCE(control->gov_cgroups))
		return false;
	return tyr_cgroup_governed(subject);
}

static __always_inline bool tyr_task_is_kthread(struct task_struct *task)
{
	return BPF_CORE_READ(task, flags) & PF_KTHREAD;
}

/* For tracing and LSM programs: governed and not a kernel thread. */
static __always_inline bool
tyr_current_governed_task(struct tyr_subject *subject)
{
	struct task_struct *task = (void *)bpf_get_current_task();

	return tyr_current_governed(subject) && !tyr_task_is_kthread(task);
}

/* argv of the current task's new image (valid from sched_process_exec on). */
static __always_inline __u16 tyr_read_args(struct task_struct *task, char *args)
{
	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);
	__u32 len;

	if (end <= start)
		return 0;
	len = end - start;
	if (len > TYR_ARGS_MAX)
		len = TYR_ARGS_MAX;
	barrier_var(len);
	if (bpf_probe_read_user(args, len, (void *)start) < 0)
		return 0;
	return len;
}

#endif /* TYR_PROCESS_H */
