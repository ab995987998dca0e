/* gitlog.c: the commits of a range, parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/diag.h"
#include "release/gitlog.h"
#include "core/jsonout.h"
#include "git/rawcommit.h"
#include "git/treepaths.h"
#include "core/recode.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

int
gitlog_start(struct gitlog *gl, git_repository *repo, const git_oid *to,
    const git_oid *hide, int merges)
{
	memset(gl, 0, sizeof(*gl));
	gl->repo = repo;
	gl->merges = merges;
	return commitwalk_start(&gl->walk, repo, to, hide);
}

void
gitlog_only_paths(struct gitlog *gl, const char *const *paths, size_t n)
{
	gl->paths = paths;
	gl->npaths = n;
}

/* A span of a commit in charset as a malloc'd string, UTF-8 if it can be. */
static char *
text_in(const char *charset, struct rawcommit_span sp, size_t *len)
{
	char *utf8;

	if (charset && (utf8 = recode_to_utf8(charset, sp.s, sp.len, len)))
		return utf8;
	*len = sp.len;
	utf8 = xmalloc(sp.len + 1);	/* NUL bytes too: ccommit.c shows them */
	memcpy(utf8, sp.s, sp.len);
	utf8[sp.len] = '\0';
	return utf8;
}

void
gitlog_commit_read(struct gitlog_commit *c, const git_oid *id,
    const char *buf, size_t size)
{
	struct rawcommit raw_commit, *raw = &raw_commit;
	char *charset = NULL, *msg;
	size_t len;

	memset(c, 0, sizeof(*c));
	rawcommit_parse(raw, buf, size);
	if (raw->encoding.len) {
		charset = xstrndup(raw->encoding.s, raw->encoding.len);
		if (recode_is_utf8(charset)) {
			free(charset);
			charset = NULL;
		}
	}
	git_oid_cpy(&c->id, id);
	git_oid_tostr(c->hex, sizeof(c->hex), id);
	c->author_name = text_in(charset, raw->author_name, &len);
	c->author_email = text_in(charset, raw->author_email, &len);
	c->time = raw->author_time;
	c->merge = raw->nparents > 1;
	msg = text_in(charset, raw->message, &len);
	cc_parse(&c->cc, msg, len);
	free(msg);
	free(charset);
}

int
gitlog_next(struct gitlog *gl, struct gitlog_commit *c)
{
	git_odb_object *obj;
	git_oid id;
	int rc, touched;

	memset(c, 0, sizeof(*c));
	while ((rc = commitwalk_next(&gl->walk, &id, &obj)) > 0) {
		gitlog_commit_read(c, &id, git_odb_object_data(obj),
		    git_odb_object_size(obj));
		git_odb_object_free(obj);
		touched = !gl->merges && c->merge ? 0 : gl->npaths == 0 ? 1 :
		    treepaths_touched(gl->repo, &id, gl->paths, gl->npaths);
		if (touched != 0) {
			if (touched < 0)
				gitlog_commit_free(c);
			return touched;
		}
		gitlog_commit_free(c);
	}
	return rc;
}

void
gitlog_warn_footer(const struct gitlog_commit *c, int abbrev)
{
	const char *token;

	if (!c->cc.conventional && (token = cc_breaking_footer(&c->cc)))
		warnmsg("commit %.*s has a '%s' footer under a header that is "
		    "not conventional: not counted as breaking", abbrev, c->hex,
		    token);
}

void
gitlog_commit_free(struct gitlog_commit *c)
{
	free(c->author_name);
	free(c->author_email);
	cc_free(&c->cc);
	memset(c, 0, sizeof(*c));
}

void
gitlog_end(struct gitlog *gl)
{
	commitwalk_end(&gl->walk);
}

void
gitlog_format_date(char *buf, size_t size, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "%lld", t);
}

/* ,"key": with the comma unless first */
static void
key(struct strbuf *sb, const char *k)
{
	if (sb->len > 1)
		strbuf_addc(sb, ',');
	strbuf_addc(sb, '"');
	strbuf_adds(sb, k);
	strbuf_add(sb, "\":", 2);
}

static void
put_str(struct strbuf *sb, const char *k, const char *v)
{
	key(sb, k);
	json_quotez(sb, v);
}

static void
put_bool(struct strbuf *sb, const char *k, int v)
{
	key(sb, k);
	strbuf_adds(sb, v ? "true" : "false");
}

void
gitlog_commit_write(struct strbuf *sb, const struct gitlog_commit *c,
    int abbrev)
{
	const struct cc_commit *cc = &c->cc;
	char date[32];
	size_t i;

	strbuf_reset(sb);
	strbuf_addc(sb, '{');
	put_str(sb, "id", c->hex);
	key(sb, "short");
	json_quote(sb, c->hex, (size_t)abbrev);
	key(sb, "author");
	strbuf_adds(sb, "{\"name\":");
	json_quotez(sb, c->author_name);
	strbuf_adds(sb, ",\"email\":");
	json_quotez(sb, c->author_email);
	strbuf_addc(sb, '}');
	gitlog_format_date(date, sizeof(date), c->time);
	put_str(sb, "date", date);
	put_str(sb, "header", cc->header);
	put_str(sb, "type", cc->type);
	put_str(sb, "scope", cc->scope);
	put_bool(sb, "breaking", cc->breaking);
	put_str(sb, "description", cc->description);
	put_str(sb, "body", cc->body);
	key(sb, "footers");
	strbuf_addc(sb, '[');
	for (i = 0; i < cc->nfooters; i++) {
		strbuf_adds(sb, i ? ",{\"token\":" : "{\"token\":");
		json_quotez(sb, cc->footers[i].token);
		strbuf_adds(sb, ",\"separator\":");
		json_quotez(sb, cc->footers[i].separator);
		strbuf_adds(sb, ",\"value\":");
		json_quotez(sb, cc->footers[i].value);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, ']');
	put_bool(sb, "conventional", cc->conventional);
	put_bool(sb, "merge", c->merge);
	put_bool(sb, "revert", cc->revert);
	put_str(sb, "reverts", cc->reverts);
}

void
gitlog_verdict_write(struct strbuf *sb, enum semver_bump bump,
    const char *cancels, const char *cancelled_by)
{
	put_str(sb, "bump", semver_bump_name(bump));
	put_str(sb, "cancels", cancels);
	put_str(sb, "cancelled_by", cancelled_by);
	strbuf_addc(sb, '}');
}
