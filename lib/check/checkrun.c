/* checkrun.c: the list of checks of a rel-check run. */
#include <stdarg.h>
#include <string.h>

#include "check/checkrun.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/strbuf.h"

void
relcheck_add(struct relcheck *rc, const char *name, const char *status,
    const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct relcheck_check *c;
	va_list ap;
	char *detail, *p;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	detail = sb.buf;
	ALLOC_GROW(rc->res->checks, rc->res->nchecks + 1, rc->res->alloc);
	c = &rc->res->checks[rc->res->nchecks++];
	c->name = xstrdup(name);
	c->status = xstrdup(status);
	c->detail = xstrdup(detail);
	/* One line per check on stderr, whatever a server or a file said:
	 * no newline, no terminal escape. */
	for (p = detail; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	if (strcmp(status, "fail") == 0) {
		rc->res->failed++;
		errmsg("fail %s: %s", name, detail);
	} else if (strcmp(status, "warn") == 0) {
		errmsg("warn %s: %s", name, detail);	/* even under -q */
	} else {
		progress("%-4s %s: %s", status, name, detail);
	}
	strbuf_release(&sb);
}
