/* gitlog.c: the commits of a range, parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "gitlog.h"
#include "jsonout.h"
#include "recode.h"

int
gitlog_start(struct gitlog *gl, git_repository *repo, const git_oid *to,
    const git_oid *hide, int merges)
{
	memset(gl, 0, sizeof(*gl));
	gl->repo = repo;
	gl->merges = merges;
	/* Each commit is read once: caching them would only grow memory. */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	if (git_revwalk_new(&gl->walk, repo) < 0 ||
	    git_revwalk_push(gl->walk, to) < 0 ||
	    (hide && git_revwalk_hide(gl->walk, hide) < 0)) {
		gitlog_end(gl);
		return -1;
	}
	return 0;
}

/* s in charset as a malloc'd string, converted to UTF-8 when it can be. */
static char *
text_in(const char *charset, const char *s, size_t *len)
{
	char *utf8;

	*len = strlen(s);
	if (!recode_is_utf8(charset) &&
	    (utf8 = recode_to_utf8(charset, s, *len, len)) != NULL)
		return utf8;
	return xstrndup(s, *len);
}

static void
read_commit(struct gitlog_commit *c, const git_commit *commit)
{
	const char *charset = git_commit_message_encoding(commit);
	const git_signature *author = git_commit_author(commit);
	char *msg;
	size_t len;

	git_oid_cpy(&c->id, git_commit_id(commit));
	git_oid_tostr(c->hex, sizeof(c->hex), &c->id);
	c->author_name = text_in(charset, author->name, &len);
	c->author_email = text_in(charset, author->email, &len);
	c->time = (long long)author->when.time;
	c->merge = git_commit_parentcount(commit) > 1;
	msg = text_in(charset, git_commit_message(commit), &len);
	cc_parse(&c->cc, msg, len);
	free(msg);
}

int
gitlog_next(struct gitlog *gl, struct gitlog_commit *c)
{
	git_commit *commit = NULL;
	git_oid oid;
	int rc;

	memset(c, 0, sizeof(*c));
	for (;;) {
		rc = git_revwalk_next(&oid, gl->walk);
		if (rc == GIT_ITEROVER)
			return 0;
		if (rc < 0 || git_commit_lookup(&commit, gl->repo, &oid) < 0)
			return -1;
		if (gl->merges || git_commit_parentcount(commit) < 2)
			break;
		git_commit_free(commit);
	}
	read_commit(c, commit);
	git_commit_free(commit);
	return 1;
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
	git_revwalk_free(gl->walk);
	gl->walk = NULL;
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

static json_t *
footers_json(const struct cc_commit *cc)
{
	json_t *a = json_array(), *f;
	size_t i;

	if (a == NULL)
		die_oom();
	for (i = 0; i < cc->nfooters; i++) {
		if ((f = json_object()) == NULL)
			die_oom();
		json_put(f, "token", json_strz(cc->footers[i].token));
		json_put(f, "separator", json_strz(cc->footers[i].separator));
		json_put(f, "value", json_strz(cc->footers[i].value));
		json_push(a, f);
	}
	return a;
}

json_t *
gitlog_commit_json(const struct gitlog_commit *c, int abbrev)
{
	const struct cc_commit *cc = &c->cc;
	json_t *o = json_object(), *author = json_object();
	char date[32];

	if (o == NULL || author == NULL)
		die_oom();
	json_put(o, "id", json_strz(c->hex));
	json_put(o, "short", json_text(c->hex, (size_t)abbrev));
	json_put(author, "name", json_strz(c->author_name));
	json_put(author, "email", json_strz(c->author_email));
	json_put(o, "author", author);
	gitlog_format_date(date, sizeof(date), c->time);
	json_put(o, "date", json_strz(date));
	json_put(o, "header", json_strz(cc->header));
	json_put(o, "type", json_strz(cc->type));
	json_put(o, "scope", json_strz(cc->scope));
	json_put(o, "breaking", json_boolean(cc->breaking));
	json_put(o, "description", json_strz(cc->description));
	json_put(o, "body", json_strz(cc->body));
	json_put(o, "footers", footers_json(cc));
	json_put(o, "conventional", json_boolean(cc->conventional));
	json_put(o, "merge", json_boolean(c->merge));
	json_put(o, "revert", json_boolean(cc->revert));
	json_put(o, "reverts", json_strz(cc->reverts));
	return o;
}
