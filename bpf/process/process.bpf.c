// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Process family: keeps tyr_procs, the table of governed thread groups.
 *
 * Always loaded, before every other family: it creates the shared maps and
 * without it nothing is governed. tp_btf (BTF-typed raw tracepoints) rather
 * than classic tracepoints: the programs get the task_struct and linux_binprm
 * pointers themselves (a new thread group tells itself from a new thread by
 * child->pid == child->tgid, the binary is bprm->file), and attaching needs no
 * tracefs.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tyr_compiler.h"
#include "path.h"
#include "event.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* A governed parent's new process is governed with the same scope. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 parent_tgid = parent->tgid;
	__u32 child_tgid = child->tgid;
	struct tyr_subject subject;
	struct tyr_fork_event *e;
	struct tyr_proc *proc;
	struct tyr_proc copy;

	if (child->pid != child_tgid)
		return 0; /* a thread: its group is already (un)governed */

	proc = bpf_map_lookup_elem(&tyr_procs, &parent_tgid);
	if (proc) {
		copy = *proc;
		if (bpf_map_update_elem(&tyr_procs, &child_tgid, &copy,
					BPF_ANY))
			tyr_count(TYR_COUNTER_PROC_TABLE_FULL);
	} else {
		/* A stale entry (an exit we missed) must not govern the new
		 * process that got its tgid. */
		bpf_map_delete_elem(&tyr_procs, &child_tgid);
		if (!tyr_current_governed(&subject))
			return 0; /* neither tagged nor in a governed cgroup */
	}

	e = bpf_ringbuf_reserve(&tyr_events, sizeof(*e), 0);
	if (!e) {
		tyr_count(TYR_COUNTER_RINGBUF_DROPS);
		return 0;
	}
	tyr_fill_header(&e->hdr, TYR_OP_FORK, sizeof(*e));
	e->tgid = child_tgid;
	e->parent_tgid = parent_tgid;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * Tags the group when @path is a governed binary and gives it that binary's
 * scope: a new agent started by another agent (or by a process governed
 * through its cgroup) is governed as what it is. Returns whether the scope
 * changed. tag_exec_id marks only the exec that made an ungoverned group
 * governed: an exec by a governed group was itself a governed operation.
 */
static __always_inline bool tyr_tag_exec(struct task_struct *task, __u32 tgid,
					 struct tyr_scratch *scratch,
					 const char *path, __u32 len,
					 const struct tyr_subject *before,
					 bool governed)
{
	struct tyr_proc proc = {};
	struct tyr_proc *old;
	struct tyr_gov *gov;

	if (len >= TYR_GOV_PATH_MAX)
		return false;
	__builtin_memset(&scratch->gov_key, 0, sizeof(scratch->gov_key));
	/*
	 * Bounded again where older verifiers see it: the compiler would
	 * reload a spilled len that carries only the 4 KiB bound.
	 */
	barrier_var(len);
	len &= TYR_GOV_PATH_MAX - 1;
	bpf_probe_read_kernel(scratch->gov_key.path, len, path);
	gov = bpf_map_lookup_elem(&tyr_gov_exes, &scratch->gov_key);
	if (!gov)
		return false;
	if (governed && before->scope == gov->scope)
		return false;

	old = bpf_map_lookup_elem(&tyr_procs, &tgid);
	proc.scope = gov->scope;
	proc.tag_exec_id = old ? old->tag_exec_id : 0;
	if (!governed)
		proc.tag_exec_id = BPF_CORE_READ(task, self_exec_id);
	if (bpf_map_update_elem(&tyr_procs, &tgid, &proc, BPF_ANY)) {
		tyr_count(TYR_COUNTER_PROC_TABLE_FULL);
		return false;
	}
	return true;
}

/*
 * The exec of a governed binary tags the thread group. This runs after the
 * new image is in place and before it returns to user space, so the new
 * image's first system call is already governed. A governed group keeps its
 * scope across exec unless the new binary is governed with another one.
 * Every exec of a governed group is reported (binary, argv, parent, start
 * time): tyrd's process_exe and cmdline for its events. With discovery on,
 * every other exec on the host is reported too, for tyrd to match against its
 * agent signatures and tag from user space what the kernel cannot name.
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	__u32 tgid = task->tgid;
	struct tyr_process_event *e;
	struct tyr_control *control;
	struct tyr_scratch *scratch;
	struct tyr_subject subject;
	bool governed, tagged = false, discover = false, exes = false;
	__u16 flags = 0, proc_flags = 0;
	__u32 len;
	__u64 size;

	if (tgid <= 1 || tgid == tyr_daemon_tgid || tyr_task_is_kthread(task))
		return 0;
	governed = tyr_current_governed(&subject);
	control = tyr_control_get();
	if (control) {
		discover = READ_ONCE(control->discover);
		exes = READ_ONCE(control->gov_exes);
	}
	if (!governed && !discover && !exes)
		return 0;
	scratch = tyr_scratch_cpu_get();
	if (!scratch)
		return 0;
	e = &scratch->rec.proc;

	len = tyr_walk_file(bprm->file, scratch->slack, e->path, &flags);
	if (exes && !(flags & TYR_EVF_PATH_TRUNCATED))
		tagged = tyr_tag_exec(task, tgid, scratch, e->path, len,
				      &subject, governed);
	if (!governed && !tagged && !discover)
		return 0;

	if (tagged) {
		proc_flags = TYR_PROCF_GOVERNED | TYR_PROCF_TAGGED;
		tyr_current_governed(&subject); /* the new scope */
	} else if (governed) {
		proc_flags = TYR_PROCF_GOVERNED;
		if (subject.flags & TYR_EVF_CGROUP)
			proc_flags |= TYR_PROCF_CGROUP;
	} else {
		subject.scope = 0;
	}

	len &= TYR_PATH_MAX - 1;
	size = offsetof(struct tyr_process_event, path) + len + 1;
	tyr_fill_header(&e->hdr, TYR_OP_PROCESS_EXEC, size);
	e->tgid = tgid;
	e->path_len = len;
	e->args_len = tyr_read_args(task, e->args);
	e->parent_tgid = BPF_CORE_READ(task, real_parent, tgid);
	e->scope = subject.scope;
	e->flags = proc_flags;
	e->start_time = BPF_CORE_READ(task, start_boottime);
	tyr_output(e, size);
	return 0;
}

/* The last thread of a group exits: untag it and tell tyrd. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *task)
{
	__u32 tgid = task->tgid;
	struct tyr_subject subject;
	struct tyr_exit_event *e;

	if (BPF_CORE_READ(task, signal, live.counter))
		return 0; /* other threads of the group still run */
	if (bpf_map_delete_elem(&tyr_procs, &tgid) &&
	    !tyr_current_governed(&subject))
		return 0;

	e = bpf_ringbuf_reserve(&tyr_events, sizeof(*e), 0);
	if (!e) {
		tyr_count(TYR_COUNTER_RINGBUF_DROPS);
		return 0;
	}
	tyr_fill_header(&e->hdr, TYR_OP_EXIT, sizeof(*e));
	e->tgid = tgid;
	e->exit_code = task->exit_code;
	bpf_ringbuf_submit(e, 0);
	return 0;
}
