/*
 * relversion.h: the release version as people type it (-r of rel-check,
 * rel-tag and rel-changelog, VERSION of release.mk), and the tag that
 * names it. The one rule every tool applies to it is here.
 */
#ifndef RELTOOLS_RELVERSION_H
#define RELTOOLS_RELVERSION_H

#include "release/semver.h"

/* What a refusal adds to "'1.2' is not a SemVer version". */
#define RELVERSION_HINT "(MAJOR.MINOR.PATCH, e.g. 1.2.0)"

/*
 * Parse a release version as people type it: SemVer 2.0.0, or the tag
 * that names it: with prefix in front ("release-1.2.0" for the prefix
 * "release-"), or with one leading 'v' whatever the prefix ("v1.2.0").
 * prefix may be NULL or "". 0, or -1 (v then holds nothing).
 */
int relversion_parse(struct semver *v, const char *arg, const char *prefix);

/* relversion_parse()'d arg as plain SemVer ("1.2.0"), malloc'd; NULL
   when it is not a version. */
char *relversion_canonical(const char *arg, const char *prefix);

/* PREFIX followed by the version ("v1.2.0"), malloc'd. */
char *relversion_tag(const char *prefix, const struct semver *v);

#endif
