/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ring-buffer records: the only bytes the kernel sends to tyrd.
 *
 * Every record starts with struct tyr_msg_header. The C# mirrors live in
 * tyrd/Kernel/Records/ and a test (tests/Tyr.KernelTests, LayoutGuard) checks
 * their sizes and field offsets against the BTF of the built objects, so a
 * field added here without its mirror fails the build's tests, not production.
 *
 * Rules for changing this file: op numbers and hook numbers are never reused
 * or renumbered; fields are only appended (before the variable tail); every
 * field is naturally aligned and padding is spelled out.
 */
#ifndef TYR_RECORDS_H
#define TYR_RECORDS_H

/* Longest path a record carries, NUL included (the kernel's PATH_MAX). */
#define TYR_PATH_MAX 4096
/* Bytes of argv an exec record carries (NUL-separated, cut at this size). */
#define TYR_ARGS_MAX 512
#define TYR_COMM_LEN 16
/* Bytes of TLS data (a ClientHello, plaintext of one SSL call) a record carries. */
#define TYR_TLS_DATA_MAX 4096

/* struct tyr_msg_header.op: what follows the header. Never renumber. */
enum tyr_op {
	TYR_OP_FILE = 1, /* struct tyr_file_event */
	TYR_OP_EXEC = 2, /* struct tyr_exec_event */
	TYR_OP_CONNECT = 3, /* struct tyr_connect_event */
	TYR_OP_EXIT = 4, /* struct tyr_exit_event */
	TYR_OP_PROCESS_EXEC = 5, /* struct tyr_process_event */
	TYR_OP_FORK = 6, /* struct tyr_fork_event */
	TYR_OP_TLS = 7, /* struct tyr_tls_event */
};

/* The program that produced an event (metadata "hook"). Never renumber. */
enum tyr_hook {
	TYR_HOOK_LSM_FILE_OPEN = 1,
	TYR_HOOK_TP_OPENAT = 2,
	TYR_HOOK_TP_OPENAT2 = 3,
	TYR_HOOK_TP_OPEN = 4,
	TYR_HOOK_TP_CREAT = 5,
	TYR_HOOK_LSM_BPRM_CHECK = 6,
	TYR_HOOK_TP_SCHED_EXEC = 7,
	TYR_HOOK_LSM_SOCKET_CONNECT = 8,
	TYR_HOOK_CGROUP_CONNECT4 = 9,
	TYR_HOOK_CGROUP_CONNECT6 = 10,
	TYR_HOOK_TP_CONNECT = 11,
	TYR_HOOK_SCHED_EXIT = 12,
	TYR_HOOK_FENTRY_TCP_SENDMSG = 13,
	TYR_HOOK_UPROBE_SSL_WRITE = 14,
	TYR_HOOK_UPROBE_SSL_READ = 15,
	TYR_HOOK_UPROBE_SSL_CTRL = 16,
};

/* struct tyr_tls_event.what */
enum tyr_tls_what {
	/* A send on a TCP socket that starts with a TLS ClientHello record. */
	TYR_TLS_HELLO = 1,
	/* Plaintext given to SSL_write/SSL_write_ex (client to server). */
	TYR_TLS_WRITE = 2,
	/* Plaintext returned by SSL_read/SSL_read_ex (server to client). */
	TYR_TLS_READ = 3,
	/* The server name set with SSL_ctrl(SSL_CTRL_SET_TLSEXT_HOSTNAME). */
	TYR_TLS_SNI = 4,
};

/* Values of tyr.v1.EventKind (proto/events.proto). */
enum tyr_kind {
	TYR_KIND_FILE_READ = 1,
	TYR_KIND_FILE_WRITE = 2,
	TYR_KIND_EXEC = 3,
	TYR_KIND_NET_CONNECT = 4,
};

/* Values of tyr.v1.Verdict (proto/events.proto). */
enum tyr_verdict {
	TYR_VERDICT_ALLOW = 1,
	TYR_VERDICT_DENY = 2,
	TYR_VERDICT_ALERT = 3,
};

/* Values of tyr.v1.Severity (proto/events.proto). */
enum tyr_severity {
	TYR_SEVERITY_INFO = 1,
	TYR_SEVERITY_LOW = 2,
	TYR_SEVERITY_MEDIUM = 3,
	TYR_SEVERITY_HIGH = 4,
	TYR_SEVERITY_CRITICAL = 5,
};

/* struct tyr_event_common.flags */
enum tyr_event_flags {
	/* The hook can stop the operation and applied the verdict. */
	TYR_EVF_ENFORCED = 1 << 0,
	/* Judged in the deny-by-default state (no policy at all). */
	TYR_EVF_DENY_ALL = 1 << 1,
	/* No rule matched: the policy's default (or ALLOW) decided. */
	TYR_EVF_DEFAULT = 1 << 2,
	/* Observed hook: the policy says DENY, reported as ALERT. */
	TYR_EVF_WOULD_DENY = 1 << 3,
	/* The path is relative: the kernel gave no base to join it to. */
	TYR_EVF_PATH_RELATIVE = 1 << 4,
	/* The path was cut (deeper or longer than the walk allows). */
	TYR_EVF_PATH_TRUNCATED = 1 << 5,
	/* The path could not be read at all (user page not present). */
	TYR_EVF_PATH_MISSING = 1 << 6,
	/* Governed through its cgroup rather than a per-process tag. */
	TYR_EVF_CGROUP = 1 << 7,
	/* An IPv4-mapped IPv6 address, judged by the IPv4 rules. */
	TYR_EVF_V4_MAPPED = 1 << 8,
	/* The policy changed under every try of the judgment: denied. */
	TYR_EVF_UNSTABLE = 1 << 9,
};

