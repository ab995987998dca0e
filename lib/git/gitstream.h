/*
 * gitstream.h: a bounded wait for every connection libgit2 opens itself
 * (http://, https:// and git:// remotes).
 *
 * libgit2 1.5 has no timeout of its own (GIT_OPT_SET_SERVER_TIMEOUT came
 * in 1.7): a server that accepts the connection and never answers blocks
 * it forever. gitstream registers a socket stream with libgit2 that
 * connects without blocking and waits at most the limit for each
 * connection, each read and each write, then fails the operation.
 *
 *	gitstream_use(&error);	// before each connection
 *	if (git_remote_push(...) != 0 && gitstream_timed_out())
 *		errmsg("%s", gitstream_timed_out());
 *
 * The limit is RELTOOLS_GIT_TIMEOUT (seconds, or a duration as 500ms or
 * 2m; more than 0), else GITSTREAM_DEFAULT_SECS. ssh remotes do not go
 * through libgit2's sockets but through ssh(1) (gitpipe.h), which waits
 * the same limit and says so here.
 */
#ifndef RELTOOLS_GITSTREAM_H
#define RELTOOLS_GITSTREAM_H

#define GITSTREAM_DEFAULT_SECS 60

/*
 * Use the bounded stream for the connections libgit2 makes next.
 * Returns 0, or -1 when RELTOOLS_GIT_TIMEOUT is not a duration (*error
 * says so, malloc'd).
 */
int gitstream_use(char **error);

/* The limit gitstream_use() read, in milliseconds. */
long long gitstream_limit_ms(void);

/* Note (and set as libgit2's error) that where ("HOST:PORT", "ssh
 * HOST") did not answer within the limit while we were doing what. */
void gitstream_say_timed_out(const char *where, const char *what);

/* What the last connection waited for in vain ("no answer from HOST:PORT
 * within 5 s (waiting for its reply)"), or NULL; cleared by
 * gitstream_use(). */
const char *gitstream_timed_out(void);

#endif
