/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Net family: judging a connect() and sending its record. */
#ifndef TYR_NET_H
#define TYR_NET_H

#include <bpf/bpf_endian.h>
#include "event.h"
#include "scratch.h"

/* Where a connect() goes, as the hooks see it. */
struct tyr_sockaddr {
	__u8 addr[16]; /* network byte order; IPv4 in the first 4 bytes */
	__u16 family; /* AF_INET or AF_INET6 */
	__u16 port_be; /* network byte order */
	__u8 protocol;
	__u8 pad[3];
};

/* ::ffff:a.b.c.d reaches an IPv4 host through an IPv6 socket. */
static __always_inline bool tyr_v4_mapped(const __u8 *addr)
{
	const __u32 *words = (const __u32 *)addr;

	return words[0] == 0 && words[1] == 0 &&
	       words[2] == bpf_htonl(0x0000ffff);
}

/* IPv4-mapped addresses are judged by the IPv4 rules (no bypass by v6). */
static __always_inline void tyr_judge_connect(struct tyr_decision *d,
					      const struct tyr_sockaddr *sa,
					      __u16 scope)
{
	if (sa->family == AF_INET) {
		tyr_judge_net4(d, sa->addr, sa->port_be, scope);
	} else if (tyr_v4_mapped(sa->addr)) {
		d->flags |= TYR_EVF_V4_MAPPED;
		tyr_judge_net4(d, sa->addr + 12, sa->port_be, scope);
	} else {
		tyr_judge_net6(d, sa->addr, sa->port_be, scope);
	}
}

/* Small and fixed in size: reserved in the ring and filled in place. */
static __always_inline void tyr_emit_connect(const struct tyr_subject *subject,
					     const struct tyr_decision *d,
					     const struct tyr_sockaddr *sa,
					     __u8 hook)
{
	struct tyr_connect_event *e;

	e = bpf_ringbuf_reserve(&tyr_events, sizeof(*e), 0);
	if (!e) {
		tyr_count(TYR_COUNTER_RINGBUF_DROPS);
		return;
	}
	tyr_fill_header(&e->hdr, TYR_OP_CONNECT, sizeof(*e));
	tyr_fill_common(&e->ev, subject, d, TYR_KIND_NET_CONNECT, hook);
	e->family = sa->family;
	e->port = bpf_ntohs(sa->port_be);
	e->protocol = sa->protocol;
	e->pad[0] = 0;
	e->pad[1] = 0;
	e->pad[2] = 0;
	__builtin_memcpy(e->addr, sa->addr, sizeof(e->addr));
	bpf_ringbuf_submit(e, 0);
}

/*
 * Reads a sockaddr the hook got (@user: from user memory, at sys_enter).
 * Returns false for what is not IPv4 or IPv6 (AF_UNIX, AF_UNSPEC, ...).
 */
static __always_inline bool tyr_read_sockaddr(struct tyr_sockaddr *sa,
					      const void *uaddr, int addrlen,
					      bool user)
{
	struct sockaddr_in6 in6 = {};
	long err;

	if (addrlen < (int)sizeof(struct sockaddr_in))
		return false;
	if (addrlen > (int)sizeof(in6))
		addrlen = sizeof(in6);
	barrier_var(addrlen);
	if (user)
		err = bpf_probe_read_user(&in6, addrlen & 31, uaddr);
	else
		err = bpf_probe_read_kernel(&in6, addrlen & 31, uaddr);
	if (err)
		return false;

	__builtin_memset(sa, 0, sizeof(*sa));
	sa->family = in6.sin6_family;
	sa->port_be = in6.sin6_port;
	if (sa->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&in6;

		__builtin_memcpy(sa->addr, &in->sin_addr, 4);
		return true;
	}
	if (sa->family == AF_INET6 && addrlen >= 24) {
		__builtin_memcpy(sa->addr, &in6.sin6_addr, 16);
		return true;
	}
	return false;
}

#endif /* TYR_NET_H */
