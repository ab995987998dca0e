/* remote.c: deploy-slot over ssh, its stderr passed on line by line. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/proc.h"
#include "core/words.h"
#include "core/xalloc.h"
#include "deploy/remote.h"

extern char **environ;

void
remote_command_line(struct strbuf *out, const char *const *args)
{
	strbuf_adds(out, "deploy-slot");
	for (; *args; args++) {
		strbuf_addc(out, ' ');
		words_quote(out, *args);
	}
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int
remote_start(struct remote_cmd *cmd, const struct deploy_config *c,
    const struct deploy_host *h, const char *const *args, int keep_stdin)
{
	struct strbuf line = STRBUF_INIT;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *ssh = proc_find_program("ssh"), timeout[48], port[16];
	const char *argv[16];
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int n = 0, err, rc = -1;

	memset(cmd, 0, sizeof(*cmd));
	cmd->host = h;
	cmd->in = cmd->out = cmd->err = -1;
	cmd->status = -1;
	if (ssh == NULL) {
		cmd->start_error = xstrdup("ssh is not installed (not in PATH)");
		return -1;
	}
	remote_command_line(&line, args);
	snprintf(timeout, sizeof(timeout), "ConnectTimeout=%lld",
	    (c->ssh_timeout_ms + 999) / 1000);
	snprintf(port, sizeof(port), "%d", h->port);
	argv[n++] = ssh;
	if (c->ssh_config) {
		argv[n++] = "-F";
		argv[n++] = c->ssh_config;
	}
	argv[n++] = "-o";
	argv[n++] = "BatchMode=yes";
	argv[n++] = "-o";
	argv[n++] = timeout;
	if (h->port > 0) {
		argv[n++] = "-p";
		argv[n++] = port;
	}
	argv[n++] = "--";
	argv[n++] = h->dest;
	argv[n++] = line.buf;
	argv[n] = NULL;
	if (proc_pipe(outp) != 0 || proc_pipe(errp) != 0 ||
	    (keep_stdin && proc_pipe(inp) != 0)) {
		cmd->start_error = xstrfmt("cannot make a pipe: %s",
		    strerror(errno));
		goto cleanup;
	}
	posix_spawn_file_actions_init(&fa);
	if (keep_stdin)
		posix_spawn_file_actions_adddup2(&fa, inp[0], STDIN_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
		    "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
	/* A process group of its own: ^C is ours to handle (phases.c), not
	   a kill of the connections in the middle of a step. */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	err = posix_spawn(&cmd->pid, ssh, &fa, &attr, (char *const *)argv,
	    environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		cmd->pid = 0;
		cmd->start_error = xstrfmt("cannot run '%s': %s", ssh,
		    strerror(err));
		goto cleanup;
	}
	cmd->out = outp[0];
	cmd->err = errp[0];
	cmd->in = inp[1];
	outp[0] = errp[0] = inp[1] = -1;
	rc = 0;
cleanup:
	close_fd(&inp[0]);
	close_fd(&inp[1]);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[0]);
	close_fd(&errp[1]);
	strbuf_release(&line);
	free(ssh);
	return rc;
}

/* Pass on the complete lines of errline, "HOST: line". */
static void
pass_lines(struct remote_cmd *cmd, int all)
{
	char *start = cmd->errline.buf, *nl;
	size_t left = cmd->errline.len;

	while (left > 0 && ((nl = memchr(start, '\n', left)) != NULL || all)) {
		size_t len = nl ? (size_t)(nl - start) : left;

		fprintf(stderr, "%s: %.*s\n", cmd->host->spec, (int)len, start);
		len += nl != NULL;
		start += len;
		left -= len;
	}
	if (cmd->errline.len == 0)
		return;
	memmove(cmd->errline.buf, start, left);
	cmd->errline.len = left;
	cmd->errline.buf[left] = '\0';
}

/* One read from fd into the child's buffers; closes fd at its end. */
static void
drain_fd(struct remote_cmd *cmd, int *fd)
{
	char buf[4096];
	ssize_t got = read(*fd, buf, sizeof(buf));

	if (got < 0 && errno == EINTR)
		return;
	if (got <= 0) {
		if (fd == &cmd->err)
			pass_lines(cmd, 1);
		close_fd(fd);
		return;
	}
	if (fd == &cmd->out) {
		strbuf_add(&cmd->outbuf, buf, (size_t)got);
		return;
	}
	strbuf_add(&cmd->errall, buf, (size_t)got);
	strbuf_add(&cmd->errline, buf, (size_t)got);
	pass_lines(cmd, 0);
}

static void
reap(struct remote_cmd *cmd)
{
	int wst;

	while (waitpid(cmd->pid, &wst, 0) < 0)
		if (errno != EINTR) {
			wst = 0;
			break;
		}
	cmd->exited = 1;
	cmd->status = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
}

