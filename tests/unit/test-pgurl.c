/* test-pgurl.c: DATABASE_URL split so its password travels apart. */
#include <stdlib.h>
#include <string.h>

#include "deploy/pgurl.h"
#include "tap.h"

#define S(x) ((x) ? (x) : "(null)")

static void
good(const char *url, const char *safe, const char *password,
    const char *user, const char *host, const char *port, const char *db)
{
	struct pgurl u = PGURL_INIT;
	char *error = NULL;

	ok(pgurl_parse(&u, url, &error) == 0, "parses: %s", url);
	is_str(S(u.safe), safe, "  without its password");
	is_str(S(u.password), S(password), "  password");
	is_str(S(u.user), S(user), "  user");
	is_str(S(u.host), S(host), "  host");
	is_str(S(u.port), S(port), "  port");
	is_str(S(u.dbname), S(db), "  database");
	pgurl_release(&u);
	free(error);
}

static void
bad(const char *url, const char *want, const char *secret)
{
	struct pgurl u = PGURL_INIT;
	char *error = NULL;

	ok(pgurl_parse(&u, url, &error) == -1, "refused: %s", url);
	is_str(S(error), want, "  says why");
	ok(error && strstr(error, secret) == NULL, "  never quoting '%s'",
	    secret);
	ok(u.safe == NULL && u.password == NULL, "  and keeps nothing");
	free(error);
}

int
main(void)
{
	good("postgresql://app:s3cr%40t@127.0.0.1:5432/appdb?sslmode=disable",
	    "postgresql://app@127.0.0.1:5432/appdb?sslmode=disable",
	    "s3cr@t", "app", "127.0.0.1", "5432", "appdb");
	good("postgres://app@/appdb?host=/tmp/pg%20dir&password=hunter2&application_name=x",
	    "postgres://app@/appdb?host=/tmp/pg%20dir&application_name=x",
	    "hunter2", "app", "/tmp/pg dir", NULL, "appdb");
	good("postgresql://app:pw@%2Frun%2Fpostgresql/appdb",
	    "postgresql://app@%2Frun%2Fpostgresql/appdb",
	    "pw", "app", "/run/postgresql", NULL, "appdb");
	good("postgresql://[::1]:5433,db2:5434/x?target_session_attrs=read-write",
	    "postgresql://[::1]:5433,db2:5434/x?target_session_attrs=read-write",
	    NULL, NULL, "::1", "5433", "x");
	good("postgresql://", "postgresql://", NULL, NULL, NULL, NULL, NULL);
	good("postgresql://:only@h/d?password=second",
	    "postgresql://@h/d", "second", NULL, "h", NULL, "d");
	good("postgresql://u:@h:/d?&dbname=other&user=v",
	    "postgresql://u@h:/d?dbname=other&user=v", "", "v", "h", NULL,
	    "other");

	bad("mysql://u:hunter2@h/db", "not a postgresql:// or postgres:// URL",
	    "hunter2");
	bad("postgresql://u:p@zq9@host/db", "an '@' after the user information "
	    "(write '@' in a password as %40)", "zq9");
	bad("postgresql://u:hunter2%zz@h/db", "a bad %-escape in the password",
	    "hunter2");
	bad("postgresql://u:hunter2%@h/db", "a bad %-escape in the password",
	    "hunter2");
	bad("postgresql://u:hunter2%00@h/db",
	    "an encoded NUL byte (%00) in the password", "hunter2");
	bad("postgresql://u:hunter2@h:99999/db",
	    "a port that is not a number from 1 to 65535", "hunter2");
	bad("postgresql://u:hunter2@h:54x/db",
	    "a port that is not a number from 1 to 65535", "hunter2");
	bad("postgresql://u:hunter2@[::1/db",
	    "an unterminated [IPv6 address] in the host", "hunter2");
	bad("postgresql://u:hunter2@h/db?=x", "an empty parameter name in "
	    "the query", "hunter2");
	bad("postgresql://h/db?password", "a query parameter without '='",
	    "password");
	bad("postgresql://h/db?password=hunter2%4", "a bad %-escape in the "
	    "password", "hunter2");
	bad("postgresql://h/db?a=1&b?password=hunter2", "a second '?' in the "
	    "query", "hunter2");
	return tap_done();
}
