/*
 * proc.h: running another program the Unix way, never through a shell.
 *
 * The tools compose by running each other as subprocesses (rel-check runs
 * rel-gitlog and rel-changelog, rel-tag runs rel-changelog, deploy-slot
 * runs configured commands). Arguments travel as an argv vector, so no
 * value is ever parsed by a shell; data travels on stdin.
 *
 *	char *path = proc_find_tool("rel-gitlog");
 *	const char *argv[] = { path, "-C", dir, NULL };
 *	struct proc_result r = PROC_RESULT_INIT;
 *
 *	if (path == NULL)
 *		...not installed...
 *	if (proc_run(argv, NULL, 0, &r) != 0)
 *		errmsg_errno("cannot run '%s'", path);
 *	else if (r.status == 0)
 *		...use r.out.buf (r.out.len bytes)...
 *	proc_result_release(&r);
 *	free(path);
 *
 * The child inherits our environment and working directory; its stdout
 * and stderr are captured whole in memory (both are read concurrently
 * with writing its stdin, so no pipe can fill up and deadlock).
 */
#ifndef RELTOOLS_PROC_H
#define RELTOOLS_PROC_H

#include <stddef.h>

#include "core/strbuf.h"

struct proc_result {
	int status;		/* exit status 0-255; -1 when killed */
	int signal;		/* the signal that killed it, or 0 */
	struct strbuf out;	/* everything it wrote on stdout */
	struct strbuf err;	/* everything it wrote on stderr */
};

#define PROC_RESULT_INIT { -1, 0, STRBUF_INIT, STRBUF_INIT }

/*
 * Where the sibling tool name is: first the directory of the running
 * executable (/proc/self/exe), so an installed or freshly built suite
 * uses its own tools, then each directory of PATH. Returns a malloc'd
 * path to an executable file, or NULL when there is none.
 */
char *proc_find_tool(const char *name);

/*
 * Run argv[0] (a path; no PATH search) with arguments argv[1..] (NULL
 * terminated). The child reads in (inlen bytes; in == NULL means
 * /dev/null) on its stdin. Waits for it and fills res (release it with
 * proc_result_release() in every case). Returns 0 once the child ran to
 * its end, whatever its exit status; -1 with errno set when it could not
 * be started (ENOENT, EACCES, ...) or waited for.
 */
int proc_run(const char *const argv[], const char *in, size_t inlen,
    struct proc_result *res);

/*
 * Run the sibling tool name (found by proc_find_tool()) with arguments
 * args (NULL terminated, without argv[0]) as proc_run() does. Returns 0
 * once it ran, whatever its exit status; -1 with *error a malloc'd
 * message for people when it cannot be found or started ("cannot find
 * 'rel-gitlog' next to 'rel-check' or in PATH"). *error is NULL on 0.
 */
int proc_run_tool(const char *name, const char *const args[],
    const char *in, size_t inlen, struct proc_result *res, char **error);

/*
 * proc_run() with a changed environment: each entry of env (NULL
 * terminated; env NULL: none) is "NAME=value", set in the child's
 * environment (replacing an inherited NAME), or "NAME" alone, removed
 * from it. Our own environment is untouched. This is how a secret
 * (PGPASSWORD) reaches a child without appearing in its argv.
 */
int proc_run_env(const char *const argv[], const char *const env[],
    const char *in, size_t inlen, struct proc_result *res);

/*
 * The environment our own merged with changes as proc_run_env() takes
 * them: a malloc'd NULL-terminated vector of malloc'd "NAME=value"
 * strings (free with xstrv_free()), for posix_spawn() or execve().
 */
char **proc_env_merge(const char *const env[]);

/*
 * The program name (without a '/') found in the directories of PATH, as
 * execvp() would find it: a malloc'd path, or NULL when there is none.
 */
char *proc_find_program(const char *name);

/* Free what res holds; it can be reused after PROC_RESULT_INIT. */
void proc_result_release(struct proc_result *res);

/*
 * pipe(), both ends close-on-exec, so that no other child we start
 * inherits them (a child that kept a write end would hold its reader's
 * end of file back). 0, or -1 with errno set.
 */
int proc_pipe(int fd[2]);

/*
 * The first line of what the child said on stderr, without its trailing
 * newline (its message for people); when it said nothing, how it ended
 * ("exit status 3, no message"). Points into res->err, which it modifies.
 */
const char *proc_first_error(struct proc_result *res);

#endif
