/*
 * pgurl.h: a DATABASE_URL taken apart so that its password can travel
 * apart from it.
 *
 *	postgresql://[user[:password]@][host][:port][,host2[:port2]...][/dbname][?k=v&...]
 *	postgres://...                      (the same)
 *	postgresql://app@/appdb?host=/run/postgresql   (unix socket directory)
 *	postgresql://app@%2Frun%2Fpostgresql/appdb     (the same, host encoded)
 *
 * pg_dump, pg_restore and psql get `safe` as their -d argument (libpq
 * takes a URL there) and the password as PGPASSWORD in their environment,
 * so it never reaches argv (ps, /proc/PID/cmdline), a log or a message.
 * `safe` is the URL as written with the password removed, from the
 * userinfo (":password") and from a "password=" query parameter alike;
 * every other byte is kept, so libpq reads the same options.
 *
 *	struct pgurl u = PGURL_INIT;
 *	char *error = NULL;
 *
 *	if (pgurl_parse(&u, getenv("DATABASE_URL"), &error) != 0)
 *		errmsg("DATABASE_URL: %s", error);	// never quotes the password
 *	else
 *		...u.safe, u.password (NULL: none), u.user, u.dbname...
 *	pgurl_release(&u);
 *	free(error);
 */
#ifndef RELTOOLS_DEPLOY_PGURL_H
#define RELTOOLS_DEPLOY_PGURL_H

struct pgurl {
	char *safe;	/* the URL without its password */
	char *password;	/* percent-decoded; NULL when the URL has none */
	char *user;	/* percent-decoded; NULL: none given */
	char *host;	/* first host, decoded, or ?host=; NULL: default */
	char *port;	/* first port as written; NULL: default */
	char *dbname;	/* decoded path or ?dbname=; NULL: default */
};

#define PGURL_INIT { NULL, NULL, NULL, NULL, NULL, NULL }

/*
 * Parse url (NUL-terminated) into u (empty it first with PGURL_INIT or
 * pgurl_release()). Returns 0, or -1 with *error a malloc'd message that
 * never contains any part of the URL: not postgresql:// or postgres://,
 * a bad %-escape, a NUL byte decoded, an unterminated [IPv6] host, a port
 * that is not a number from 1 to 65535, an empty query key, or a second
 * '@' (a password's unencoded '@', whose end libpq would take for a host).
 */
int pgurl_parse(struct pgurl *u, const char *url, char **error);

void pgurl_release(struct pgurl *u);

#endif
