/*
 * semver.h: Semantic Versioning 2.0.0.
 *
 * Parsing is strict (no leading "v", no leading zeros, no empty
 * identifiers). Numbers are kept as decimal strings, so precedence is
 * right for numeric identifiers of any length, beyond 64 bits too.
 */
#ifndef RELTOOLS_SEMVER_H
#define RELTOOLS_SEMVER_H

#include <stddef.h>
#include <stdint.h>

struct semver {
	char *major;	/* decimal digits, no leading zero unless "0" */
	char *minor;
	char *patch;
	char *pre;	/* dot-separated pre-release identifiers, or NULL */
	char *build;	/* build metadata, or NULL; ignored by precedence */
};

#define SEMVER_INIT { NULL, NULL, NULL, NULL, NULL }

enum semver_bump {
	SEMVER_BUMP_NONE,
	SEMVER_BUMP_PATCH,
	SEMVER_BUMP_MINOR,
	SEMVER_BUMP_MAJOR
};

/*
 * Parse len bytes of s. Returns 0 and fills v (free with semver_free()),
 * or -1 when s is not a SemVer 2.0.0 version (v then holds nothing).
 */
int semver_parse(struct semver *v, const char *s, size_t len);

/* semver_parse() of a C string. */
int semver_parse_str(struct semver *v, const char *s);

void semver_free(struct semver *v);

/* Precedence: <0, 0 or >0 (build metadata ignored, as the spec says). */
int semver_cmp(const struct semver *a, const struct semver *b);

/*
 * A version read in place, for callers that parse many (a changelog's
 * releases): nothing is allocated and nothing needs freeing, but the text
 * must outlive the view. The parts follow each other in s, each after a
 * one-byte separator: MAJOR "." MINOR "." PATCH ["-" PRE] ["+" BUILD]; a
 * length of 0 for pre or build means there is none.
 */
struct semver_view {
	const char *s;
	uint32_t major_len;
	uint32_t minor_len;
	uint32_t patch_len;
	uint32_t pre_len;
	uint32_t build_len;
};

/* semver_parse() in place: 0, or -1 (v then holds nothing). */
int semver_view_parse(struct semver_view *v, const char *s, size_t len);

/* semver_cmp() of two views. */
int semver_view_cmp(const struct semver_view *a, const struct semver_view *b);

/* Compare two decimal digit strings without leading zeros as numbers. */
int semver_cmp_digits(const char *a, const char *b);

/* "MAJOR.MINOR.PATCH[-PRE][+BUILD]", malloc'd. */
char *semver_format(const struct semver *v);

/*
 * The release that applies bump to cur: MAJOR+1.0.0, MAJOR.MINOR+1.0 or
 * MAJOR.MINOR.PATCH+1; SEMVER_BUMP_NONE copies the core. Pre-release
 * and build are dropped.
 */
void semver_bump(struct semver *out, const struct semver *cur,
    enum semver_bump bump);

/*
 * The release that applies bump to cur when cur may be a pre-release: a
 * pre-release leads to its own core, so 1.2.0-rc.1 gives 1.2.0 for a
 * patch or minor bump and 2.0.0 for a major one, as 1.2.0 would be the
 * minor release of 1.1.x. A final release is semver_bump()'d.
 */
void semver_release_after(struct semver *out, const struct semver *cur,
    enum semver_bump bump);

/*
 * The highest part that differs between the cores of a and b (a below
 * b): major, minor, patch, or none when the cores are equal.
 */
enum semver_bump semver_core_diff(const struct semver *a,
    const struct semver *b);

/* "major", "minor", "patch" or "none". */
const char *semver_bump_name(enum semver_bump bump);

/*
 * When v's pre-release is exactly "ID.N" (N numeric), N as a malloc'd
 * digit string; else NULL.
 */
char *semver_pre_number(const struct semver *v, const char *id);

/*
 * out = core's MAJOR.MINOR.PATCH with pre-release "ID.N", where N is
 * after + 1, or 1 when after is NULL. id must be a valid identifier.
 */
void semver_with_pre(struct semver *out, const struct semver *core,
    const char *id, const char *after);

/* Nonzero when id is a valid pre-release identifier list ("rc", "beta.2"). */
int semver_valid_pre(const char *id);

/* A malloc'd decimal digit string one greater than digits. */
char *semver_digits_incr(const char *digits);

#endif