/* Shared by every record (tetragon's msg_common, libbpf-bootstrap's header). */
struct tyr_msg_header {
	__u8 op; /* enum tyr_op */
	__u8 flags; /* reserved, 0 */
	__u16 pad;
	__u32 size; /* bytes of the whole record, this header included */
	__u64 ktime; /* bpf_ktime_get_boot_ns() when the hook ran */
};

/* Who did what and what the policy said: in every governed-operation record. */
struct tyr_event_common {
	__u32 tgid;
	__u32 tid;
	__u32 uid;
	__u16 scope; /* rule scope: 0 = base, N = agent-type overlay N */
	__u8 kind; /* enum tyr_kind */
	__u8 verdict; /* enum tyr_verdict, as reported */
	__u8 severity; /* enum tyr_severity */
	__u8 hook; /* enum tyr_hook */
	__u16 flags; /* enum tyr_event_flags */
	__u32 rule_id; /* 0 = no rule (default or deny-by-default) */
	__u64 policy_version; /* the version whose rules judged it, 0 = none */
	char comm[TYR_COMM_LEN];
};

struct tyr_file_event {
	struct tyr_msg_header hdr;
	struct tyr_event_common ev;
	__u32 open_flags; /* O_* flags (tracepoints) or file->f_flags (LSM) */
	__u16 path_len; /* bytes of path, NUL excluded */
	__u16 pad;
	char path[TYR_PATH_MAX]; /* variable tail: path_len + 1 bytes sent */
};

struct tyr_exec_event {
	struct tyr_msg_header hdr;
	struct tyr_event_common ev;
	__u16 path_len; /* bytes of path, NUL excluded */
	__u16 args_len; /* bytes of args used, 0 = not available at this hook */
	__u32 pad;
	char args[TYR_ARGS_MAX]; /* argv, NUL-separated */
	char path[TYR_PATH_MAX]; /* variable tail: path_len + 1 bytes sent */
};

struct tyr_connect_event {
	struct tyr_msg_header hdr;
	struct tyr_event_common ev;
	__u16 family; /* AF_INET or AF_INET6 */
	__u16 port; /* host byte order */
	__u8 protocol; /* IPPROTO_TCP, IPPROTO_UDP, 0 = unknown */
	__u8 pad[3];
	__u8 addr[16]; /* network byte order; IPv4 uses the first 4 bytes */
};

/* struct tyr_process_event.flags. */
enum tyr_process_flags {
	/* The process is governed after this exec. */
	TYR_PROCF_GOVERNED = 1 << 0,
	/* This exec tagged it: the binary is in tyr_gov_exes (new scope). */
	TYR_PROCF_TAGGED = 1 << 1,
	/* Governed through its cgroup only (no tyr_procs entry). */
	TYR_PROCF_CGROUP = 1 << 2,
};

/*
 * A process runs a new image: after every exec of a governed process
 * (including the one that made it governed), and, while agent discovery is
 * on, after every exec on the host. tyrd's process_exe and cmdline for
 * events, and what it matches against the agent signature catalogue.
 */
struct tyr_process_event {
	struct tyr_msg_header hdr;
	__u32 tgid;
	__u16 path_len; /* bytes of path, NUL excluded */
	__u16 args_len; /* bytes of args used */
	char args[TYR_ARGS_MAX]; /* argv, NUL-separated */
	__u32 parent_tgid; /* the real parent's tgid */
	__u16 scope; /* rule scope after the exec, when governed */
	__u16 flags; /* enum tyr_process_flags */
	__u64 start_time; /* task->start_boottime: ns since boot */
	char path[TYR_PATH_MAX]; /* variable tail: path_len + 1 bytes sent */
};

/*
 * TLS seen from a governed process: a ClientHello on its socket (any TLS
 * library), or plaintext at OpenSSL's API (libssl, or a binary with OpenSSL
 * inside). tyrd parses it and builds redacted TLS events; the data never
 * leaves the host.
 */
struct tyr_tls_event {
	struct tyr_msg_header hdr;
	__u32 tgid;
	__u32 tid;
	__u32 uid;
	__u16 scope;
	__u8 what; /* enum tyr_tls_what */
	__u8 family; /* HELLO: AF_INET or AF_INET6 */
	__u64 conn; /* the SSL * (uprobes) or the socket cookie (HELLO) */
	__u32 len; /* bytes the call moved (may exceed data_len) */
	__u16 port; /* HELLO: destination port, host byte order */
	__u16 data_len; /* bytes of data sent */
	__u8 addr[16]; /* HELLO: destination, network byte order */
	char comm[TYR_COMM_LEN];
	char data[TYR_TLS_DATA_MAX]; /* variable tail: data_len bytes sent */
};

/* A governed process forked a new one (same image, same cmdline). */
struct tyr_fork_event {
	struct tyr_msg_header hdr;
	__u32 tgid; /* the new process */
	__u32 parent_tgid;
};

/* A governed process (its whole thread group) ended. */
struct tyr_exit_event {
	struct tyr_msg_header hdr;
	__u32 tgid;
	__u32 exit_code; /* task->exit_code: wait(2) status */
};

#endif /* TYR_RECORDS_H */
