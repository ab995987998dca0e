/* publish.c: the GitHub release of a tag and its assets, resumable. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "forge/ghrelease.h"
#include "tag/publish.h"

#define SUMS_NAME "SHA256SUMS"

/* One run against the API. */
struct pubrun {
	struct publish *pb;
	const struct gh_api *api;
	void (*plan)(void *arg, const char *step);
	void *arg;
	struct gh_release rel;
	struct gh_assets have;	/* the release's assets */
	char *error;
};

void
publish_init(struct publish *pb, const struct publish_opts *o)
{
	memset(pb, 0, sizeof(*pb));
	pb->o = o;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static struct publish_asset *
add_asset(struct publish *pb, const char *path, const char *name)
{
	struct publish_asset *a;

	pb->res.assets = xrealloc(pb->res.assets, (pb->res.nassets + 1) *
	    sizeof(*pb->res.assets));
	a = &pb->res.assets[pb->res.nassets++];
	memset(a, 0, sizeof(*a));
	a->path = path;
	a->name = xstrdup(name);
	return a;
}

int
publish_check_assets(struct publish *pb)
{
	struct strbuf sums = STRBUF_INIT;
	struct publish_asset *a;
	struct sha256 h;
	struct stat st;
	size_t i, j;
	const char *name, *path;
	int rc = EXIT_USAGE;

	for (i = 0; i < pb->o->nfiles; i++) {
		path = pb->o->files[i];
		name = base_name(path);
		if (*name == '\0' || strcmp(name, SUMS_NAME) == 0) {
			errmsg("asset '%s': a file whose name is not '%s' is "
			    "wanted (rel-tag makes that one)", path, SUMS_NAME);
			goto cleanup;
		}
		for (j = 0; j < pb->res.nassets; j++)
			if (strcmp(pb->res.assets[j].name, name) == 0) {
				errmsg("assets '%s' and '%s' have the same name "
				    "'%s': a release holds one asset a name",
				    pb->res.assets[j].path, path, name);
				goto cleanup;
			}
		a = add_asset(pb, path, name);
		errno = 0;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    sha256_file(path, a->sha256) != 0) {
			if (errno == 0)
				errno = EISDIR;
			errmsg_errno("asset '%s'", path);
			goto cleanup;
		}
		a->size = (long long)st.st_size;
		strbuf_addf(&sums, "%s  %s\n", a->sha256, name);
	}
	if (pb->res.nassets) {
		a = add_asset(pb, NULL, SUMS_NAME);
		a->size = (long long)sums.len;
		sha256_init(&h);
		sha256_update(&h, sums.buf, sums.len);
		sha256_hex(&h, a->sha256);
		pb->sums = strbuf_detach(&sums, NULL);
	}
	rc = EXIT_OK;
cleanup:
	strbuf_release(&sums);
	return rc;
}

