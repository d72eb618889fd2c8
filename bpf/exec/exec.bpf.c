// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Exec family: EXEC.
 *
 * Enforced with lsm/bprm_check_security: it runs once the binary is open and
 * before the old image is torn down, so a denied execve() fails with EPERM
 * and the caller goes on. bpf_d_path() gives the binary's resolved path; argv
 * is not reachable yet (it lives in the new mm), so the record has none.
 *
 * Observed, where BPF-LSM is refused, with tp_btf/sched_process_exec: after a
 * successful exec, with the binary (bprm->file, by a dentry walk) and the new
 * argv. The exec that made a process governed (the exec of a governed binary
 * by an ungoverned parent) was not a governed operation and is skipped, in
 * both modes alike: see tyr_proc.tag_exec_id.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tyr_compiler.h"
#include "exec.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("lsm/bprm_check_security")
int BPF_PROG(handle_bprm_check, struct linux_binprm *bprm, int ret)
{
	struct tyr_subject subject;
	struct tyr_scratch *scratch;
	struct tyr_exec_event *e;
	struct tyr_decision d;
	struct file *file;
	__u16 flags = 0;
	__u32 len;
	long n;

	if (ret)
		return ret;
	if (!tyr_current_governed_task(&subject))
		return 0;
	scratch = tyr_scratch_task_get();
	if (!scratch)
		return -EPERM; /* fail closed: no memory to judge the path */
	e = &scratch->rec.exec;

	file = bprm->file;
	n = bpf_d_path((struct path *)&file->f_path, e->path, TYR_PATH_MAX);
	if (n > 0)
		len = n - 1;
	else
		len = tyr_walk_file(file, scratch->slack, e->path, &flags);
	tyr_judge_stable(&d, tyr_judge_exec(&d, &scratch->exe_key,
					    &scratch->path_key, e->path, len,
					    subject.scope));
	tyr_decision_enforced(&d);
	d.flags |= flags;
	e->args_len = 0;
	tyr_emit_exec(e, &subject, &d, TYR_HOOK_LSM_BPRM_CHECK, len);
	return tyr_decision_denies(&d) ? -EPERM : 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec_observe, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct tyr_subject subject;
	struct tyr_scratch *scratch;
	struct tyr_exec_event *e;
	struct tyr_decision d;
	struct tyr_proc *proc;
	__u16 flags = 0;
	__u32 len;

	if (!tyr_current_governed_task(&subject))
		return 0;
	proc = bpf_map_lookup_elem(&tyr_procs, &subject.tgid);
	if (proc && proc->tag_exec_id == BPF_CORE_READ(task, self_exec_id))
		return 0; /* this exec made it governed */
	scratch = tyr_scratch_cpu_get();
	if (!scratch)
		return 0;
	e = &scratch->rec.exec;

	len = tyr_walk_file(bprm->file, scratch->slack, e->path, &flags);
	tyr_judge_stable(&d, tyr_judge_exec(&d, &scratch->exe_key,
					    &scratch->path_key, e->path, len,
					    subject.scope));
	tyr_decision_observed(&d);
	d.flags |= flags;
	e->args_len = tyr_read_args(task, e->args);
	tyr_emit_exec(e, &subject, &d, TYR_HOOK_TP_SCHED_EXEC, len);
	return 0;
}
