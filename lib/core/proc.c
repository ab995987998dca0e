/* proc.c: run a program with an argv vector and capture its output. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/proc.h"
#include "core/xalloc.h"

extern char **environ;

static int
is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

static char *
in_dir(const char *dir, size_t dirlen, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, dir, dirlen);
	strbuf_addf(&sb, "/%s", name);
	if (is_executable(sb.buf))
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return NULL;
}

char *
proc_find_tool(const char *name)
{
	char self[PATH_MAX];
	ssize_t n;
	const char *slash;
	char *found;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash && (found = in_dir(self, slash - self, name)))
			return found;
	}
	return proc_find_program(name);
}

char *
proc_find_program(const char *name)
{
	const char *path, *p, *colon;
	char *found;

	path = getenv("PATH");
	for (p = path; p && *p; p = colon + 1) {
		colon = p + strcspn(p, ":");
		/* An empty PATH entry means the current directory. */
		found = colon == p ? in_dir(".", 1, name) :
		    in_dir(p, colon - p, name);
		if (found)
			return found;
		if (*colon == '\0')
			break;
	}
	return NULL;
}

static void
close_pair(int fd[2])
{
	if (fd[0] >= 0)
		close(fd[0]);
	if (fd[1] >= 0)
		close(fd[1]);
	fd[0] = fd[1] = -1;
}

int
proc_pipe(int fd[2])
{
	if (pipe(fd) != 0)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/*
 * Feed stdin and drain stdout and stderr until all three are closed.
 * Closes the three descriptors in every case.
 */
static int
pump(int infd, const char *in, size_t inlen, int outfd, int errfd,
    struct proc_result *res)
{
	struct pollfd pfd[3];
	size_t sent = 0;
	char buf[65536];
	ssize_t n;
	int i;

	pfd[0].fd = infd;
	pfd[0].events = POLLOUT;
	pfd[1].fd = outfd;
	pfd[1].events = POLLIN;
	pfd[2].fd = errfd;
	pfd[2].events = POLLIN;
	if (infd >= 0 && inlen == 0) {
		close(infd);
		pfd[0].fd = -1;
	}
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0 || pfd[2].fd >= 0) {
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			for (i = 0; i < 3; i++)
				if (pfd[i].fd >= 0)
					close(pfd[i].fd);
			return -1;
		}
		if (pfd[0].fd >= 0 && pfd[0].revents) {
			n = write(pfd[0].fd, in + sent, inlen - sent);
			if (n > 0)
				sent += n;
			/* A child that stops reading gets EPIPE: fine. */
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				sent = inlen;
			if (sent == inlen) {
				close(pfd[0].fd);
				pfd[0].fd = -1;
			}
		}
		for (i = 1; i < 3; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				continue;
			}
			strbuf_add(i == 1 ? &res->out : &res->err, buf, n);
		}
	}
	return 0;
}

/* The length of "NAME" in "NAME=value" or "NAME". */
static size_t
env_name_len(const char *entry)
{
	return strcspn(entry, "=");
}

char **
proc_env_merge(const char *const env[])
{
	char **envp;
	size_t n = 0, m = 0, i, j;

	for (i = 0; environ[i]; i++)
		n++;
	for (j = 0; env && env[j]; j++)
		n++;
	envp = xcalloc(n + 1, sizeof(*envp));
	for (i = 0; environ[i]; i++) {
		size_t len = env_name_len(environ[i]);

		for (j = 0; env && env[j]; j++)
			if (env_name_len(env[j]) == len &&
			    strncmp(env[j], environ[i], len) == 0)
				break;
		if (env == NULL || env[j] == NULL)
			envp[m++] = xstrdup(environ[i]);
	}
	for (j = 0; env && env[j]; j++)
		if (env[j][env_name_len(env[j])] == '=')
			envp[m++] = xstrdup(env[j]);
	envp[m] = NULL;
	return envp;
}

int
proc_run(const char *const argv[], const char *in, size_t inlen,
    struct proc_result *res)
{
	return proc_run_env(argv, NULL, in, inlen, res);
}

int
proc_run_env(const char *const argv[], const char *const env[],
    const char *in, size_t inlen, struct proc_result *res)
{
	char **envp = NULL;
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	pid_t pid;
	int rc = -1, err, wst;

	/* Both buffers hold a string ("" at least) whatever happens. */
	strbuf_reset(&res->out);
	strbuf_reset(&res->err);
	strbuf_add(&res->out, "", 0);
	strbuf_add(&res->err, "", 0);
	res->status = -1;
	res->signal = 0;
	if (proc_pipe(outp) || proc_pipe(errp) ||
	    (in && proc_pipe(inp)))
		goto cleanup;
	posix_spawn_file_actions_init(&fa);
	if (in)
		posix_spawn_file_actions_adddup2(&fa, inp[0], STDIN_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
		    "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
	if (env)
		envp = proc_env_merge(env);
	err = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv,
	    envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		errno = err;
		goto cleanup;
	}
	close(outp[1]), outp[1] = -1;
	close(errp[1]), errp[1] = -1;
	if (in) {
		close(inp[0]), inp[0] = -1;
		fcntl(inp[1], F_SETFL, O_NONBLOCK);
	}
	/* A child that exits before reading its stdin must not kill us. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	rc = pump(inp[1], in, inlen, outp[0], errp[0], res);
	sigaction(SIGPIPE, &old, NULL);
	inp[1] = outp[0] = errp[0] = -1;	/* pump() closed them */
	while (waitpid(pid, &wst, 0) < 0) {
		if (errno != EINTR) {
			rc = -1;
			goto cleanup;
		}
	}
	if (WIFEXITED(wst))
		res->status = WEXITSTATUS(wst);
	else if (WIFSIGNALED(wst))
		res->signal = WTERMSIG(wst);
cleanup:
	err = errno;
	close_pair(inp);
	close_pair(outp);
	close_pair(errp);
	xstrv_free(envp);
	errno = err;
	return rc;
}

int
proc_run_tool(const char *name, const char *const args[], const char *in,
    size_t inlen, struct proc_result *res, char **error)
{
	struct strbuf msg = STRBUF_INIT;
	const char **argv = NULL;
	char *tool = proc_find_tool(name);
	size_t i, n;
	int rc = -1;

	*error = NULL;
	if (tool == NULL) {
		strbuf_addf(&msg, "cannot find '%s' next to '%s' or in PATH",
		    name, progname);
		goto cleanup;
	}
	for (n = 0; args[n]; n++)
		;
	argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = tool;
	for (i = 0; i < n; i++)
		argv[i + 1] = args[i];
	if (proc_run(argv, in, inlen, res) != 0) {
		strbuf_addf(&msg, "cannot run '%s': %s", tool, strerror(errno));
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (rc != 0)
		*error = strbuf_detach(&msg, NULL);
	free(argv);
	free(tool);
	return rc;
}

void
proc_result_release(struct proc_result *res)
{
	strbuf_release(&res->out);
	strbuf_release(&res->err);
	res->status = -1;
	res->signal = 0;
}

const char *
proc_first_error(struct proc_result *res)
{
	char *nl;

	if (res->err.len == 0 && res->signal)
		strbuf_addf(&res->err, "killed by signal %d", res->signal);
	else if (res->err.len == 0)
		strbuf_addf(&res->err, "exit status %d, no message",
		    res->status);
	nl = strchr(res->err.buf, '\n');
	if (nl)
		*nl = '\0';
	return res->err.buf;
}