static int
ready(const struct remote_cmd *cmd, enum remote_until until)
{
	if (cmd->pid == 0 || cmd->exited)
		return 1;
	return until == REMOTE_UNTIL_LINE &&
	    memchr(strbuf_str(&cmd->outbuf), '\n', cmd->outbuf.len) != NULL;
}

void
remote_wait(struct remote_cmd *cmds, size_t n, enum remote_until until)
{
	struct pollfd *pfd = xcalloc(2 * n + 1, sizeof(*pfd));
	int *who = xcalloc(2 * n + 1, sizeof(*who));
	size_t i, k;

	for (;;) {
		k = 0;
		for (i = 0; i < n; i++) {
			struct remote_cmd *c = &cmds[i];

			if (c->pid && !c->exited && c->out < 0 && c->err < 0)
				reap(c);
			if (ready(c, until))
				continue;
			if (c->out >= 0) {
				pfd[k].fd = c->out;
				pfd[k].events = POLLIN;
				who[k++] = (int)(2 * i);
			}
			if (c->err >= 0) {
				pfd[k].fd = c->err;
				pfd[k].events = POLLIN;
				who[k++] = (int)(2 * i + 1);
			}
		}
		for (i = 0; i < n && ready(&cmds[i], until); i++)
			;
		if (i == n || k == 0)
			break;
		if (poll(pfd, k, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < k; i++) {
			struct remote_cmd *c = &cmds[who[i] / 2];

			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				drain_fd(c, who[i] % 2 ? &c->err : &c->out);
		}
	}
	free(pfd);
	free(who);
}

void
remote_close_stdin(struct remote_cmd *cmd)
{
	close_fd(&cmd->in);
}

/* The last line ssh said on stderr, for a message. */
static void
last_line(struct remote_cmd *cmd, struct strbuf *out)
{
	const char *s = strbuf_str(&cmd->errall), *end = s + strlen(s), *p;

	while (end > s && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (p = end; p > s && p[-1] != '\n'; p--)
		;
	strbuf_add(out, p, (size_t)(end - p));
	if (p == end)
		strbuf_adds(out, "no message");
}

int
remote_outcome(struct remote_cmd *cmd, struct strbuf *msg)
{
	const char *h = cmd->host->spec, *err = strbuf_str(&cmd->errall);
	json_t *doc;

	if (cmd->pid == 0) {
		strbuf_addf(msg, "%s: %s", h, cmd->start_error);
		return EXIT_ENV;
	}
	if (cmd->status == 255) {
		if (strstr(err, "Permission denied")) {
			strbuf_addf(msg, "%s: the host refused our key (", h);
			last_line(cmd, msg);
			strbuf_adds(msg, "): put the public key in "
			    "~/.ssh/authorized_keys of the user on the host, "
			    "or load the right key into ssh-agent");
		} else if (strstr(err, "Host key verification failed") ||
		    strstr(err, "REMOTE HOST IDENTIFICATION HAS CHANGED")) {
			strbuf_addf(msg, "%s: the host's key is unknown or "
			    "changed: check it, then add it to "
			    "~/.ssh/known_hosts (ssh asks nothing here)", h);
		} else {
			strbuf_addf(msg, "%s: cannot reach the host over ssh (",
			    h);
			last_line(cmd, msg);
			strbuf_adds(msg, "): check the host name and port, and "
			    "that sshd runs there");
		}
		return EXIT_ENV;
	}
	if (cmd->status == 127 && cmd->outbuf.len == 0) {
		strbuf_addf(msg, "%s: deploy-slot is not installed on the host "
		    "(not in the PATH of a non-interactive shell): install "
		    "reltools there", h);
		return EXIT_ENV;
	}
	doc = cmd->status >= 0 && cmd->status <= 3 ?
	    json_loadb(strbuf_str(&cmd->outbuf), cmd->outbuf.len, 0, NULL) :
	    NULL;
	if (json_is_object(doc)) {
		json_decref(doc);
		return cmd->status;
	}
	json_decref(doc);
	if (cmd->status < 0)
		strbuf_addf(msg, "%s: ssh was killed by a signal", h);
	else
		strbuf_addf(msg, "%s: deploy-slot on the host wrote no document "
		    "(exit status %d)", h, cmd->status);
	return EXIT_ENV;
}

void
remote_release(struct remote_cmd *cmd)
{
	close_fd(&cmd->in);
	if (cmd->pid && !cmd->exited) {
		kill(cmd->pid, SIGTERM);
		close_fd(&cmd->out);
		close_fd(&cmd->err);
		reap(cmd);
	}
	close_fd(&cmd->out);
	close_fd(&cmd->err);
	strbuf_release(&cmd->outbuf);
	strbuf_release(&cmd->errline);
	strbuf_release(&cmd->errall);
	free(cmd->start_error);
	cmd->start_error = NULL;
}
