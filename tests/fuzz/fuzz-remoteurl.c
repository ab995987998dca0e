/* fuzz-remoteurl.c: remote URL parsing and redaction on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forge/remoteurl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
part_ok(const char *s)
{
	return s && *s && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1), *red;
	struct remote_repo r;

	memcpy(url, data, size);
	url[size] = '\0';
	/* Owner and name go into API paths: only safe bytes, never "/". */
	if (remote_repo_parse(&r, url) == 0) {
		if (!part_ok(r.host) || !part_ok(r.owner) || !part_ok(r.name) ||
		    strcmp(r.owner, "..") == 0 || strcmp(r.name, "..") == 0)
			__builtin_trap();
		remote_repo_free(&r);
	}
	/* Redaction keeps the URL's start and never grows a password. */
	red = remote_url_redact(url);
	if (strchr(url, '@') == NULL && strcmp(red, url) != 0)
		__builtin_trap();
	free(red);
	/* The host that may get a token: no user, port, path or capital. */
	red = remote_url_host(url);
	if (red && (*red == '\0' || strpbrk(red,
	    "@:/?#ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
	    strstr(url, "://") == NULL))
		__builtin_trap();
	free(red);
	free(url);
	return 0;
}
