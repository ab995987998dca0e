/*
 * fuzz-probe_expr.c: --assert expressions on any bytes. Input
 * "EXPR\nBODY": parse EXPR; when it parses, evaluate it against a reply
 * whose body is BODY and check the verdict is well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * glibc's regcomp() takes memory exponential in nested repetitions
 * ("((a+)+)+", "(a{99}){99}"): patterns come from the operator's command
 * line, not from the network, so the fuzzer leaves such patterns alone.
 */
static int
heavy_regex(const char *s)
{
	int reps = 0;

	if (strchr(s, '~') == NULL)
		return 0;
	for (; *s; s++)
		reps += *s == '+' || *s == '*' || *s == '{';
	return reps > 4;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, '\n', size);
	size_t elen = cut ? (size_t)(cut - data) : size;
	char *text = malloc(elen + 1);
	struct probe_expr e;
	struct probe_reply r;
	struct strbuf err = STRBUF_INIT, msg = STRBUF_INIT;
	json_t *actual = NULL;
	int held;

	if (text == NULL)
		return 0;
	memcpy(text, data, elen);
	text[elen] = '\0';
	if (heavy_regex(text))
		goto done;
	if (probe_expr_parse(&e, text, &err) != 0) {
		/* A refusal always says why. */
		if (err.len == 0)
			__builtin_trap();
		goto done;
	}
	if (e.subject_text == NULL || strcmp(e.text, text) != 0)
		__builtin_trap();
	probe_reply_init(&r);
	r.status = 200;
	r.time_ms = 1.5;
	r.body = cut ? (const char *)cut + 1 : "";
	r.body_len = r.size = cut ? size - elen - 1 : 0;
	r.headers = "Content-Type: application/json\nX-A: b\nx-a: c\n";
	r.headers_len = strlen(r.headers);
	held = probe_expr_eval(&e, &r, &actual, &msg);
	/* A failure has a message that starts with the subject, and a value. */
	if (!held && (actual == NULL || msg.len == 0 ||
	    strncmp(msg.buf, e.subject_text, strlen(e.subject_text)) != 0))
		__builtin_trap();
	if (held && (actual != NULL || msg.len != 0))
		__builtin_trap();
	json_decref(actual);
	probe_reply_release(&r);
	probe_expr_release(&e);
done:
	strbuf_release(&err);
	strbuf_release(&msg);
	free(text);
	return 0;
}
