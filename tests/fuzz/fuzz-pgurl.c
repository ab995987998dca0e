/* fuzz-pgurl.c: DATABASE_URL parsing on any bytes; the password never stays. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/pgurl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1), *error = NULL, *query;
	struct pgurl u = PGURL_INIT, again = PGURL_INIT;

	memcpy(url, data, size);
	url[size] = '\0';
	if (pgurl_parse(&u, url, &error) == 0) {
		/*
		 * The URL without its password parses to itself, with no
		 * password and the same user, host, port and database.
		 */
		if (error != NULL || u.safe == NULL ||
		    strncmp(u.safe, url, 11) != 0 ||
		    pgurl_parse(&again, u.safe, &error) != 0 ||
		    again.password != NULL || strcmp(again.safe, u.safe) != 0 ||
		    (u.user == NULL) != (again.user == NULL) ||
		    (u.user && strcmp(u.user, again.user) != 0) ||
		    (u.host == NULL) != (again.host == NULL) ||
		    (u.host && strcmp(u.host, again.host) != 0) ||
		    (u.dbname == NULL) != (again.dbname == NULL) ||
		    (u.dbname && strcmp(u.dbname, again.dbname) != 0))
			__builtin_trap();
		/* No "password" parameter survives in the query. */
		query = strchr(u.safe, '?');
		if (query && (strncmp(query, "?password=", 10) == 0 ||
		    strstr(query, "&password=")))
			__builtin_trap();
		pgurl_release(&again);
		pgurl_release(&u);
	} else if (error == NULL || u.safe != NULL) {
		__builtin_trap();
	}
	free(error);
	free(url);
	return 0;
}
