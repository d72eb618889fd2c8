// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Net family: NET_CONNECT, IPv4 and IPv6, TCP and UDP connect().
 *
 * Enforced with lsm/socket_connect where BPF-LSM loads: one hook for every
 * socket, any cgroup. Else enforced with cgroup/connect4 and cgroup/connect6,
 * attached at the root of the cgroup v2 hierarchy so that every process is
 * under them, deciding by the governed table; returning 0 makes connect()
 * fail with EPERM. Else observed with the sys_enter_connect tracepoint.
 *
 * Not covered: sendto()/sendmsg() with an address on an unconnected UDP
 * socket (cgroup/sendmsg4/6 would be the hooks), and io_uring connects on
 * the tracepoint path.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tyr_compiler.h"
#include "net.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("lsm/socket_connect")
int BPF_PROG(handle_socket_connect, struct socket *sock,
	     struct sockaddr *address, int addrlen, int ret)
{
	struct tyr_subject subject;
	struct tyr_sockaddr sa;
	struct tyr_decision d;

	if (ret)
		return ret;
	if (!tyr_current_governed_task(&subject))
		return 0;
	if (!tyr_read_sockaddr(&sa, address, addrlen, false))
		return 0;
	sa.protocol = BPF_CORE_READ(sock, sk, sk_protocol);

	tyr_judge_stable(&d, tyr_judge_connect(&d, &sa, subject.scope));
	tyr_decision_enforced(&d);
	tyr_emit_connect(&subject, &d, &sa, TYR_HOOK_LSM_SOCKET_CONNECT);
	return tyr_decision_denies(&d) ? -EPERM : 0;
}

SEC("cgroup/connect4")
int handle_connect4(struct bpf_sock_addr *ctx)
{
	struct tyr_subject subject;
	struct tyr_sockaddr sa = {};
	struct tyr_decision d;
	__u32 ip = ctx->user_ip4;

	if (!tyr_current_governed(&subject))
		return 1;
	sa.family = AF_INET;
	sa.port_be = (__u16)ctx->user_port;
	sa.protocol = ctx->protocol;
	__builtin_memcpy(sa.addr, &ip, sizeof(ip));

	tyr_judge_stable(&d, tyr_judge_connect(&d, &sa, subject.scope));
	tyr_decision_enforced(&d);
	tyr_emit_connect(&subject, &d, &sa, TYR_HOOK_CGROUP_CONNECT4);
	return tyr_decision_denies(&d) ? 0 : 1;
}

SEC("cgroup/connect6")
int handle_connect6(struct bpf_sock_addr *ctx)
{
	struct tyr_subject subject;
	struct tyr_sockaddr sa = {};
	struct tyr_decision d;
	__u32 ip[4];

	if (!tyr_current_governed(&subject))
		return 1;
	ip[0] = ctx->user_ip6[0];
	ip[1] = ctx->user_ip6[1];
	ip[2] = ctx->user_ip6[2];
	ip[3] = ctx->user_ip6[3];
	sa.family = AF_INET6;
	sa.port_be = (__u16)ctx->user_port;
	sa.protocol = ctx->protocol;
	__builtin_memcpy(sa.addr, ip, sizeof(ip));

	tyr_judge_stable(&d, tyr_judge_connect(&d, &sa, subject.scope));
	tyr_decision_enforced(&d);
	tyr_emit_connect(&subject, &d, &sa, TYR_HOOK_CGROUP_CONNECT6);
	return tyr_decision_denies(&d) ? 0 : 1;
}

SEC("tracepoint/syscalls/sys_enter_connect")
int handle_enter_connect(struct trace_event_raw_sys_enter *ctx)
{
	struct tyr_subject subject;
	struct tyr_sockaddr sa;
	struct tyr_decision d;

	if (!tyr_current_governed_task(&subject))
		return 0;
	if (!tyr_read_sockaddr(&sa, (const void *)ctx->args[1],
			       (int)ctx->args[2], true))
		return 0;

	tyr_judge_stable(&d, tyr_judge_connect(&d, &sa, subject.scope));
	tyr_decision_observed(&d);
	tyr_emit_connect(&subject, &d, &sa, TYR_HOOK_TP_CONNECT);
	return 0;
}
