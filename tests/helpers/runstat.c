/*
 * runstat: run a command and report what it cost, for the benchmarks.
 *
 *	runstat [-o FILE] [-i FILE] -- COMMAND [ARG]...
 *
 * Runs COMMAND with stdout to FILE (default /dev/null) and stdin from
 * FILE (default /dev/null), then prints on stdout one line:
 *
 *	wall_ms=123.45 cpu_ms=120.01 maxrss_kib=5120 status=0
 *
 * Exits with the command's status (128+N when killed by signal N).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static double
tv_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static void
redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0644);

	if (f < 0 || dup2(f, fd) < 0) {
		perror(path);
		_exit(127);
	}
	close(f);
}

int
main(int argc, char **argv)
{
	const char *out = "/dev/null", *in = "/dev/null";
	struct timespec t0;
	struct rusage ru;
	pid_t pid;
	int opt, status, code;

	while ((opt = getopt(argc, argv, "o:i:")) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'i':
			in = optarg;
			break;
		default:
			fprintf(stderr, "usage: runstat [-o file] [-i file] -- command [arg ...]\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: runstat [-o file] [-i file] -- command [arg ...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("fork");
		return 3;
	}
	if (pid == 0) {
		redirect(in, STDIN_FILENO, O_RDONLY);
		redirect(out, STDOUT_FILENO, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 3;
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("wall_ms=%.2f cpu_ms=%.2f maxrss_kib=%ld status=%d\n",
	    ms_since(&t0), tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime),
	    ru.ru_maxrss, code);
	return code;
}
