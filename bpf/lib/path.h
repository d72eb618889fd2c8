/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Absolute paths where bpf_d_path() is not allowed (tracepoints, tp_btf).
 *
 * tyr_walk_path() is a bounded d_path(): it climbs d_parent to the root of
 * each mount and crosses to the parent mount through struct mount (a copy of
 * fs/mount.h: mnt_parent, mnt_mountpoint, mnt), up to the root of the mount
 * tree, prepending names as it goes (TYR_WALK_STEPS steps, TYR_PATH_MAX
 * bytes at most). Unlike d_path() it does not stop at the task's chroot, does not
 * add " (deleted)", and reads names without the rename lock: a concurrent
 * rename can produce a path that never existed (docs/kernel.md).
 */
#ifndef TYR_PATH_H
#define TYR_PATH_H

#include "scratch.h"

#define TYR_NAME_MAX 255
/* Steps of a walk: one per path component or mount crossed. */
#define TYR_WALK_STEPS 1024

struct tyr_walk_ctx {
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	char *buf; /* TYR_PATH_MAX + TYR_NAME_MAX bytes; the path ends at the end */
	__u32 pos; /* where the path written so far starts */
	bool done;
};

static __always_inline struct mount *tyr_real_mount(struct vfsmount *vfsmnt)
{
	return (void *)vfsmnt - bpf_core_field_offset(struct mount, mnt);
}

/*
 * One step up: cross to the parent mount at the root of a mount, else
 * prepend the dentry's name. A bpf_loop() callback, so the verifier checks
 * it once rather than once per step.
 */
static long tyr_walk_step(__u32 index, void *arg)
{
	struct tyr_walk_ctx *c = arg;
	/* Plain loads first: BPF_CORE_READ() relocates its whole argument. */
	struct dentry *dentry = c->dentry;
	struct vfsmount *vfsmnt = c->vfsmnt;
	struct mount *mnt = c->mnt;
	struct dentry *root = BPF_CORE_READ(vfsmnt, mnt_root);
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	struct qstr name;
	__u32 len, pos;

	if (dentry == root) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

		if (up == mnt) {
			c->done = true; /* the root of the mount tree */
			return 1;
		}
		c->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		c->mnt = up;
		c->vfsmnt =
			(void *)up + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	if (dentry == parent || !dentry) {
		c->done = true; /* the root of an unmounted or pseudo fs */
		return 1;
	}

	BPF_CORE_READ_INTO(&name, dentry, d_name);
	len = name.len & TYR_NAME_MAX;
	if (len + 1 > c->pos)
		return 1; /* no room: truncated */
	pos = c->pos - len;
	bpf_probe_read_kernel(c->buf + (pos & (TYR_PATH_MAX - 1)), len,
			      name.name);
	pos--;
	c->buf[pos & (TYR_PATH_MAX - 1)] = '/';
	c->pos = pos;
	c->dentry = parent;
	return 0;
}

/*
 * Writes the absolute path of (@dentry, @vfsmnt) to @dst (TYR_PATH_MAX
 * bytes), NUL-terminated, and returns its length. @tmp is TYR_PATH_MAX +
 * TYR_NAME_MAX bytes of scratch the path is assembled in, backwards.
 */
static __always_inline __u32 tyr_walk_path(struct dentry *dentry,
					   struct vfsmount *vfsmnt, char *tmp,
					   char *dst, __u16 *flags)
{
	struct tyr_walk_ctx c = {
		.dentry = dentry,
		.vfsmnt = vfsmnt,
		.mnt = tyr_real_mount(vfsmnt),
		.buf = tmp,
		.pos = TYR_PATH_MAX - 1,
	};
	__u32 len, size;

	tmp[TYR_PATH_MAX - 1] = 0;
	bpf_loop(TYR_WALK_STEPS, tyr_walk_step, &c, 0);
	if (!c.done)
		*flags |= TYR_EVF_PATH_TRUNCATED;

	len = TYR_PATH_MAX - 1 - c.pos;
	if (!len) {
		dst[0] = '/';
		dst[1] = 0;
		return 1;
	}
	size = len + 1;
	if (size > TYR_PATH_MAX)
		size = TYR_PATH_MAX;
	barrier_var(size);
	bpf_probe_read_kernel(dst, size, tmp + (c.pos & (TYR_PATH_MAX - 1)));
	return len & (TYR_PATH_MAX - 1);
}

