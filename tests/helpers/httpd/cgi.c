/* cgi.c: run a CGI program for one request, make its answer HTTP. */
#define _GNU_SOURCE	/* memmem, memfd_create */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/readfile.h"
#include "core/xalloc.h"
#include "cgi.h"

extern char **environ;

/* environ, then name=value for each pair of vars (NULL values left out). */
static char **
cgi_env(const char *const *vars, struct strbuf *store, size_t nvars)
{
	char **env;
	size_t n = 0, i;

	for (i = 0; environ[i]; i++)
		;
	env = xcalloc(i + nvars + 1, sizeof(*env));
	for (i = 0; environ[i]; i++)
		env[n++] = environ[i];
	for (i = 0; i < nvars; i++) {
		if (vars[2 * i + 1] == NULL)
			continue;
		strbuf_addf(&store[i], "%s=%s", vars[2 * i], vars[2 * i + 1]);
		env[n++] = store[i].buf;
	}
	return env;
}

/* The CGI header block of raw (len bytes) made an HTTP head in out. */
static int
make_response(const char *raw, size_t len, struct strbuf *out)
{
	const char *p = raw, *end = raw + len, *eol, *body = NULL;
	struct strbuf hdrs = STRBUF_INIT;
	int status = 200;
	size_t l;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			break;
		l = (size_t)(eol - p);
		if (l && p[l - 1] == '\r')
			l--;
		if (l == 0) {
			body = eol + 1;
			break;
		}
		if (l > 7 && strncasecmp(p, "Status:", 7) == 0)
			status = atoi(p + 7);
		else
			strbuf_addf(&hdrs, "%.*s\r\n", (int)l, p);
		p = eol + 1;
	}
	if (body == NULL || status < 100 || status > 999) {
		strbuf_release(&hdrs);
		return -1;
	}
	strbuf_addf(out, "HTTP/1.1 %d CGI\r\n%sContent-Length: %zu\r\n\r\n",
	    status, strbuf_str(&hdrs), (size_t)(end - body));
	strbuf_add(out, body, (size_t)(end - body));
	strbuf_release(&hdrs);
	return 0;
}

int
cgi_run(const char *program, const struct cgi_request *req,
    struct strbuf *out)
{
	const char *q = strchr(req->target, '?');
	char *path = xstrndup(req->target, q ? (size_t)(q - req->target) :
	    strlen(req->target)), len[32];
	const char *vars[] = {
		"REQUEST_METHOD", req->method, "PATH_INFO", path,
		"QUERY_STRING", q ? q + 1 : "", "CONTENT_TYPE", req->content_type,
		"CONTENT_LENGTH", len, "GATEWAY_INTERFACE", "CGI/1.1",
		"SERVER_PROTOCOL", "HTTP/1.1", "REMOTE_ADDR", "127.0.0.1",
		"HTTP_GIT_PROTOCOL", req->git_protocol,
	};
	enum { NVARS = sizeof(vars) / sizeof(vars[0]) / 2 };
	struct strbuf store[NVARS], raw = STRBUF_INIT, empty = STRBUF_INIT;
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)program, NULL }, **env;
	int in = memfd_create("cgi-body", 0), pipefd[2] = { -1, -1 }, rc = -1;
	pid_t pid;
	size_t i;

	snprintf(len, sizeof(len), "%zu", req->body_len);
	for (i = 0; i < NVARS; i++)
		store[i] = empty;
	env = cgi_env(vars, store, NVARS);
	if (in < 0 || write(in, req->body, req->body_len) !=
	    (ssize_t)req->body_len || lseek(in, 0, SEEK_SET) != 0 ||
	    pipe(pipefd) != 0)
		goto cleanup;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	errno = posix_spawn(&pid, program, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (errno != 0)
		goto cleanup;
	close(pipefd[1]);
	pipefd[1] = -1;
	if (readfile_fd(pipefd[0], &raw) == 0)
		rc = 0;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (rc == 0)
		rc = make_response(raw.buf ? raw.buf : "", raw.len, out);
cleanup:
	if (rc != 0) {
		fprintf(stderr, "httpd: cgi %s: %s\n", program, errno ?
		    strerror(errno) : "no header block");
		strbuf_reset(out);
		strbuf_adds(out, "HTTP/1.1 500 CGI failed\r\n"
		    "Content-Length: 0\r\n\r\n");
	}
	if (in >= 0)
		close(in);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	for (i = 0; i < NVARS; i++)
		strbuf_release(&store[i]);
	strbuf_release(&raw);
	free(env);
	free(path);
	return rc;
}
