/* relversion.c: release version arguments and tag names. */
#include <stdlib.h>
#include <string.h>

#include "release/relversion.h"
#include "core/strbuf.h"

int
relversion_parse(struct semver *v, const char *arg, const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;

	if (n && strncmp(arg, prefix, n) == 0 &&
	    semver_parse_str(v, arg + n) == 0)
		return 0;
	if (arg[0] == 'v' && arg[1] >= '0' && arg[1] <= '9')
		arg++;
	return semver_parse_str(v, arg);
}

char *
relversion_canonical(const char *arg, const char *prefix)
{
	struct semver v = SEMVER_INIT;
	char *s;

	if (relversion_parse(&v, arg, prefix) != 0)
		return NULL;
	s = semver_format(&v);
	semver_free(&v);
	return s;
}

char *
relversion_tag(const char *prefix, const struct semver *v)
{
	struct strbuf sb = STRBUF_INIT;
	char *s = semver_format(v);

	strbuf_addf(&sb, "%s%s", prefix, s);
	free(s);
	return strbuf_detach(&sb, NULL);
}
