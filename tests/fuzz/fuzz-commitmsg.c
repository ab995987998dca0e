/*
 * fuzz-commitmsg.c: a commit-msg hook's message file on any bytes:
 * git's cleanup (msgcheck_strip()), the parser, and the check, as
 * rel-gitlog --message-file reads it.
 */
#include <stdint.h>
#include <string.h>

#include "core/strbuf.h"
#include "release/ccommit.h"
#include "release/msgcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf msg = STRBUF_INIT, again = STRBUF_INIT;
	struct cc_commit c;
	const char *why;
	size_t i;

	msgcheck_strip((const char *)data, size, &msg);
	/* Invariants: no comment line, no blank line at either end or two
	   in a row, no trailing blank on a line, every line ended. */
	if (msg.len && (msg.buf[msg.len - 1] != '\n' || msg.buf[0] == '\n' ||
	    msg.buf[0] == '#' || (msg.len > 1 && msg.buf[msg.len - 2] == '\n')))
		__builtin_trap();
	for (i = 0; i + 1 < msg.len; i++)
		if ((msg.buf[i] == '\n' && (msg.buf[i + 1] == '#' ||
		    (msg.buf[i + 1] == '\n' && i + 2 < msg.len &&
		    msg.buf[i + 2] == '\n'))) ||
		    ((msg.buf[i] == ' ' || msg.buf[i] == '\t') &&
		    msg.buf[i + 1] == '\n'))
			__builtin_trap();
	/* Cleaning a cleaned message changes nothing. */
	msgcheck_strip(msg.buf, msg.len, &again);
	if (again.len != msg.len || memcmp(again.buf, msg.buf, msg.len) != 0)
		__builtin_trap();
	cc_parse(&c, msg.buf, msg.len);
	why = msgcheck_problem(&c, MSGCHECK_HOOK);
	if (c.conventional && why != NULL)
		__builtin_trap();
	why = msgcheck_problem(&c, 0);
	if (why == NULL && !c.conventional && !c.revert)
		__builtin_trap();
	cc_free(&c);
	strbuf_release(&msg);
	strbuf_release(&again);
	return 0;
}
