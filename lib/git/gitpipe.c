/* gitpipe.c: libgit2's smart transport over git's own receive-pack and
   upload-pack, run locally or through ssh. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/transport.h>

#include "core/clock.h"
#include "core/proc.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "git/gitpipe.h"
#include "git/gitssh.h"
#include "git/gitstream.h"

#define SAID_MAX 4096	/* bytes of ssh's stderr kept */

extern char **environ;

struct pipe_sub;

struct pipe_stream {
	git_smart_subtransport_stream parent;
	struct pipe_sub *sub;
	int fd;
	pid_t pid;
	int errfd;		/* ssh's stderr; -1 for a local git */
	char *where;		/* "ssh HOST", for messages */
	int gave_up;		/* the host said nothing within the limit */
	struct strbuf said;	/* the end of ssh's stderr */
};

/* Why the last ssh connection failed, as ssh said it. */
static struct strbuf failed = STRBUF_INIT;

struct pipe_sub {
	git_smart_subtransport parent;
	struct pipe_stream *current;
};

/* What git clears for a local transport's process: the remote is the
   directory named, not our repository. */
static const char *const local_env[] = {
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS",
	"GIT_CONFIG_COUNT", "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE",
	"GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_INDEX_FILE",
	"GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX",
	"GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_NAMESPACE", NULL
};

static int
is_local_env(const char *kv)
{
	const char *const *k;
	size_t len;

	for (k = local_env; *k; k++) {
		len = strlen(*k);
		if (strncmp(kv, *k, len) == 0 && kv[len] == '=')
			return 1;
	}
	return 0;
}

const char *
gitpipe_local_path(const char *url)
{
	if (url == NULL)
		return NULL;
	if (strncmp(url, "file://", 7) == 0)
		return url + 7;
	return url[0] == '/' ? url : NULL;
}

/* Keep what ssh writes on stderr (its last SAID_MAX bytes). */
static void
drain_said(struct pipe_stream *p)
{
	char buf[1024];
	ssize_t n;

	while (p->errfd >= 0) {
		n = read(p->errfd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
				close(p->errfd);
				p->errfd = -1;
			}
			return;
		}
		strbuf_add(&p->said, buf, (size_t)n);
		if (p->said.len > SAID_MAX) {
			memmove(p->said.buf, p->said.buf + p->said.len -
			    SAID_MAX, SAID_MAX);
			p->said.len = SAID_MAX;
			p->said.buf[SAID_MAX] = '\0';
		}
	}
}

/*
 * ssh ended the conversation: when it failed, its last line of stderr
 * (after its own end) is why, for gitpipe_failed().
 */
