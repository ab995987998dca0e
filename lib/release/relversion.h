/*
 * relversion.h: the VERSION argument of rel-check and rel-tag, and the
 * tag that names it.
 */
#ifndef RELTOOLS_RELVERSION_H
#define RELTOOLS_RELVERSION_H

#include "release/semver.h"

/*
 * Parse a release version as people type it: SemVer 2.0.0 with one
 * optional leading 'v' ("v1.2.0" and "1.2.0" alike). 0, or -1 (v then
 * holds nothing).
 */
int relversion_parse(struct semver *v, const char *arg);

/* PREFIX followed by the version ("v1.2.0"), malloc'd. */
char *relversion_tag(const char *prefix, const struct semver *v);

#endif
