/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Judging an operation against the rules in force.
 *
 * A hook reads tyr_control.state once, at entry (tyr_decision_begin), and
 * uses that generation for every lookup, so it sees the old or the new rule
 * set of a swap, never a mixture (docs/kernel.md, "Atomic policy swap").
 * tyrd empties a generation only after the state has moved on, and every
 * change of state counts up; a hook that finds the state changed when it is
 * done may have read a generation being emptied or refilled, and judges
 * again (tyr_judge_stable): a seqlock whose readers never write.
 *
 * Within one scope the most specific rule wins (longest prefix, an exact
 * binary before a prefix, a port-specific CIDR before an any-port one).
 * Across the base scope (0) and the process's overlay the strictest verdict
 * wins (DENY over ALERT over ALLOW): an overlay can only add restrictions.
 * When neither scope has a matching rule, the scopes' defaults decide the
 * same way, and with no default the operation is allowed. A daemon without a
 * base policy but with overlays is the one exception (TYR_RULE_F_NO_BASE, in
 * tyr_decision_end).
 */
#ifndef TYR_POLICY_H
#define TYR_POLICY_H

#include "maps.h"

struct tyr_decision {
	__u64 policy_version;
	__u32 state; /* tyr_control.state as read at hook entry */
	__u32 rule_id;
	__u8 verdict; /* 0 = nothing matched yet */
	__u8 severity;
	__u16 flags; /* enum tyr_event_flags */
};

static __always_inline int tyr_verdict_rank(__u8 verdict)
{
	switch (verdict) {
	case TYR_VERDICT_DENY:
		return 3;
	case TYR_VERDICT_ALERT:
		return 2;
	case TYR_VERDICT_ALLOW:
		return 1;
	default:
		return 0;
	}
}

static __always_inline bool tyr_policy_loaded(const struct tyr_decision *d)
{
	return d->state & TYR_STATE_POLICY;
}

static __always_inline __u8 tyr_generation(const struct tyr_decision *d)
{
	return d->state & TYR_STATE_GEN;
}

/*
 * The state word, ordered against the rule lookups around it. x86 keeps loads
 * in order; elsewhere an atomic read-modify-write of nothing is the barrier.
 */
static __always_inline __u32 tyr_state_read(struct tyr_control *control)
{
#if defined(__TARGET_ARCH_x86)
	return READ_ONCE(control->state);
#else
	return __sync_fetch_and_or(&control->state, 0);
#endif
}

/* Reads the policy state, once. In deny-by-default the verdict is final. */
static __always_inline void tyr_decision_begin(struct tyr_decision *d)
{
	struct tyr_control *control = tyr_control_get();

	d->state = control ? tyr_state_read(control) : TYR_STATE_DENY_ALL;
	d->rule_id = 0;
	d->verdict = 0;
	d->severity = 0;
	d->flags = 0;
	d->policy_version = 0;
	if (!tyr_policy_loaded(d)) {
		d->verdict = TYR_VERDICT_DENY;
		d->severity = TYR_SEVERITY_HIGH;
		d->flags = TYR_EVF_DENY_ALL;
		return;
	}
	if (control)
		d->policy_version =
			control->policy_version[d->state & TYR_STATE_GEN];
}

/* True when the state is still the one the decision was made under. */
static __always_inline bool tyr_decision_stable(const struct tyr_decision *d)
{
	struct tyr_control *control = tyr_control_get();

	return control && tyr_state_read(control) == d->state;
}

/* The rules changed under every try: fail closed. */
static __always_inline void tyr_decision_unstable(struct tyr_decision *d)
{
	d->verdict = TYR_VERDICT_DENY;
	d->severity = TYR_SEVERITY_HIGH;
	d->rule_id = 0;
	d->flags |= TYR_EVF_UNSTABLE;
}

/* Tries of a judgment before a hook gives up on a moving policy. */
#define TYR_JUDGE_TRIES 3

/*
 * Judges with @judge (statements that fill @d after tyr_decision_begin) until
 * the policy state is the same at the end as at the start. Unrolled: the 6.1
 * verifier rejects the loop clang lays out here ("back-edge" through a
 * fall-through edge).
 */
