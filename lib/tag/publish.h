/*
 * publish.h: the GitHub release of a pushed tag (rel-tag --publish):
 * its page (title, notes, pre-release flag, draft) and its assets, with
 * a SHA256SUMS asset listing their checksums as sha256sum -c reads them.
 *
 *	struct publish pb;
 *	publish_init(&pb, &opts);
 *	if (publish_check_assets(&pb) != EXIT_OK) ...    before any change
 *	if (publish_run(&pb, api, body) != EXIT_OK) ...  after the push
 *	...pb.res...
 *	publish_free(&pb);
 *
 * A run finishes what an earlier one left: the release of the tag is
 * found (a draft too) and changed only where it differs; an asset of the
 * same name and checksum is kept, one with another checksum (or whose
 * checksum GitHub does not give, or whose upload never finished) is
 * deleted and uploaded again. A new release stays a draft until its
 * assets are all there. Assets are read from disk as they are sent.
 */
#ifndef RELTOOLS_PUBLISH_H
#define RELTOOLS_PUBLISH_H

#include <stddef.h>

#include "core/sha256.h"
#include "forge/ghapi.h"

struct publish_opts {
	const char *tag;	/* "v1.2.0" */
	const char *title;	/* NULL: the tag */
	int prerelease;		/* the version has a pre-release part */
	int draft;		/* leave the release a draft */
	const char *const *files;	/* the assets */
	size_t nfiles;
	int dry_run;		/* find out, plan, change nothing */
};

/* One asset: what was done with it, or with dry_run, would be. */
struct publish_asset {
	const char *path;	/* NULL for SHA256SUMS */
	char *name;
	long long size;
	char sha256[SHA256_HEX_SIZE];
	char *url;		/* browser_download_url; NULL while planned */
	const char *state;	/* "uploaded", "skipped", "replaced" */
};

struct publish_result {
	long long id;		/* 0 while only planned */
	char *url;		/* html_url */
	int draft;
	int prerelease;
	struct publish_asset *assets;	/* --asset order, SHA256SUMS last */
	size_t nassets;
};

struct publish {
	const struct publish_opts *o;
	struct publish_result res;
	char *sums;		/* SHA256SUMS's text */
};

void publish_init(struct publish *pb, const struct publish_opts *o);

/*
 * Read every asset file (streamed) for its size and checksum, and check
 * their names: EXIT_OK, or EXIT_USAGE said on stderr (a missing or
 * unreadable file, two of one name, one called SHA256SUMS).
 */
int publish_check_assets(struct publish *pb);

/*
 * Create or finish the release of o->tag with body as its notes (the tag
 * message's, tagmsg.h; NULL with dry_run: not known yet). plan(arg, step) is called for each
 * change, done or (dry_run) to do. EXIT_OK, or EXIT_ENV with the reason
 * said on stderr.
 */
int publish_run(struct publish *pb, const struct gh_api *api,
    const char *body, void (*plan)(void *arg, const char *step), void *arg);

void publish_free(struct publish *pb);

void publish_result_free(struct publish_result *res);

#endif
