/* fuzz-gitssh.c: ssh remote URLs and the command made of them, on any
   bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "git/gitssh.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1), **argv;
	struct gitssh_url u;
	size_t n;

	memcpy(url, data, size);
	url[size] = '\0';
	if (gitssh_parse(url, &u) == 0) {
		/* A host never reads as an option, a port is digits. */
		if (u.host[0] == '\0' || u.host[0] == '-' || u.path[0] == '\0' ||
		    (u.port && (u.port[0] == '\0' ||
		    strspn(u.port, "0123456789") != strlen(u.port))))
			__builtin_trap();
		argv = gitssh_argv(&u, "git-upload-pack", 1500);
		/* "--", the host, then one word for the remote shell that
		   starts with the service and a quote. */
		for (n = 0; argv[n]; n++)
			;
		if (n < 3 || strcmp(argv[n - 3], "--") != 0 ||
		    strcmp(argv[n - 2], u.host) != 0 ||
		    strncmp(argv[n - 1], "git-upload-pack '", 17) != 0)
			__builtin_trap();
		xstrv_free(argv);
		gitssh_url_free(&u);
	}
	free(url);
	return 0;
}