static void
note_ssh_end(struct pipe_stream *p)
{
	long long deadline = clock_ms() + 2000;
	struct pollfd pf;
	const char *line, *end;
	int status = 0, reaped = 0;
	pid_t w;

	/* Its stderr to the end, and its exit: both come at once, but a
	   loaded machine may show one a little before the other. */
	for (;;) {
		while (!reaped && (w = waitpid(p->pid, &status, WNOHANG)) < 0 &&
		    errno == EINTR)
			;
		if (!reaped && w == p->pid)
			reaped = 1;
		if (reaped && p->errfd < 0)
			break;
		if (clock_ms() >= deadline) {
			if (reaped)
				break;
			return;
		}
		if (p->errfd >= 0) {
			pf.fd = p->errfd;
			pf.events = POLLIN;
			if (poll(&pf, 1, 100) > 0)
				drain_said(p);
		} else {
			clock_sleep_ms(10);
		}
	}
	p->pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	end = p->said.buf + p->said.len;
	while (end > p->said.buf && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (line = end; line > p->said.buf && line[-1] != '\n'; line--)
		;
	strbuf_reset(&failed);
	if (line < end)
		strbuf_addf(&failed, "%s failed: %.*s", p->where,
		    (int)(end - line), line);
	else
		strbuf_addf(&failed, "%s failed (exit status %d)", p->where,
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
		    WTERMSIG(status));
	git_error_set_str(GIT_ERROR_NET, failed.buf);
}

/*
 * Wait until fd is ready for events (ssh's stderr kept meanwhile): 0, or
 * -1 with libgit2's error set when ssh's host said nothing within the
 * limit. A local git is waited for as long as it takes.
 */
static int
wait_ready(struct pipe_stream *p, short events, const char *what)
{
	long long deadline = clock_ms() + gitstream_limit_ms(), left;
	struct pollfd pf[2];
	int n;

	if (p->where == NULL)
		return 0;
	for (;;) {
		pf[0].fd = p->fd;
		pf[0].events = events;
		pf[1].fd = p->errfd;
		pf[1].events = POLLIN;
		left = deadline - clock_ms();
		if (left <= 0) {
			gitstream_say_timed_out(p->where, what);
			p->gave_up = 1;
			return -1;
		}
		n = poll(pf, p->errfd >= 0 ? 2 : 1, (int)(left > 60000 ?
		    60000 : left));
		if (n < 0 && errno != EINTR) {
			git_error_set(GIT_ERROR_OS, "poll: %s",
			    strerror(errno));
			return -1;
		}
		if (n > 0 && pf[1].revents && p->errfd >= 0)
			drain_said(p);
		if (n > 0 && pf[0].revents)
			return 0;
	}
}

int
gitpipe_serves(const char *url)
{
	struct gitssh_url u;

	if (gitpipe_local_path(url))
		return 1;
	if (gitssh_parse(url, &u) != 0)
		return 0;
	gitssh_url_free(&u);
	return 1;
}

const char *
gitpipe_failed(void)
{
	return failed.len ? failed.buf : NULL;
}

static int
stream_read(git_smart_subtransport_stream *s, char *buf, size_t size,
    size_t *bytes_read)
{
	struct pipe_stream *p = (struct pipe_stream *)s;
	ssize_t n;

	if (wait_ready(p, POLLIN, "waiting for its reply") != 0)
		return -1;
	while ((n = recv(p->fd, buf, size, 0)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		git_error_set(GIT_ERROR_NET, "cannot read from git: %s",
		    strerror(errno));
		return -1;
	}
	if (n == 0 && p->where)
		note_ssh_end(p);
	*bytes_read = (size_t)n;
	return 0;
}

static int
stream_write(git_smart_subtransport_stream *s, const char *buf, size_t len)
{
	struct pipe_stream *p = (struct pipe_stream *)s;
	ssize_t n;

	while (len) {
		if (wait_ready(p, POLLOUT, "waiting to send, the server "
		    "reads nothing") != 0)
			return -1;
		/* not write(2): git gone must be an error, not SIGPIPE */
		n = send(p->fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (p->where)
				note_ssh_end(p);
			if (p->where && failed.len)
				return -1;
			git_error_set(GIT_ERROR_NET, "cannot write to git: %s",
			    strerror(errno));
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ssh ends once its host's git has (hooks and all), within the limit;
   else it is stopped, at once when the host already kept silent. */
static void
reap_ssh(struct pipe_stream *p)
{
	long long deadline = clock_ms() + (p->gave_up ? 0 :
	    gitstream_limit_ms());

	while (clock_ms() < deadline) {
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
			p->pid = -1;
			return;
		}
		drain_said(p);
		clock_sleep_ms(10);
	}
	kill(-p->pid, SIGTERM);
}

static void
stream_free(git_smart_subtransport_stream *s)
{
	struct pipe_stream *p = (struct pipe_stream *)s;

	/* git sees the end of its input and exits, freeing its locks;
	   ssh, whose host may never answer, is stopped. */
	close(p->fd);
	if (p->where && p->pid > 0)
		reap_ssh(p);
	while (p->pid > 0 && waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (p->errfd >= 0)
		close(p->errfd);
	if (p->sub->current == p)
		p->sub->current = NULL;
	strbuf_release(&p->said);
	free(p->where);
	free(p);
}

/*
 * Run argv on one end of a socket pair; where ("ssh HOST") names a
 * network peer, whose waits are bounded and whose stderr is kept.
 */
static int
start(struct pipe_sub *t, char *const argv[], const char *where)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct pipe_stream *p;
	char **envp;
	size_t n = 0, i;
	int sv[2], ep[2] = { -1, -1 }, err;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		git_error_set(GIT_ERROR_OS, "cannot run %s: %s", argv[0],
		    strerror(errno));
		return -1;
	}
	if (where && proc_pipe(ep) != 0) {
		close(sv[0]);
		close(sv[1]);
		git_error_set(GIT_ERROR_OS, "cannot run %s: %s", argv[0],
		    strerror(errno));
		return -1;
	}
	for (i = 0; environ[i]; i++)
		;
	envp = xcalloc(i + 1, sizeof(*envp));
	for (i = 0; environ[i]; i++)
		if (!is_local_env(environ[i]))
			envp[n++] = environ[i];
	p = xcalloc(1, sizeof(*p));
	strbuf_init(&p->said);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDOUT_FILENO);
	/* ssh in a process group of its own, which stopping it stops whole
	   (GIT_SSH_COMMAND's sh and the ssh it runs). */
	posix_spawnattr_init(&attr);
	if (where) {
		posix_spawn_file_actions_adddup2(&fa, ep[1], STDERR_FILENO);
		posix_spawnattr_setpgroup(&attr, 0);
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	}
	err = posix_spawnp(&p->pid, argv[0], &fa, &attr, argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	close(sv[1]);
	if (ep[1] >= 0)
		close(ep[1]);
	if (err != 0) {
		close(sv[0]);
		if (ep[0] >= 0)
			close(ep[0]);
		free(p);
		git_error_set(GIT_ERROR_OS, "cannot run %s: %s", argv[0],
		    strerror(err));
		return -1;
	}
	if (ep[0] >= 0)
		fcntl(ep[0], F_SETFL, fcntl(ep[0], F_GETFL) | O_NONBLOCK);
	p->fd = sv[0];
	p->errfd = ep[0];
	p->where = where ? xstrdup(where) : NULL;
	p->sub = t;
	p->parent.subtransport = &t->parent;
	p->parent.read = stream_read;
	p->parent.write = stream_write;
	p->parent.free = stream_free;
	t->current = p;
	return 0;
}

/* Start service (receive-pack, upload-pack) for url: git itself for a
   local path, through ssh for an ssh URL. */
static int
start_service(struct pipe_sub *t, const char *service, const char *url)
{
	const char *dir = gitpipe_local_path(url);
	char *local[] = { "git", (char *)service, "--", (char *)dir, NULL };
	struct gitssh_url u;
	char **argv, *where, *remote;
	int rc;

	strbuf_reset(&failed);
	if (dir)
		return start(t, local, NULL);
	if (gitssh_parse(url, &u) != 0) {
		git_error_set(GIT_ERROR_NET, "'%s' is neither a local path "
		    "nor an ssh URL", url);
		return -1;
	}
	remote = xstrfmt("git-%s", service);
	argv = gitssh_argv(&u, remote, gitstream_limit_ms());
	where = xstrfmt("ssh %s%s%s", u.host, u.port ? ":" : "",
	    u.port ? u.port : "");
	rc = start(t, argv, where);
	free(where);
	free(remote);
	xstrv_free(argv);
	gitssh_url_free(&u);
	return rc;
}

static int
sub_action(git_smart_subtransport_stream **out, git_smart_subtransport *s,
    const char *url, git_smart_service_t action)
{
	struct pipe_sub *t = (struct pipe_sub *)s;

	switch (action) {
	case GIT_SERVICE_UPLOADPACK_LS:
	case GIT_SERVICE_RECEIVEPACK_LS:
		if (t->current)
			stream_free(&t->current->parent);
		if (start_service(t, action == GIT_SERVICE_UPLOADPACK_LS ?
		    "upload-pack" : "receive-pack", url) != 0)
			return -1;
		break;
	default:
		/* the same conversation goes on after the refs */
		if (t->current == NULL) {
			git_error_set(GIT_ERROR_NET, "git is not running");
			return -1;
		}
	}
	*out = &t->current->parent;
	return 0;
}

static int
sub_close(git_smart_subtransport *s)
{
	struct pipe_sub *t = (struct pipe_sub *)s;

	if (t->current)
		stream_free(&t->current->parent);
	return 0;
}

static void
sub_free(git_smart_subtransport *s)
{
	sub_close(s);
	free(s);
}

static int
sub_new(git_smart_subtransport **out, git_transport *owner, void *param)
{
	struct pipe_sub *t = xcalloc(1, sizeof(*t));

	(void)owner;
	(void)param;
	t->parent.action = sub_action;
	t->parent.close = sub_close;
	t->parent.free = sub_free;
	*out = &t->parent;
	return 0;
}

int
gitpipe_transport(git_transport **out, git_remote *owner, void *param)
{
	static git_smart_subtransport_definition def = { sub_new, 0, NULL };

	(void)param;
	return git_transport_smart(out, owner, &def);
}