static void
step(struct pubrun *pr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
step(struct pubrun *pr, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	progress("%s%s", pr->pb->o->dry_run ? "would " : "", sb.buf);
	pr->plan(pr->arg, sb.buf);
	strbuf_release(&sb);
}

static int
failed(struct pubrun *pr)
{
	errmsg("%s", pr->error);
	free(pr->error);
	pr->error = NULL;
	return EXIT_ENV;
}

static const char *
title(const struct publish *pb)
{
	return pb->o->title ? pb->o->title : pb->o->tag;
}

/* The members of the release that differ from what is wanted. */
static json_t *
changes(struct pubrun *pr, const char *body, struct strbuf *what)
{
	const struct publish_opts *o = pr->pb->o;
	json_t *f = json_object();

	if (f == NULL)
		die_oom();
	if (pr->rel.name == NULL || strcmp(pr->rel.name, title(pr->pb))) {
		json_put(f, "name", json_strz(title(pr->pb)));
		strbuf_adds(what, ", title");
	}
	if (body && (pr->rel.body == NULL || strcmp(pr->rel.body, body))) {
		json_put(f, "body", json_strz(body));
		strbuf_adds(what, ", notes");
	}
	if (pr->rel.prerelease != o->prerelease) {
		json_put(f, "prerelease", json_boolean(o->prerelease));
		strbuf_adds(what, ", pre-release flag");
	}
	if (o->prerelease && json_object_size(f))
		json_put(f, "make_latest", json_string("false"));
	/* A published release asked to be a draft again; an unfinished
	 * draft is published after its assets. */
	if (o->draft && !pr->rel.draft) {
		json_put(f, "draft", json_true());
		strbuf_adds(what, ", draft");
	}
	return f;
}

/* Create the release, or bring the one found up to date. */
static int
make_release(struct pubrun *pr, const char *body)
{
	const struct publish_opts *o = pr->pb->o;
	struct strbuf what = STRBUF_INIT;
	json_t *f = NULL;
	int rc = EXIT_OK;

	if (pr->rel.id == 0) {
		/* A draft until its assets are there. */
		pr->rel.draft = o->draft || pr->pb->res.nassets;
		step(pr, "create the GitHub release '%s'%s", o->tag,
		    pr->rel.draft ? " as a draft" : "");
		if (o->dry_run)
			goto cleanup;
		f = json_object();
		json_put(f, "tag_name", json_strz(o->tag));
		json_put(f, "name", json_strz(title(pr->pb)));
		json_put(f, "body", json_strz(body));
		json_put(f, "draft", json_boolean(pr->rel.draft));
		json_put(f, "prerelease", json_boolean(o->prerelease));
		if (o->prerelease)
			json_put(f, "make_latest", json_string("false"));
		if (gh_release_create(pr->api, f, &pr->rel, &pr->error) != 0)
			rc = failed(pr);
		goto cleanup;
	}
	f = changes(pr, body, &what);
	if (json_object_size(f) == 0)
		goto cleanup;
	step(pr, "update the GitHub release '%s': %s", o->tag, what.buf + 2);
	if (!o->dry_run && gh_release_update(pr->api, pr->rel.id, f, &pr->rel,
	    &pr->error) != 0)
		rc = failed(pr);
cleanup:
	json_decref(f);
	strbuf_release(&what);
	return rc;
}

static struct gh_asset *
have_asset(struct pubrun *pr, const char *name)
{
	size_t i;

	for (i = 0; i < pr->have.n; i++)
		if (strcmp(pr->have.v[i].name, name) == 0)
			return &pr->have.v[i];
	return NULL;
}

/* Open what a asset sends: its file, or SHA256SUMS's text. */
static int
open_asset(struct pubrun *pr, const struct publish_asset *a)
{
	FILE *tmp;
	int fd;

	if (a->path)
		return open(a->path, O_RDONLY | O_CLOEXEC);
	if ((tmp = tmpfile()) == NULL)
		return -1;
	if (fwrite(pr->pb->sums, 1, (size_t)a->size, tmp) != (size_t)a->size ||
	    fflush(tmp) != 0) {
		fclose(tmp);
		return -1;
	}
	fd = dup(fileno(tmp));
	fclose(tmp);
	return fd;
}

static int
upload(struct pubrun *pr, struct publish_asset *a, struct gh_asset *got)
{
	struct gh_upload up;
	int rc;

	memset(&up, 0, sizeof(up));
	up.size = (off_t)a->size;
	up.label = a->name;
	if ((up.fd = open_asset(pr, a)) < 0) {
		errmsg_errno("cannot read asset '%s'", a->path ? a->path :
		    a->name);
		return -1;
	}
	rc = gh_asset_upload(pr->api, &pr->rel, a->name, &up, got,
	    &pr->error);
	close(up.fd);
	if (rc < 0)
		failed(pr);
	return rc;
}

/* Upload a, or keep or replace the asset of its name. */
static int
put_asset(struct pubrun *pr, struct publish_asset *a)
{
	struct gh_asset *old = have_asset(pr, a->name), got;
	int race = 0, rc;

again:
	memset(&got, 0, sizeof(got));
	if (old && old->sha256 && strcmp(old->sha256, a->sha256) == 0 &&
	    old->state && strcmp(old->state, "uploaded") == 0 &&
	    old->size == a->size) {
		a->state = "skipped";
		a->url = old->url ? xstrdup(old->url) : NULL;
		progress("asset '%s' is there with the same checksum", a->name);
		return EXIT_OK;
	}
	a->state = old ? "replaced" : "uploaded";
	step(pr, "%s asset '%s' (%lld bytes)", old ? "replace" : "upload",
	    a->name, a->size);
	if (pr->pb->o->dry_run)
		return EXIT_OK;
	if (old && gh_asset_delete(pr->api, old->id, &pr->error) != 0)
		return failed(pr);
	if ((rc = upload(pr, a, &got)) < 0)
		return EXIT_ENV;
	if (rc == 1) {
		/* Another run uploaded it since the list was read. */
		if (race++) {
			errmsg("asset '%s' keeps appearing as it is replaced: "
			    "is another rel-tag publishing '%s'? run again "
			    "once it is done", a->name, pr->pb->o->tag);
			return EXIT_ENV;
		}
		gh_assets_free(&pr->have);
		if (gh_assets_list(pr->api, pr->rel.id, &pr->have,
		    &pr->error) != 0)
			return failed(pr);
		progress("asset '%s' appeared meanwhile: looking again",
		    a->name);
		old = have_asset(pr, a->name);
		goto again;
	}
	a->url = got.url;
	got.url = NULL;
	if (got.sha256 && strcmp(got.sha256, a->sha256) != 0) {
		errmsg("GitHub holds asset '%s' with checksum %s, not %s as "
		    "sent: run again to upload it again", a->name, got.sha256,
		    a->sha256);
		gh_asset_free(&got);
		return EXIT_ENV;
	}
	gh_asset_free(&got);
	return EXIT_OK;
}

/* Publish a draft that was only one until its assets were there. */
static int
finish_draft(struct pubrun *pr)
{
	const struct publish_opts *o = pr->pb->o;
	json_t *f;
	int rc = EXIT_OK;

	if (!pr->rel.draft || o->draft)
		return EXIT_OK;
	step(pr, "publish the GitHub release '%s'", o->tag);
	if (o->dry_run) {
		pr->rel.draft = 0;
		return EXIT_OK;
	}
	f = json_object();
	json_put(f, "draft", json_false());
	if (o->prerelease)
		json_put(f, "make_latest", json_string("false"));
	if (gh_release_update(pr->api, pr->rel.id, f, &pr->rel,
	    &pr->error) != 0)
		rc = failed(pr);
	json_decref(f);
	return rc;
}

int
publish_run(struct publish *pb, const struct gh_api *api, const char *body,
    void (*plan)(void *arg, const char *step), void *arg)
{
	struct pubrun pr;
	size_t i;
	int rc = EXIT_ENV, found;

	memset(&pr, 0, sizeof(pr));
	pr.pb = pb;
	pr.api = api;
	pr.plan = plan;
	pr.arg = arg;
	if ((found = gh_release_find(api, pb->o->tag, &pr.rel,
	    &pr.error)) < 0) {
		rc = failed(&pr);
		goto cleanup;
	}
	if ((rc = make_release(&pr, body)) != EXIT_OK)
		goto cleanup;
	if (pr.rel.id && pb->res.nassets &&
	    gh_assets_list(api, pr.rel.id, &pr.have, &pr.error) != 0) {
		rc = failed(&pr);
		goto cleanup;
	}
	for (i = 0; i < pb->res.nassets; i++)
		if ((rc = put_asset(&pr, &pb->res.assets[i])) != EXIT_OK)
			goto cleanup;
	if ((rc = finish_draft(&pr)) != EXIT_OK)
		goto cleanup;
	pb->res.id = pr.rel.id;
	pb->res.url = pr.rel.html_url ? xstrdup(pr.rel.html_url) : NULL;
	pb->res.draft = pr.rel.draft;
	pb->res.prerelease = pb->o->prerelease;
	if (!pb->o->dry_run && pb->res.url)
		progress("GitHub release '%s'%s: %s", pb->o->tag,
		    pr.rel.draft ? " (draft)" : "", pb->res.url);
cleanup:
	gh_release_free(&pr.rel);
	gh_assets_free(&pr.have);
	free(pr.error);
	return rc;
}

void
publish_result_free(struct publish_result *res)
{
	size_t i;

	for (i = 0; i < res->nassets; i++) {
		free(res->assets[i].name);
		free(res->assets[i].url);
	}
	free(res->assets);
	free(res->url);
	memset(res, 0, sizeof(*res));
}

void
publish_free(struct publish *pb)
{
	publish_result_free(&pb->res);
	free(pb->sums);
	memset(pb, 0, sizeof(*pb));
}
