/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The maps every object shares. Each .bpf.c includes this header, so each
 * object declares the same maps; the loader creates them once (with the
 * process object) and hands the same fds to the other objects with
 * bpf_map__reuse_fd() before they load. tyrd pins them, and the links,
 * under bpffs (docs/kernel.md, "Pinned enforcement"), so the hooks outlive
 * it and the next tyrd adopts them: tyr_meta says whose they are and which
 * layout their bytes have.
 *
 * Rule keys (tyr_path_key, tyr_exe_key, tyr_net4_key, tyr_net6_key,
 * tyr_default_key) are written by tyrd from a policy's "bpf entries" blob
 * (docs/bpf-entries.md); their byte layout is part of that format.
 */
#ifndef TYR_MAPS_H
#define TYR_MAPS_H

#include "records.h"

/* Path bytes an LPM path key holds (LPM data is at most 256 bytes). */
#define TYR_LPM_PATH_MAX 248
/* Path bytes an exact-binary key holds, NUL padded. */
#define TYR_EXE_PATH_MAX 252
/* Path bytes a governed-executable key holds, NUL padded. */
#define TYR_GOV_PATH_MAX 256

/*
 * struct tyr_control.state, the one word a policy swap flips. Without
 * TYR_STATE_POLICY the kernel is in deny-by-default: no policy at all, every
 * governed operation is denied (enforced hooks) or alerted (observed hooks).
 * With it, bit 0 names the generation of rule entries in force. Bits 2-31
 * count the changes of state, so that no two states in a row are equal.
 */
#define TYR_STATE_DENY_ALL 0
#define TYR_STATE_POLICY 2
#define TYR_STATE_GEN 1
#define TYR_STATE_SEQ_SHIFT 2

/* Indexes of tyr_counters: things the kernel side lost or could not do. */
enum tyr_counter {
	/* The ring was full: a record was lost. */
	TYR_COUNTER_RINGBUF_DROPS = 0,
	/* No scratch memory: an LSM hook failed closed, a tracepoint gave up. */
	TYR_COUNTER_NO_SCRATCH = 1,
	/* tyr_procs was full: a governed child could not be tagged. */
	TYR_COUNTER_PROC_TABLE_FULL = 2,
	/* A user path could not be read (page not present at sys_enter). */
	TYR_COUNTER_PATH_MISSING = 3,
	/* A relative path stayed relative (its dirfd could not be resolved). */
	TYR_COUNTER_PATH_RELATIVE = 4,
	TYR_COUNTER_MAX = 5,
};

/* struct tyr_rule.flags. Values are part of the bpf-entries format. */
enum tyr_rule_flags {
	/*
	 * On a base-scope (0) default: the daemon has no base policy. A process
	 * whose overlay scope has a default of its own for the kind is judged by
	 * that default alone; every other governed process by this one.
	 */
	TYR_RULE_F_NO_BASE = 1 << 0,
};

/* Value of every rule map and of tyr_defaults. */
struct tyr_rule {
	__u32 rule_id;
	__u8 verdict; /* enum tyr_verdict */
	__u8 severity; /* enum tyr_severity */
	__u16 flags; /* enum tyr_rule_flags */
};

/* tyr_path_rules (LPM trie): path prefixes for FILE_READ, FILE_WRITE, EXEC. */
struct tyr_path_key {
	__u32 prefixlen; /* bits after this field: 32 + 8 * path bytes */
	__u8 gen; /* generation, stamped by tyrd */
	__u8 kind; /* enum tyr_kind */
	__u16 scope;
	/* A prefix that includes the terminating NUL matches one path exactly. */
	char path[TYR_LPM_PATH_MAX];
};

/* tyr_exe_rules (hash): exact binaries for EXEC. */
struct tyr_exe_key {
	__u8 gen;
	__u8 pad;
	__u16 scope;
	char path[TYR_EXE_PATH_MAX]; /* NUL padded */
};

/* tyr_net4_rules (LPM trie): IPv4 CIDRs, optionally one port. */
struct tyr_net4_key {
	__u32 prefixlen; /* 48 + CIDR bits */
	__u8 gen;
	__u8 pad;
	__u16 scope;
	__u16 port; /* network byte order, 0 = any port */
	__u8 addr[4];
	__u8 pad2[2];
};

/* tyr_net6_rules (LPM trie): IPv6 CIDRs, optionally one port. */
struct tyr_net6_key {
	__u32 prefixlen; /* 48 + CIDR bits */
	__u8 gen;
	__u8 pad;
	__u16 scope;
	__u16 port; /* network byte order, 0 = any port */
	__u8 addr[16];
	__u8 pad2[2];
};

