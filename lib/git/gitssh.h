/*
 * gitssh.h: the ssh command that reaches a remote's git over ssh, as git
 * runs it (OpenSSH's ssh, the user's ~/.ssh/config, agent and
 * known_hosts), for gitpipe's transport.
 *
 * libgit2 1.5 speaks ssh through libssh2, whose socket no timeout
 * bounds and which knows nothing of ~/.ssh/config. ssh(1) is what the
 * user configured, checks the host key as it always does, and with
 * BatchMode=yes fails instead of asking.
 *
 *	struct gitssh_url u;
 *	if (gitssh_parse(url, &u) == 0) {
 *		char **argv = gitssh_argv(&u, "git-receive-pack", 60000);
 *		...run argv, speak git's protocol on its stdin and stdout...
 *		xstrv_free(argv);
 *		gitssh_url_free(&u);
 *	}
 */
#ifndef RELTOOLS_GITSSH_H
#define RELTOOLS_GITSSH_H

struct gitssh_url {
	char *host;		/* "[user@]host", as ssh takes it */
	char *port;		/* NULL: ssh's default */
	char *path;		/* the repository on the host */
};

/*
 * The parts of an ssh remote URL: ssh://[user@]host[:port]/path (also
 * git+ssh:// and ssh+git://; "/~user/..." is a path under a home) or
 * git's scp-like [user@]host:path. Returns 0, or -1 when url is no ssh
 * URL or names no host or path.
 */
int gitssh_parse(const char *url, struct gitssh_url *u);
void gitssh_url_free(struct gitssh_url *u);

/*
 * The command for service ("git-receive-pack" or "git-upload-pack") on
 * u: GIT_SSH_COMMAND run by sh as git does, else GIT_SSH, else ssh;
 * with -o BatchMode=yes and -o ConnectTimeout from limit_ms, then -p
 * PORT, "--", the host, and "service 'path'" quoted for the remote
 * shell. NULL-terminated; free with xstrv_free() (core/xalloc.h).
 */
char **gitssh_argv(const struct gitssh_url *u, const char *service,
    long long limit_ms);

#endif