#define tyr_judge_stable(d, judge)                                         \
	do {                                                               \
		bool __stable = false;                                     \
		_Pragma("unroll") for (int __i = 0; __i < TYR_JUDGE_TRIES; \
				       __i++)                              \
		{                                                          \
			if (__stable)                                      \
				break;                                     \
			tyr_decision_begin(d);                             \
			judge;                                             \
			__stable = tyr_decision_stable(d);                 \
		}                                                          \
		if (!__stable)                                             \
			tyr_decision_unstable(d);                          \
	} while (0)

/* Keeps the stricter of the decision so far and @rule (NULL: no match). */
static __always_inline void tyr_decision_take(struct tyr_decision *d,
					      const struct tyr_rule *rule)
{
	if (!rule ||
	    tyr_verdict_rank(rule->verdict) <= tyr_verdict_rank(d->verdict))
		return;
	d->verdict = rule->verdict;
	d->severity = rule->severity;
	d->rule_id = rule->rule_id;
}

static __always_inline bool tyr_decision_matched(const struct tyr_decision *d)
{
	return d->verdict != 0;
}

/*
 * Applies the defaults of both scopes when no rule matched. A base default
 * flagged TYR_RULE_F_NO_BASE stands for "no base policy": it yields to the
 * overlay's own default, so the overlay alone governs its type's processes
 * while every other governed process gets the base default (DENY).
 */
static __always_inline void tyr_decision_end(struct tyr_decision *d, __u8 kind,
					     __u16 scope)
{
	struct tyr_default_key key = {};
	const struct tyr_rule *base, *own = NULL;

	if (!tyr_policy_loaded(d) || tyr_decision_matched(d))
		return;
	d->flags |= TYR_EVF_DEFAULT;
	key.gen = tyr_generation(d);
	key.kind = kind;
	base = bpf_map_lookup_elem(&tyr_defaults, &key);
	if (scope) {
		key.scope = scope;
		own = bpf_map_lookup_elem(&tyr_defaults, &key);
	}
	if (base && own && (base->flags & TYR_RULE_F_NO_BASE))
		base = NULL;
	tyr_decision_take(d, base);
	tyr_decision_take(d, own);
	if (!tyr_decision_matched(d)) {
		d->verdict = TYR_VERDICT_ALLOW;
		d->severity = TYR_SEVERITY_INFO;
	}
}

/* For hooks that cannot stop the operation: a DENY is reported as ALERT. */
static __always_inline void tyr_decision_observed(struct tyr_decision *d)
{
	if (d->verdict == TYR_VERDICT_DENY) {
		d->verdict = TYR_VERDICT_ALERT;
		d->flags |= TYR_EVF_WOULD_DENY;
	}
}

static __always_inline void tyr_decision_enforced(struct tyr_decision *d)
{
	d->flags |= TYR_EVF_ENFORCED;
}

static __always_inline bool tyr_decision_denies(const struct tyr_decision *d)
{
	return d->verdict == TYR_VERDICT_DENY;
}

/*
 * Path prefix rules of one scope. @key is scratch memory; @path holds at
 * least TYR_LPM_PATH_MAX readable bytes (only the first len + 1 matter).
 */
static __always_inline const struct tyr_rule *
tyr_match_prefix(const struct tyr_decision *d, struct tyr_path_key *key,
		 const char *path, __u32 len, __u8 kind, __u16 scope)
{
	__u32 bytes = len + 1;

	if (bytes > TYR_LPM_PATH_MAX)
		bytes = TYR_LPM_PATH_MAX;
	key->prefixlen = 32 + bytes * 8;
	key->gen = tyr_generation(d);
	key->kind = kind;
	key->scope = scope;
	__builtin_memcpy(key->path, path, TYR_LPM_PATH_MAX);
	return bpf_map_lookup_elem(&tyr_path_rules, key);
}

/* FILE_READ / FILE_WRITE: path prefix rules of the base and the overlay. */
static __always_inline void tyr_judge_path(struct tyr_decision *d,
					   struct tyr_path_key *key,
					   const char *path, __u32 len,
					   __u8 kind, __u16 scope)
{
	if (!tyr_policy_loaded(d))
		return;
	tyr_decision_take(d, tyr_match_prefix(d, key, path, len, kind, 0));
	if (scope)
		tyr_decision_take(d, tyr_match_prefix(d, key, path, len, kind,
						      scope));
	tyr_decision_end(d, kind, scope);
}

