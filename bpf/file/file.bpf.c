// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * File family: FILE_READ and FILE_WRITE.
 *
 * Enforced with lsm/file_open: it runs once the kernel has resolved the name
 * to a file and before open() returns it, for every way of opening (open,
 * openat, openat2, creat, io_uring), and bpf_d_path() is allowed there, so
 * the path is the one the kernel resolved (symlinks, "..", bind mounts).
 * The open of a binary by execve (FMODE_EXEC) is left to the exec family.
 *
 * Observed, where BPF-LSM is refused, with the sys_enter tracepoints of
 * openat, openat2, open and creat. They run before the kernel resolves the
 * name: the path is made absolute lexically (lib/path.h) and an open that then
 * fails is still reported. io_uring opens are not seen.
 *
 * The loader loads either the LSM program or the tracepoint programs
 * (bpf_program__set_autoload), never both.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tyr_compiler.h"
#include "file.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("lsm/file_open")
int BPF_PROG(handle_file_open, struct file *file, int ret)
{
	struct tyr_subject subject;
	struct tyr_scratch *scratch;
	struct tyr_decision d;
	unsigned int f_mode;
	__u16 flags = 0;
	__u32 len;
	long n;
	__u8 kind;

	if (ret)
		return ret;
	if (!tyr_current_governed_task(&subject))
		return 0;
	f_mode = file->f_mode;
	if (f_mode & FMODE_EXEC)
		return 0;
	scratch = tyr_scratch_task_get();
	if (!scratch)
		return -EPERM; /* fail closed: no memory to judge the path */

	n = bpf_d_path((struct path *)&file->f_path, scratch->rec.file.path,
		       TYR_PATH_MAX);
	if (n > 0)
		len = n - 1;
	else
		len = tyr_walk_file(file, scratch->slack,
				    scratch->rec.file.path, &flags);
	tyr_judge_stable(&d, kind = tyr_judge_open(&d, &scratch->path_key,
						   scratch->rec.file.path, len,
						   f_mode & FMODE_READ,
						   f_mode & FMODE_WRITE,
						   subject.scope));
	tyr_decision_enforced(&d);
	d.flags |= flags;
	tyr_emit_file(&scratch->rec.file, &subject, &d, kind,
		      TYR_HOOK_LSM_FILE_OPEN, file->f_flags, len);
	return tyr_decision_denies(&d) ? -EPERM : 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int handle_openat(struct trace_event_raw_sys_enter *ctx)
{
	return tyr_observe_open((int)ctx->args[0], (const char *)ctx->args[1],
				ctx->args[2], TYR_HOOK_TP_OPENAT);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int handle_openat2(struct trace_event_raw_sys_enter *ctx)
{
	struct open_how *how = (struct open_how *)ctx->args[2];
	__u64 open_flags = 0;

	bpf_probe_read_user(&open_flags, sizeof(open_flags), &how->flags);
	return tyr_observe_open((int)ctx->args[0], (const char *)ctx->args[1],
				open_flags, TYR_HOOK_TP_OPENAT2);
}

SEC("tracepoint/syscalls/sys_enter_open")
int handle_open(struct trace_event_raw_sys_enter *ctx)
{
	return tyr_observe_open(AT_FDCWD, (const char *)ctx->args[0],
				ctx->args[1], TYR_HOOK_TP_OPEN);
}

SEC("tracepoint/syscalls/sys_enter_creat")
int handle_creat(struct trace_event_raw_sys_enter *ctx)
{
	return tyr_observe_open(AT_FDCWD, (const char *)ctx->args[0],
				O_CREAT | O_WRONLY | O_TRUNC,
				TYR_HOOK_TP_CREAT);
}
