/* gitlocal.c: libgit2 without the CA bundle, for local repositories. */
#define _GNU_SOURCE	/* RTLD_NEXT */
#include <dlfcn.h>
#include <stddef.h>

#include "git/gitlocal.h"

struct mbedtls_x509_crt;

/* Exported by the executable in place of libmbedx509's (gitlocal.h). */
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
    const char *path);

static int local_only;

void
gitlocal_only(void)
{
	local_only = 1;
}

int
mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	int (*parse)(struct mbedtls_x509_crt *, const char *);

	if (local_only)
		return 0;
	*(void **)&parse = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return parse ? parse(chain, path) : -1;
}
