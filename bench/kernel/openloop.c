// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * openloop N [PATH]: N times open(PATH, O_RDONLY) + close, timed with
 * clock_gettime(CLOCK_MONOTONIC); prints "ns_per_op=X" (one open + close).
 * hook-overhead.sh runs it with and without tyrd's programs attached, from an
 * ungoverned path and from a path tyrd governs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	const char *path = argc > 2 ? argv[2] : "/etc/hostname";
	struct timespec a, b;
	double ns;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);

		if (fd < 0) {
			perror(path);
			return 1;
		}
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("ns_per_op=%.1f\n", ns / n);
	return 0;
}