/* The path of an open file, e.g. file->f_path or bprm->file->f_path. */
static __always_inline __u32 tyr_walk_file(struct file *file, char *tmp,
					   char *dst, __u16 *flags)
{
	return tyr_walk_path(BPF_CORE_READ(file, f_path.dentry),
			     BPF_CORE_READ(file, f_path.mnt), tmp, dst, flags);
}

/* The file behind descriptor @fd of the current task, or NULL. */
static __always_inline struct file *tyr_current_fd_file(int fd)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;

	if (fd < 0 || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	return file;
}

/*
 * A path a syscall got from user space (@dfd, @name), made absolute the way
 * openat() would: an absolute name as is; a relative one joined to the file
 * behind @dfd, or to the task's working directory (fs->pwd) for AT_FDCWD.
 * The join is lexical: ".", ".." and symlinks stay as the caller wrote them.
 * @buf must be followed by TYR_PATH_MAX spare bytes.
 */
static __always_inline __u32 tyr_user_path(int dfd, const char *name, char *tmp,
					   char *buf, __u16 *flags)
{
	struct task_struct *task;
	struct dentry *dentry;
	struct vfsmount *mnt;
	struct file *dir;
	char head[2] = {};
	long n;
	__u32 off;

	if (bpf_probe_read_user(head, sizeof(head), name) < 0 &&
	    bpf_probe_read_user(head, 1, name) < 0) {
		*flags |= TYR_EVF_PATH_MISSING;
		tyr_count(TYR_COUNTER_PATH_MISSING);
		buf[0] = 0;
		return 0;
	}
	if (head[0] == '/') {
		n = bpf_probe_read_user_str(buf, TYR_PATH_MAX, name);
		goto done;
	}
	if (head[0] == '.' && head[1] == '/')
		name += 2;

	if (dfd == AT_FDCWD) {
		task = (void *)bpf_get_current_task();
		dentry = BPF_CORE_READ(task, fs, pwd.dentry);
		mnt = BPF_CORE_READ(task, fs, pwd.mnt);
	} else {
		dir = tyr_current_fd_file(dfd);
		if (!dir) {
			*flags |= TYR_EVF_PATH_RELATIVE;
			tyr_count(TYR_COUNTER_PATH_RELATIVE);
			n = bpf_probe_read_user_str(buf, TYR_PATH_MAX, name);
			goto done;
		}
		dentry = BPF_CORE_READ(dir, f_path.dentry);
		mnt = BPF_CORE_READ(dir, f_path.mnt);
	}
	off = tyr_walk_path(dentry, mnt, tmp, buf, flags);
	if (off > 1 && off < TYR_PATH_MAX - 1)
		buf[off++] = '/';
	off &= TYR_PATH_MAX - 1;
	n = bpf_probe_read_user_str(buf + off, TYR_PATH_MAX, name);
	if (n > 0)
		n += off;

done:
	if (n <= 0) {
		*flags |= TYR_EVF_PATH_MISSING;
		tyr_count(TYR_COUNTER_PATH_MISSING);
		buf[0] = 0;
		return 0;
	}
	/* n counts the NUL; a user string is cut at TYR_PATH_MAX - 1 bytes. */
	if (n > TYR_PATH_MAX) {
		*flags |= TYR_EVF_PATH_TRUNCATED;
		n = TYR_PATH_MAX;
	}
	n = (n - 1) & (TYR_PATH_MAX - 1);
	buf[n] = 0;
	return n;
}

#endif /* TYR_PATH_H */
