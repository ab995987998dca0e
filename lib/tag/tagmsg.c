/* tagmsg.c: the message of a release tag, and its notes. */
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tag/tagmsg.h"

char *
tagmsg_make(const char *tag, const char *notes, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\n\n", tag);
	strbuf_add(&sb, notes, len);
	if (sb.buf[sb.len - 1] != '\n')
		strbuf_addc(&sb, '\n');
	return strbuf_detach(&sb, NULL);
}

char *
tagmsg_notes(const char *msg)
{
	const char *p = strstr(msg, "\n\n"), *sig;
	size_t len;

	if (p == NULL)
		return xstrdup("");
	p += 2;
	len = strlen(p);
	sig = strstr(p, "-----BEGIN ");
	while (sig && sig != p && sig[-1] != '\n')
		sig = strstr(sig + 1, "-----BEGIN ");
	if (sig)
		len = (size_t)(sig - p);
	while (len && p[len - 1] == '\n')
		len--;
	return xstrndup(p, len);
}
