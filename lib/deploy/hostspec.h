/*
 * hostspec.h: the hosts deploy-slot reaches over ssh, as HOST, HOSTS and
 * --host give them: [user@]host[:port].
 *
 * user is letters, digits, '.', '_' and '-'; host a name of those (an
 * alias of ~/.ssh/config works) or an IPv6 address in brackets; port
 * 1 to 65535. Neither may start with '-' (ssh would read an option), and
 * nothing else is accepted: a host reaches ssh's argv and our messages
 * as written, never a shell.
 *
 *	struct deploy_host *hosts = NULL;
 *	size_t n = 0;
 *	char *error = NULL;
 *
 *	if (deploy_hosts_parse("deploy@web1,web2:2222", &hosts, &n,
 *	    &error) != 0)
 *		...error is "'x y' is not a host: ...", exit 2...
 *	deploy_hosts_release(hosts, n);
 */
#ifndef RELTOOLS_DEPLOY_HOSTSPEC_H
#define RELTOOLS_DEPLOY_HOSTSPEC_H

#include <stddef.h>

struct deploy_host {
	char *spec;	/* as written: "deploy@web1:2222", the host's label */
	char *dest;	/* what ssh connects to: "deploy@web1" ("[::1]" unbracketed) */
	int port;	/* 0: ssh's default or its configuration's */
};

/*
 * Parse one host spec into h. Returns 0, or -1 with *error a malloc'd
 * message (h then holds nothing).
 */
int deploy_host_parse(struct deploy_host *h, const char *spec, char **error);

/*
 * Parse a comma-separated list (no blanks, no empty entry, no host
 * twice) into a malloc'd array *hosts of *n. Returns 0, or -1 with
 * *error (*hosts NULL, *n 0).
 */
int deploy_hosts_parse(const char *list, struct deploy_host **hosts,
    size_t *n, char **error);

void deploy_host_release(struct deploy_host *h);
void deploy_hosts_release(struct deploy_host *hosts, size_t n);

#endif
