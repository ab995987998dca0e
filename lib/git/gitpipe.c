/* gitpipe.c: libgit2's smart transport over `git receive-pack DIR`. */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/transport.h>

#include "core/xalloc.h"
#include "git/gitpipe.h"

extern char **environ;

struct pipe_sub;

struct pipe_stream {
	git_smart_subtransport_stream parent;
	struct pipe_sub *sub;
	int fd;
	pid_t pid;
};

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

static int
stream_read(git_smart_subtransport_stream *s, char *buf, size_t size,
    size_t *bytes_read)
{
	struct pipe_stream *p = (struct pipe_stream *)s;
	ssize_t n;

	while ((n = recv(p->fd, buf, size, 0)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		git_error_set(GIT_ERROR_NET, "cannot read from git: %s",
		    strerror(errno));
		return -1;
	}
	*bytes_read = (size_t)n;
	return 0;
}

static int
stream_write(git_smart_subtransport_stream *s, const char *buf, size_t len)
{
	struct pipe_stream *p = (struct pipe_stream *)s;
	ssize_t n;

	while (len) {
		/* not write(2): git gone must be an error, not SIGPIPE */
		n = send(p->fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			git_error_set(GIT_ERROR_NET, "cannot write to git: %s",
			    strerror(errno));
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
stream_free(git_smart_subtransport_stream *s)
{
	struct pipe_stream *p = (struct pipe_stream *)s;

	/* git sees the end of its input and exits, freeing its locks. */
	close(p->fd);
	while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (p->sub->current == p)
		p->sub->current = NULL;
	free(p);
}

/* Run git SERVICE DIR on one end of a socket pair. */
static int
start(struct pipe_sub *t, const char *service, const char *dir)
{
	posix_spawn_file_actions_t fa;
	struct pipe_stream *p;
	char *argv[] = { "git", (char *)service, "--", (char *)dir, NULL };
	char **envp;
	size_t n = 0, i;
	int sv[2], err;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		git_error_set(GIT_ERROR_OS, "cannot run git %s: %s", service,
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
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, sv[1], STDOUT_FILENO);
	err = posix_spawnp(&p->pid, "git", &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	close(sv[1]);
	if (err != 0) {
		close(sv[0]);
		free(p);
		git_error_set(GIT_ERROR_OS, "cannot run git %s: %s", service,
		    strerror(err));
		return -1;
	}
	p->fd = sv[0];
	p->sub = t;
	p->parent.subtransport = &t->parent;
	p->parent.read = stream_read;
	p->parent.write = stream_write;
	p->parent.free = stream_free;
	t->current = p;
	return 0;
}

static int
sub_action(git_smart_subtransport_stream **out, git_smart_subtransport *s,
    const char *url, git_smart_service_t action)
{
	struct pipe_sub *t = (struct pipe_sub *)s;
	const char *dir = gitpipe_local_path(url);

	if (dir == NULL) {
		git_error_set(GIT_ERROR_NET, "'%s' is not a local path", url);
		return -1;
	}
	switch (action) {
	case GIT_SERVICE_UPLOADPACK_LS:
	case GIT_SERVICE_RECEIVEPACK_LS:
		if (t->current)
			stream_free(&t->current->parent);
		if (start(t, action == GIT_SERVICE_UPLOADPACK_LS ?
		    "upload-pack" : "receive-pack", dir) != 0)
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