/* tyr_defaults (hash): what a scope says when none of its rules match. */
struct tyr_default_key {
	__u8 gen;
	__u8 kind; /* enum tyr_kind */
	__u16 scope;
};

/* Value of tyr_procs: a governed thread group. */
struct tyr_proc {
	__u32 scope;
	__u32 flags; /* reserved, 0 */
	/* task->self_exec_id when the exec of a governed binary tagged it. */
	__u64 tag_exec_id;
};

/* Value of tyr_gov_exes and tyr_gov_cgroups. */
struct tyr_gov {
	__u32 scope;
	__u32 pad;
};

/* Key of tyr_gov_exes. */
struct tyr_gov_path {
	char path[TYR_GOV_PATH_MAX]; /* NUL padded */
};

/* The single entry of tyr_control (mmapable: tyrd stores to it directly). */
struct tyr_control {
	__u32 state; /* TYR_STATE_*: the word a policy swap flips */
	__u32 gov_exes; /* entries in tyr_gov_exes; 0 skips the exec walk */
	__u32 gov_cgroups; /* entries in tyr_gov_cgroups; 0 skips lookups */
	__u32 discover; /* 1: report every exec on the host (agent discovery) */
	__u64 policy_version[2]; /* per generation, written before a flip */
	__u32 tls; /* 1: capture TLS of governed processes (the server asked) */
	__u32 pad;
};

/* tyrd's tgid, set before load: tyrd is never governed. */
const volatile __u32 tyr_daemon_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tyr_control);
} tyr_control SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32768);
	__type(key, __u32); /* tgid */
	__type(value, struct tyr_proc);
} tyr_procs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct tyr_gov_path);
	__type(value, struct tyr_gov);
} tyr_gov_exes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64); /* cgroup v2 id (the directory's inode number) */
	__type(value, struct tyr_gov);
} tyr_gov_cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 32768); /* two generations */
	__type(key, struct tyr_path_key);
	__type(value, struct tyr_rule);
} tyr_path_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 8192);
	__type(key, struct tyr_exe_key);
	__type(value, struct tyr_rule);
} tyr_exe_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 16384);
	__type(key, struct tyr_net4_key);
	__type(value, struct tyr_rule);
} tyr_net4_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 16384);
	__type(key, struct tyr_net6_key);
	__type(value, struct tyr_rule);
} tyr_net6_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 2048);
	__type(key, struct tyr_default_key);
	__type(value, struct tyr_rule);
} tyr_defaults SEC(".maps");

/* An SSL_read in flight: its arguments, for the return probe. */
struct tyr_ssl_read_args {
	__u64 ssl;
	__u64 buf;
	__u64 readbytes; /* SSL_read_ex's size_t *, 0 for SSL_read */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64); /* pid_tgid: the calling thread */
	__type(value, struct tyr_ssl_read_args);
} tyr_ssl_reads SEC(".maps");

/*
 * Bump TYR_LAYOUT_VERSION whenever the meaning of any shared map's bytes
 * changes (a field moved, a flag redefined) even if no size did: a tyrd
 * adopts pinned maps only of its own layout version, and loads fresh ones
 * beside them otherwise.
 */
#define TYR_LAYOUT_VERSION 1

/* The single entry of tyr_meta, written by the tyrd that created the maps. */
struct tyr_meta {
	char magic[8]; /* "tyr-pin\0" */
	__u32 layout; /* TYR_LAYOUT_VERSION */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tyr_meta);
} tyr_meta SEC(".maps");

/* The one ring buffer; tyrd sets its size before load. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} tyr_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TYR_COUNTER_MAX);
	__type(key, __u32);
	__type(value, __u64);
} tyr_counters SEC(".maps");

static __always_inline void tyr_count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&tyr_counters, &counter);

	/* Atomic: LSM and cgroup programs can be preempted on this CPU. */
	if (value)
		__sync_fetch_and_add(value, 1);
}

static __always_inline struct tyr_control *tyr_control_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tyr_control, &zero);
}

/* Sends a record built in scratch memory; counts it when the ring is full. */
static __always_inline void tyr_output(void *record, __u64 size)
{
	if (bpf_ringbuf_output(&tyr_events, record, size, 0))
		tyr_count(TYR_COUNTER_RINGBUF_DROPS);
}

#endif /* TYR_MAPS_H */
