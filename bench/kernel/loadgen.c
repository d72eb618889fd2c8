// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * loadgen N: calls getppid() N times through syscall(2) (glibc does not cache
 * it, but the call is made explicit anyway) and prints the calls per second.
 * loadgen N --wait: the same, once a line arrives on stdin (the consumer has
 * attached by then).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	struct timespec a, b;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if (argc > 2 &&
	    getchar() == EOF) /* --wait: start on a line from stdin */
		return 1;
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	fprintf(stderr, "loadgen: %ld calls in %.3f s (%.0f/s)\n", n, secs,
		n / secs);
	return 0;
}
