/*
 * fuzz-rawcommit.c: a commit object's bytes, read and written as
 * rel-gitlog's JSON, which must always be valid JSON.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "release/gitlog.h"
#include "git/rawcommit.h"
#include "core/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
inside(struct rawcommit_span sp, const char *buf, size_t size)
{
	return sp.s >= buf && sp.s + sp.len <= buf + size;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct strbuf sb = STRBUF_INIT;
	struct rawcommit_span hex;
	struct gitlog_commit c;
	struct rawcommit raw;
	git_oid id;
	json_t *doc;
	size_t i;

	rawcommit_parse(&raw, buf, size);
	if (!inside(raw.author_name, buf, size) ||
	    !inside(raw.author_email, buf, size) ||
	    !inside(raw.encoding, buf, size) || !inside(raw.message, buf, size) ||
	    !inside(raw.parents, buf, size) || raw.author_time < 0 ||
	    raw.commit_time < 0)
		__builtin_trap();
	for (i = 0; i <= raw.nparents; i++) {
		hex = rawcommit_parent(&raw, i);
		if (hex.len != 0 && hex.len != 40 && hex.len != 64)
			__builtin_trap();
		if (i == raw.nparents && hex.len != 0)
			__builtin_trap();
	}

	memset(&id, 0xab, sizeof(id));
	gitlog_commit_read(&c, &id, buf, size);
	gitlog_commit_write(&sb, &c, 7);
	gitlog_verdict_write(&sb, SEMVER_BUMP_PATCH, NULL, NULL);
	doc = json_loadb(sb.buf, sb.len, JSON_ALLOW_NUL, NULL);
	if (doc == NULL || !json_is_object(doc) ||
	    json_object_size(doc) != 18 ||
	    json_is_true(json_object_get(doc, "merge")) != (raw.nparents > 1))
		__builtin_trap();
	json_decref(doc);
	gitlog_commit_free(&c);
	strbuf_release(&sb);
	return 0;
}
