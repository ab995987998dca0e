/* relversion.c: release version arguments and tag names. */
#include <stdlib.h>

#include "release/relversion.h"
#include "core/strbuf.h"

int
relversion_parse(struct semver *v, const char *arg)
{
	if (arg[0] == 'v' && arg[1] >= '0' && arg[1] <= '9')
		arg++;
	return semver_parse_str(v, arg);
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
