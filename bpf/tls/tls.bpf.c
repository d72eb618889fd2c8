// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * TLS family: what governed processes send over TLS (TLS events).
 *
 * fentry/tcp_sendmsg sees every send on a TCP socket. A send that starts
 * with a TLS record holding a ClientHello is copied to tyrd, whatever library
 * built it (Bun's BoringSSL, rustls, Go, OpenSSL): it names the server (SNI)
 * and the protocols offered (ALPN), and works for agents that carry their own
 * TLS stack with no symbol to hook. Where trampolines are refused, the
 * tracepoint variant looks at the same bytes at the system calls that send on
 * a socket (write, writev, sendto, sendmsg), for sockets only.
 *
 * Uprobes at OpenSSL's API give the plaintext: SSL_write and SSL_write_ex at
 * entry (the buffer holds what will be encrypted), SSL_read and SSL_read_ex
 * at return (the buffer holds what was decrypted), SSL_ctrl for the server
 * name. tyrd attaches them to libssl and to binaries that carry OpenSSL
 * (node), by symbol. Nothing is captured until tyrd sets tyr_control.tls,
 * which it does when the server asks for TLS events.
 *
 * Observed only: nothing here stops a call; TLS rules are judged in userspace.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "tyr_compiler.h"
#include "event.h"
#include "scratch.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TYR_TLS_RECORD_HANDSHAKE 0x16
#define TYR_TLS_HANDSHAKE_CLIENT_HELLO 0x01
#define TYR_SSL_CTRL_SET_TLSEXT_HOSTNAME 55

/* The record for a governed process while TLS capture is on, or NULL. */
static __always_inline struct tyr_tls_event *tyr_tls_begin(__u8 what,
							   __u64 conn)
{
	struct tyr_subject subject;
	struct tyr_control *control = tyr_control_get();
	struct tyr_scratch *scratch;
	struct tyr_tls_event *e;

	if (!control || !READ_ONCE(control->tls))
		return NULL;
	if (!tyr_current_governed(&subject))
		return NULL;
	scratch = tyr_scratch_cpu_get();
	if (!scratch)
		return NULL;
	e = &scratch->rec.tls;
	e->tgid = subject.tgid;
	e->tid = subject.tid;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->scope = subject.scope;
	e->what = what;
	e->family = 0;
	e->conn = conn;
	e->len = 0;
	e->port = 0;
	e->data_len = 0;
	__builtin_memset(e->addr, 0, sizeof(e->addr));
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

/* Copies up to TYR_TLS_DATA_MAX user bytes and sends the record. */
static __always_inline void tyr_tls_send(struct tyr_tls_event *e,
					 const void *buf, __u64 len)
{
	__u32 n = len > TYR_TLS_DATA_MAX ? TYR_TLS_DATA_MAX : len;
	__u64 size;

	e->len = len > 0xffffffff ? 0xffffffff : len;
	barrier_var(n);
	if (n > TYR_TLS_DATA_MAX)
		return;
	if (n && bpf_probe_read_user(e->data, n, buf) < 0)
		n = 0;
	e->data_len = n;
	size = offsetof(struct tyr_tls_event, data) + n;
	tyr_fill_header(&e->hdr, TYR_OP_TLS, size);
	tyr_output(e, size);
}

/* struct iov_iter before Linux 6.4: plain iov and ubuf members. */
struct iov_iter___pre64 {
	__u8 iter_type;
	size_t count;
	union {
		const struct iovec *iov;
		void *ubuf;
	};
} __attribute__((preserve_access_index));

/* The first user buffer a sendmsg() carries, on either iov_iter layout. */
static __always_inline bool tyr_msg_first_buffer(struct msghdr *msg,
						 void **base, __u64 *len)
{
	struct iov_iter *it = __builtin_preserve_access_index(&msg->msg_iter);
	struct iov_iter___pre64 *old = (void *)it;
	const struct iovec *iov;
	__u8 type = BPF_CORE_READ(it, iter_type);
	bool ubuf = bpf_core_enum_value_exists(enum iter_type, ITER_UBUF) &&
		    type == bpf_core_enum_value(enum iter_type, ITER_UBUF);

	if (bpf_core_field_exists(it->__ubuf_iovec)) {
		if (ubuf) {
			*base = BPF_CORE_READ(it, __ubuf_iovec.iov_base);
			*len = BPF_CORE_READ(it, __ubuf_iovec.iov_len);
			return true;
		}
		iov = BPF_CORE_READ(it, __iov);
	} else {
		if (ubuf) {
			*base = BPF_CORE_READ(old, ubuf);
			*len = BPF_CORE_READ(old, count);
			return true;
		}
		iov = BPF_CORE_READ(old, iov);
	}
	if (type != bpf_core_enum_value(enum iter_type, ITER_IOVEC))
		return false;
	*base = BPF_CORE_READ(iov, iov_base);
	*len = BPF_CORE_READ(iov, iov_len);
	return true;
}

SEC("fentry/tcp_sendmsg")
int BPF_PROG(handle_tcp_sendmsg, struct sock *sk, struct msghdr *msg,
	     size_t size)
{
	struct tyr_tls_event *e;
	__u8 head[6] = {};
	void *base = NULL;
	__u64 len = 0;

	if (size < sizeof(head) || !tyr_msg_first_buffer(msg, &base, &len))
		return 0;
	if (len < sizeof(head) || bpf_probe_read_user(head, sizeof(head), base))
		return 0;
	/* content type 22, version 3.x, handshake type 1 */
	if (head[0] != TYR_TLS_RECORD_HANDSHAKE || head[1] != 3 ||
	    head[5] != TYR_TLS_HANDSHAKE_CLIENT_HELLO)
		return 0;

	e = tyr_tls_begin(TYR_TLS_HELLO, bpf_get_socket_cookie(sk));
	if (!e)
		return 0;
	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	e->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (e->family == AF_INET6)
		BPF_CORE_READ_INTO(&e->addr, sk,
				   __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	else
		BPF_CORE_READ_INTO(&e->addr, sk, __sk_common.skc_daddr);
	tyr_tls_send(e, base, len);
	return 0;
}

/* The struct file of the current task's descriptor @fd, if it is a socket. */
static __always_inline struct socket *tyr_fd_socket(long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file;
	umode_t mode;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	mode = BPF_CORE_READ(file, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(file, private_data);
}

/* A send system call on a socket whose bytes start a ClientHello. */
static __always_inline void tyr_tls_hello_at_syscall(long fd, const void *buf,
						     __u64 len)
{
	struct tyr_tls_event *e;
	__u8 head[6] = {};
	struct socket *sock;
	struct sock *sk;

	if (len < sizeof(head) || bpf_probe_read_user(head, sizeof(head), buf))
		return;
	if (head[0] != TYR_TLS_RECORD_HANDSHAKE || head[1] != 3 ||
	    head[5] != TYR_TLS_HANDSHAKE_CLIENT_HELLO)
		return;
	sock = tyr_fd_socket(fd);
	if (!sock)
		return;
	sk = BPF_CORE_READ(sock, sk);
	if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return;

	e = tyr_tls_begin(TYR_TLS_HELLO, 0);
	if (!e)
		return;
	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	e->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (e->family == AF_INET6)
		BPF_CORE_READ_INTO(&e->addr, sk,
				   __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	else
		BPF_CORE_READ_INTO(&e->addr, sk, __sk_common.skc_daddr);
	tyr_tls_send(e, buf, len);
}

/* The first buffer of a user iovec array. */
static __always_inline void tyr_tls_hello_at_iov(long fd,
						 const struct iovec *iov)
{
	struct iovec first;

	if (!iov || bpf_probe_read_user(&first, sizeof(first), iov))
		return;
	tyr_tls_hello_at_syscall(fd, first.iov_base, first.iov_len);
}

SEC("tracepoint/syscalls/sys_enter_write")
int handle_enter_write(struct trace_event_raw_sys_enter *ctx)
{
	tyr_tls_hello_at_syscall(ctx->args[0], (void *)ctx->args[1],
				 ctx->args[2]);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_sendto")
int handle_enter_sendto(struct trace_event_raw_sys_enter *ctx)
{
	tyr_tls_hello_at_syscall(ctx->args[0], (void *)ctx->args[1],
				 ctx->args[2]);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_writev")
int handle_enter_writev(struct trace_event_raw_sys_enter *ctx)
{
	if (ctx->args[2] > 0)
		tyr_tls_hello_at_iov(ctx->args[0], (void *)ctx->args[1]);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_sendmsg")
int handle_enter_sendmsg(struct trace_event_raw_sys_enter *ctx)
{
	struct user_msghdr msg;

	if (bpf_probe_read_user(&msg, sizeof(msg), (void *)ctx->args[1]) ||
	    msg.msg_iovlen < 1)
		return 0;
	tyr_tls_hello_at_iov(ctx->args[0], msg.msg_iov);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(handle_ssl_write, void *ssl, const void *buf, int num)
{
	struct tyr_tls_event *e;

	if (num <= 0)
		return 0;
	e = tyr_tls_begin(TYR_TLS_WRITE, (__u64)ssl);
	if (e)
		tyr_tls_send(e, buf, num);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(handle_ssl_write_ex, void *ssl, const void *buf, size_t num)
{
	struct tyr_tls_event *e;

	if (!num)
		return 0;
	e = tyr_tls_begin(TYR_TLS_WRITE, (__u64)ssl);
	if (e)
		tyr_tls_send(e, buf, num);
	return 0;
}

/* SSL_read and SSL_read_ex: the buffer is filled on return. */
static __always_inline void tyr_ssl_read_enter(void *ssl, void *buf,
					       void *readbytes)
{
	struct tyr_ssl_read_args args = {
		.ssl = (__u64)ssl,
		.buf = (__u64)buf,
		.readbytes = (__u64)readbytes,
	};
	struct tyr_subject subject;
	struct tyr_control *control = tyr_control_get();
	__u64 id = bpf_get_current_pid_tgid();

	if (!control || !READ_ONCE(control->tls) ||
	    !tyr_current_governed(&subject))
		return;
	bpf_map_update_elem(&tyr_ssl_reads, &id, &args, BPF_ANY);
}

SEC("uprobe")
int BPF_KPROBE(handle_ssl_read, void *ssl, void *buf, int num)
{
	tyr_ssl_read_enter(ssl, buf, NULL);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(handle_ssl_read_ex, void *ssl, void *buf, size_t num,
	       size_t *readbytes)
{
	tyr_ssl_read_enter(ssl, buf, readbytes);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(handle_ssl_read_return, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct tyr_ssl_read_args *args;
	struct tyr_tls_event *e;
	__u64 ssl, buf, readbytes, n = 0;

	args = bpf_map_lookup_elem(&tyr_ssl_reads, &id);
	if (!args)
		return 0;
	ssl = args->ssl;
	buf = args->buf;
	readbytes = args->readbytes;
	bpf_map_delete_elem(&tyr_ssl_reads, &id);

	if (readbytes) {
		/* SSL_read_ex: 1 on success, the count through the pointer */
		if ((int)ret != 1 ||
		    bpf_probe_read_user(&n, sizeof(n), (void *)readbytes))
			return 0;
	} else {
		if ((int)ret <= 0)
			return 0;
		n = (int)ret;
	}
	if (!n)
		return 0;
	e = tyr_tls_begin(TYR_TLS_READ, ssl);
	if (e)
		tyr_tls_send(e, (void *)buf, n);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(handle_ssl_ctrl, void *ssl, int cmd, long larg, void *parg)
{
	struct tyr_tls_event *e;
	long n;

	if (cmd != TYR_SSL_CTRL_SET_TLSEXT_HOSTNAME || !parg)
		return 0;
	e = tyr_tls_begin(TYR_TLS_SNI, (__u64)ssl);
	if (!e)
		return 0;
	n = bpf_probe_read_user_str(e->data, 256, parg);
	if (n <= 1)
		return 0;
	e->len = n - 1;
	e->data_len = n - 1;
	tyr_fill_header(&e->hdr, TYR_OP_TLS,
			offsetof(struct tyr_tls_event, data) + 256);
	tyr_output(e, offsetof(struct tyr_tls_event, data) + 256);
	return 0;
}