/* The exact-binary rule of one scope, then its prefix rules. */
static __always_inline const struct tyr_rule *
tyr_match_binary(const struct tyr_decision *d, struct tyr_exe_key *exe,
		 struct tyr_path_key *key, const char *path, __u32 len,
		 __u16 scope)
{
	const struct tyr_rule *rule = NULL;

	if (len < TYR_EXE_PATH_MAX) {
		__builtin_memset(exe, 0, sizeof(*exe));
		exe->gen = tyr_generation(d);
		exe->scope = scope;
		bpf_probe_read_kernel(exe->path, len, path);
		rule = bpf_map_lookup_elem(&tyr_exe_rules, exe);
	}
	if (!rule)
		rule = tyr_match_prefix(d, key, path, len, TYR_KIND_EXEC,
					scope);
	return rule;
}

/* EXEC: exact binaries, then path prefixes, of the base and the overlay. */
static __always_inline void tyr_judge_exec(struct tyr_decision *d,
					   struct tyr_exe_key *exe,
					   struct tyr_path_key *key,
					   const char *path, __u32 len,
					   __u16 scope)
{
	if (!tyr_policy_loaded(d))
		return;
	tyr_decision_take(d, tyr_match_binary(d, exe, key, path, len, 0));
	if (scope)
		tyr_decision_take(d, tyr_match_binary(d, exe, key, path, len,
						      scope));
	tyr_decision_end(d, TYR_KIND_EXEC, scope);
}

static __always_inline const struct tyr_rule *
tyr_match_net4(const struct tyr_decision *d, const __u8 *addr, __u16 port_be,
	       __u16 scope)
{
	struct tyr_net4_key key = {};
	const struct tyr_rule *rule;

	key.prefixlen = 48 + 32;
	key.gen = tyr_generation(d);
	key.scope = scope;
	key.port = port_be;
	__builtin_memcpy(key.addr, addr, sizeof(key.addr));
	rule = bpf_map_lookup_elem(&tyr_net4_rules, &key);
	if (rule || !port_be)
		return rule;
	key.port = 0;
	return bpf_map_lookup_elem(&tyr_net4_rules, &key);
}

static __always_inline const struct tyr_rule *
tyr_match_net6(const struct tyr_decision *d, const __u8 *addr, __u16 port_be,
	       __u16 scope)
{
	struct tyr_net6_key key = {};
	const struct tyr_rule *rule;

	key.prefixlen = 48 + 128;
	key.gen = tyr_generation(d);
	key.scope = scope;
	key.port = port_be;
	__builtin_memcpy(key.addr, addr, sizeof(key.addr));
	rule = bpf_map_lookup_elem(&tyr_net6_rules, &key);
	if (rule || !port_be)
		return rule;
	key.port = 0;
	return bpf_map_lookup_elem(&tyr_net6_rules, &key);
}

/* NET_CONNECT to an IPv4 address (network byte order, 4 bytes). */
static __always_inline void tyr_judge_net4(struct tyr_decision *d,
					   const __u8 *addr, __u16 port_be,
					   __u16 scope)
{
	if (!tyr_policy_loaded(d))
		return;
	tyr_decision_take(d, tyr_match_net4(d, addr, port_be, 0));
	if (scope)
		tyr_decision_take(d, tyr_match_net4(d, addr, port_be, scope));
	tyr_decision_end(d, TYR_KIND_NET_CONNECT, scope);
}

/* NET_CONNECT to an IPv6 address (network byte order, 16 bytes). */
static __always_inline void tyr_judge_net6(struct tyr_decision *d,
					   const __u8 *addr, __u16 port_be,
					   __u16 scope)
{
	if (!tyr_policy_loaded(d))
		return;
	tyr_decision_take(d, tyr_match_net6(d, addr, port_be, 0));
	if (scope)
		tyr_decision_take(d, tyr_match_net6(d, addr, port_be, scope));
	tyr_decision_end(d, TYR_KIND_NET_CONNECT, scope);
}

#endif /* TYR_POLICY_H */
