/*
 * remote.h: deploy-slot run on other hosts over ssh, several at once.
 *
 * Each host runs
 *
 *	ssh [-F SSH_CONFIG] -o BatchMode=yes -o ConnectTimeout=N [-p PORT] \
 *	    -- DEST \
 *	    "deploy-slot '-e' 'ENV' '-c' 'REMOTE_CONFIG' ..."
 *
 * as an argv vector: the one string ssh hands the remote shell is built
 * here from words each quoted for a POSIX shell (words_quote()), never
 * from user text as it stands. No secret is ever an argument: the hosts
 * hold their own. BatchMode: ssh asks nothing (no password, no unknown
 * host key), it fails.
 *
 * Each ssh runs in a process group of its own: a ^C at the terminal
 * reaches us alone, and we decide what the hosts do next.
 *
 * While the children run, each line they write on stderr is passed on
 * at once to ours as "HOST: line"; their stdout (the document) is kept
 * whole.
 *
 *	struct remote_cmd cmd[2];
 *
 *	remote_start(&cmd[0], c, &c->hosts[0], args, 0);
 *	remote_start(&cmd[1], c, &c->hosts[1], args, 0);
 *	remote_wait(cmd, 2, REMOTE_UNTIL_EXIT);
 *	...remote_outcome(&cmd[i], &msg), cmd[i].out...
 *	remote_release(&cmd[0]); remote_release(&cmd[1]);
 */
#ifndef RELTOOLS_DEPLOY_REMOTE_H
#define RELTOOLS_DEPLOY_REMOTE_H

#include <sys/types.h>

#include "core/strbuf.h"
#include "deploy/config.h"

struct remote_cmd {
	const struct deploy_host *host;
	pid_t pid;		/* 0: not started (start_error says why) */
	int in, out, err;	/* our ends; -1 once closed */
	struct strbuf outbuf;	/* all it wrote on stdout */
	struct strbuf errline;	/* the stderr line not yet ended */
	struct strbuf errall;	/* all it wrote on stderr */
	int exited;
	int status;		/* exit status; -1 killed by a signal */
	char *start_error;	/* why it could not be started */
};

/*
 * The string ssh hands the remote shell: "deploy-slot" and each of args
 * (NULL terminated) quoted, into out.
 */
void remote_command_line(struct strbuf *out, const char *const *args);

/*
 * Start deploy-slot with args on host h. keep_stdin: its stdin is a pipe
 * we hold open (remote_close_stdin() ends it) rather than /dev/null.
 * Returns 0, or -1 with cmd->start_error set (cmd still needs release).
 */
int remote_start(struct remote_cmd *cmd, const struct deploy_config *c,
    const struct deploy_host *h, const char *const *args, int keep_stdin);

enum remote_until {
	REMOTE_UNTIL_EXIT,	/* every child has exited */
	REMOTE_UNTIL_LINE	/* every child has exited or ended a line on stdout */
};

/* Read all n children (passing stderr on) until each is as until says. */
void remote_wait(struct remote_cmd *cmds, size_t n, enum remote_until until);

/* Close the child's stdin (its end-of-file). */
void remote_close_stdin(struct remote_cmd *cmd);

/*
 * How an exited child ended: its exit status (0 to 3) when deploy-slot
 * ran there and wrote its document; else 3 with msg saying what went
 * wrong and what to do (unreachable, key refused, host key, deploy-slot
 * missing, no document).
 */
int remote_outcome(struct remote_cmd *cmd, struct strbuf *msg);

/* Kill (SIGTERM) a child still running, wait for it, free it all. */
void remote_release(struct remote_cmd *cmd);

#endif
