// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libbpf_consumer OBJ LOADGEN N [RING_BYTES]: the libbpf side of ring-bench.sh. Opens the
 * producer object, points it at a load generator that waits on its stdin,
 * loads and attaches it, starts the generator, and consumes with
 * ring_buffer__poll until every call is accounted for (consumed + dropped = N)
 * or nothing arrives for two seconds. Prints one "RESULT" line: records, kernel
 * drops, elapsed from the start signal to the last record, and this process's
 * CPU time (user + system) over the same span.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long consumed;

static int handle_record(void *ctx, void *data, size_t size)
{
	consumed++;
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 +
	       u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static unsigned long long sum_counter(int fd, __u32 index, int ncpus)
{
	unsigned long long values[ncpus], sum = 0;

	if (bpf_map_lookup_elem(fd, &index, values))
		return 0;
	for (int i = 0; i < ncpus; i++)
		sum += values[i];
	return sum;
}

int main(int argc, char **argv)
{
	struct ring_buffer *ring = NULL;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct bpf_map *rodata;
	int go[2], ncpus, counters, status;
	long n, dropped;
	double start, last = 0, cpu_start, checked = 0;
	size_t size;
	pid_t child;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s OBJ LOADGEN N [RING_BYTES]\n",
			argv[0]);
		return 2;
	}
	n = atol(argv[3]);
	if (pipe(go))
		return 1;
	child = fork();
	if (child == 0) {
		dup2(go[0], 0);
		close(go[1]);
		execl(argv[2], argv[2], argv[3], "--wait", (char *)NULL);
		_exit(127);
	}
	close(go[0]);

	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "failed to open %s: %d\n", argv[1], -errno);
		return 1;
	}
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	if (!rodata || !bpf_map__initial_value(rodata, &size) ||
	    size < sizeof(__u32)) {
		fprintf(stderr, "failed to find target_tgid in .rodata\n");
		return 1;
	}
	*(__u32 *)bpf_map__initial_value(rodata, &size) = child;
	if (argc == 5 &&
	    bpf_map__set_max_entries(
		    bpf_object__find_map_by_name(obj, "ringbench_events"),
		    atoi(argv[4]))) {
		fprintf(stderr, "failed to size the ring buffer\n");
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "failed to load: %d\n", -errno);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "handle_getppid");
	link = prog ? bpf_program__attach(prog) : NULL;
	if (!link) {
		fprintf(stderr, "failed to attach: %d\n", -errno);
		return 1;
	}
	ring = ring_buffer__new(
		bpf_object__find_map_fd_by_name(obj, "ringbench_events"),
		handle_record, NULL, NULL);
	if (!ring) {
		fprintf(stderr, "failed to create the ring buffer: %d\n",
			-errno);
		return 1;
	}
	counters = bpf_object__find_map_fd_by_name(obj, "ringbench_counters");
	ncpus = libbpf_num_possible_cpus();

	cpu_start = cpu_seconds();
	start = now();
	if (write(go[1], "\n", 1) != 1)
		return 1;
	close(go[1]);
	while (1) {
		long before = consumed;
		int err = ring_buffer__poll(ring, 100);

		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "failed to poll: %d\n", err);
			break;
		}
		/* Idle by the clock: a poll can return at once with nothing
		 * consumed (a record still BUSY at the consumer position). */
		if (consumed != before)
			last = now();
		else if (now() - (last ? last : start) > 2)
			break;
		/* The drop count is a syscall: read it every 5 ms, as the C#
		 * harness does, not once per poll. */
		if (now() - checked < 0.005)
			continue;
		checked = now();
		dropped = sum_counter(counters, 1, ncpus);
		if (consumed + dropped >= n)
			break;
	}
	waitpid(child, &status, 0);
	dropped = sum_counter(counters, 1, ncpus);
	if (last == 0)
		last = now();
	printf("RESULT consumer=libbpf records=%ld dropped=%ld submitted=%llu elapsed=%.3f rate=%.0f cpu=%.3f\n",
	       consumed, dropped, sum_counter(counters, 0, ncpus), last - start,
	       consumed / (last - start), cpu_seconds() - cpu_start);
	ring_buffer__free(ring);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
