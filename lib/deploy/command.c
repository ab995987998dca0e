/* command.c: configured commands, run with execvp. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/proc.h"
#include "core/readfile.h"
#include "core/xalloc.h"
#include "deploy/command.h"

void
deploy_env_set(struct deploy_env *e, const char *name, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, len = strlen(name);

	strbuf_addf(&sb, "%s=%s", name, value ? value : "");
	for (i = 0; i < e->n; i++)
		if (strncmp(e->vars[i], name, len) == 0 &&
		    e->vars[i][len] == '=') {
			free(e->vars[i]);
			e->vars[i] = strbuf_detach(&sb, NULL);
			return;
		}
	e->vars = xrealloc(e->vars, (e->n + 2) * sizeof(*e->vars));
	e->vars[e->n++] = strbuf_detach(&sb, NULL);
	e->vars[e->n] = NULL;
}

void
deploy_env_unset(struct deploy_env *e, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < e->n; i++)
		if (strncmp(e->vars[i], name, len) == 0 &&
		    e->vars[i][len] == '=') {
			free(e->vars[i]);
			memmove(&e->vars[i], &e->vars[i + 1],
			    (e->n - i) * sizeof(*e->vars));
			e->n--;
			return;
		}
}

void
deploy_env_release(struct deploy_env *e)
{
	while (e->n > 0)
		free(e->vars[--e->n]);
	free(e->vars);
	e->vars = NULL;
}

/* In the child: environment, stdin, then exec; reports errno on fd. */
static void __attribute__((noreturn))
child_exec(char *const argv[], const struct deploy_env *e, int report)
{
	int err, fd;
	size_t i;

	signal(SIGPIPE, SIG_DFL);
	for (i = 0; i < e->n; i++)
		putenv(e->vars[i]);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	execvp(argv[0], argv);
	err = errno;
	if (write(report, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

static void
exec_error(char *const argv[], int err, char **error)
{
	*error = xstrfmt("cannot run '%s': %s", argv[0], strerror(err));
}

/* The errno a child sent on fd before exec failed; 0 once exec worked. */
static int
read_exec_errno(int fd)
{
	int err = 0;
	ssize_t n;

	do
		n = read(fd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(err) ? err : 0;
}

int
deploy_command_run(char *const argv[], const struct deploy_env *e,
    struct strbuf *out, char **error)
{
	int report[2] = { -1, -1 }, outp[2] = { -1, -1 }, status, err;
	pid_t pid;

	*error = NULL;
	if (proc_pipe(report) != 0 ||
	    (out && proc_pipe(outp) != 0)) {
		exec_error(argv, errno, error);
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		exec_error(argv, errno, error);
		goto fail;
	}
	if (pid == 0) {
		dup2(out ? outp[1] : 2, 1);
		child_exec(argv, e, report[1]);
	}
	close(report[1]);
	report[1] = -1;
	if (out) {
		close(outp[1]);
		outp[1] = -1;
		if (readfile_fd(outp[0], out) != 0)
			warnmsg("cannot read the output of '%s': %s", argv[0],
			    strerror(errno));
		close(outp[0]);
	}
	err = read_exec_errno(report[0]);
	close(report[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			exec_error(argv, errno, error);
			return -1;
		}
	if (err) {
		exec_error(argv, err, error);
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
fail:
	if (report[0] >= 0)
		close(report[0]), close(report[1]);
	if (outp[0] >= 0)
		close(outp[0]), close(outp[1]);
	return -1;
}

pid_t
deploy_command_spawn(char *const argv[], const struct deploy_env *e,
    const char *log, const char *pidfile, char **error)
{
	int report[2], fd, pfd, err = 0, status;
	pid_t pid, child;
	ssize_t n;

	*error = NULL;
	fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		*error = xstrfmt("cannot open '%s': %s", log, strerror(errno));
		return -1;
	}
	pfd = open(pidfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (pfd < 0) {
		*error = xstrfmt("cannot open '%s': %s", pidfile,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (proc_pipe(report) != 0) {
		exec_error(argv, errno, error);
		close(fd);
		close(pfd);
		return -1;
	}
	/*
	 * Fork twice: the slot is nobody's child here, init reaps it, and
	 * it outlives us in a session of its own. The middle process sends
	 * its pid, then the exec error if there is one.
	 */
	child = fork();
	if (child == 0) {
		pid = fork();
		if (pid != 0) {
			n = write(report[1], &pid, sizeof(pid));
			_exit(n == (ssize_t)sizeof(pid) ? 0 : 1);
		}
		setsid();
		dprintf(pfd, "%ld\n", (long)getpid());
		dup2(fd, 1);
		dup2(fd, 2);
		child_exec(argv, e, report[1]);
	}
	close(report[1]);
	close(fd);
	close(pfd);
	pid = -1;
	if (child > 0) {
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		if (read(report[0], &pid, sizeof(pid)) != (ssize_t)sizeof(pid))
			pid = -1;
		else
			err = read_exec_errno(report[0]);
	} else
		err = errno;
	close(report[0]);
	if (pid < 0 || err) {
		exec_error(argv, err ? err : EAGAIN, error);
		return -1;
	}
	return pid;
}
