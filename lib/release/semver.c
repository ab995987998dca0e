/* semver.c: SemVer 2.0.0 parsing, precedence and increments. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "release/semver.h"
#include "core/strbuf.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_ident_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '-';
}

/* A numeric part of the core: digits, no leading zero. */
static int
valid_number(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (len > 1 && s[0] == '0'))
		return 0;
	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static int
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return len > 0;
}

/*
 * Dot-separated identifiers; numeric ones (pre-release only) may not have
 * leading zeros.
 */
static int
valid_idents(const char *s, size_t len, int numeric_rule)
{
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!is_ident_char(s[i]))
				return 0;
			continue;
		}
		if (i == start)
			return 0;
		if (numeric_rule && all_digits(s + start, i - start) &&
		    !valid_number(s + start, i - start))
			return 0;
		start = i + 1;
	}
	return 1;
}

int
semver_valid_pre(const char *id)
{
	return id != NULL && valid_idents(id, strlen(id), 1);
}

int
semver_view_parse(struct semver_view *v, const char *s, size_t len)
{
	size_t dots[2], ndots = 0, i, core_end, pre_end;
	const char *plus, *minus;

	memset(v, 0, sizeof(*v));
	if (len > UINT32_MAX || memchr(s, '\0', len) != NULL)
		return -1;
	plus = memchr(s, '+', len);
	pre_end = plus ? (size_t)(plus - s) : len;
	minus = memchr(s, '-', pre_end);
	core_end = minus ? (size_t)(minus - s) : pre_end;
	for (i = 0; i < core_end; i++) {
		if (s[i] != '.')
			continue;
		if (ndots == 2)
			return -1;
		dots[ndots++] = i;
	}
	if (ndots != 2 || !valid_number(s, dots[0]) ||
	    !valid_number(s + dots[0] + 1, dots[1] - dots[0] - 1) ||
	    !valid_number(s + dots[1] + 1, core_end - dots[1] - 1))
		return -1;
	if (minus && !valid_idents(s + core_end + 1, pre_end - core_end - 1, 1))
		return -1;
	if (plus && !valid_idents(plus + 1, len - pre_end - 1, 0))
		return -1;
	v->s = s;
	v->major_len = (uint32_t)dots[0];
	v->minor_len = (uint32_t)(dots[1] - dots[0] - 1);
	v->patch_len = (uint32_t)(core_end - dots[1] - 1);
	v->pre_len = minus ? (uint32_t)(pre_end - core_end - 1) : 0;
	v->build_len = plus ? (uint32_t)(len - pre_end - 1) : 0;
	return 0;
}

int
semver_parse(struct semver *v, const char *s, size_t len)
{
	struct semver_view w;
	const char *p;

	memset(v, 0, sizeof(*v));
	if (semver_view_parse(&w, s, len) != 0)
		return -1;
	p = s;
	v->major = xstrndup(p, w.major_len);
	p += w.major_len + 1;
	v->minor = xstrndup(p, w.minor_len);
	p += w.minor_len + 1;
	v->patch = xstrndup(p, w.patch_len);
	p += w.patch_len + 1;
	if (w.pre_len) {
		v->pre = xstrndup(p, w.pre_len);
		p += w.pre_len + 1;
	}
	if (w.build_len)
		v->build = xstrndup(p, w.build_len);
	return 0;
}

int
semver_parse_str(struct semver *v, const char *s)
{
	return semver_parse(v, s, strlen(s));
}

void
semver_free(struct semver *v)
{
	free(v->major);
	free(v->minor);
	free(v->patch);
	free(v->pre);
	free(v->build);
	memset(v, 0, sizeof(*v));
}

/* Compare two digit strings without leading zeros as numbers. */
static int
cmp_digits(const char *a, size_t la, const char *b, size_t lb)
{
	int c;

	if (la != lb)
		return la < lb ? -1 : 1;
	c = memcmp(a, b, la);
	return (c > 0) - (c < 0);
}

int
semver_cmp_digits(const char *a, const char *b)
{
	return cmp_digits(a, strlen(a), b, strlen(b));
}

/* Compare one identifier of each pre-release, given with their lengths. */
static int
cmp_ident(const char *a, size_t la, const char *b, size_t lb)
{
	int na = all_digits(a, la), nb = all_digits(b, lb);
	size_t n = la < lb ? la : lb;
	int c;

	if (na && nb) {
		if (la != lb)
			return la < lb ? -1 : 1;
		c = memcmp(a, b, la);
		return (c > 0) - (c < 0);
	}
	if (na != nb)
		return na ? -1 : 1;	/* numeric sorts below alphanumeric */
	c = memcmp(a, b, n);
	if (c)
		return (c > 0) - (c < 0);
	return (la > lb) - (la < lb);
}

/* Pre-releases of la and lb bytes; NULL for none. */
static int
cmp_pre(const char *a, size_t la, const char *b, size_t lb)
{
	const char *ea, *eb, *da, *db;
	int c;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);	/* release > pre-release */
	ea = a + la;
	eb = b + lb;
	for (;;) {
		if ((da = memchr(a, '.', ea - a)) == NULL)
			da = ea;
		if ((db = memchr(b, '.', eb - b)) == NULL)
			db = eb;
		if ((c = cmp_ident(a, da - a, b, db - b)) != 0)
			return c;
		if (da == ea || db == eb)
			return (da != ea) - (db != eb);
		a = da + 1;
		b = db + 1;
	}
}

int
semver_cmp(const struct semver *a, const struct semver *b)
{
	int c;

	if ((c = semver_cmp_digits(a->major, b->major)) != 0 ||
	    (c = semver_cmp_digits(a->minor, b->minor)) != 0 ||
	    (c = semver_cmp_digits(a->patch, b->patch)) != 0)
		return c;
	return cmp_pre(a->pre, a->pre ? strlen(a->pre) : 0, b->pre,
	    b->pre ? strlen(b->pre) : 0);
}

int
semver_view_cmp(const struct semver_view *a, const struct semver_view *b)
{
	const char *pa = a->s, *pb = b->s;
	int c;

	if ((c = cmp_digits(pa, a->major_len, pb, b->major_len)) != 0)
		return c;
	pa += a->major_len + 1;
	pb += b->major_len + 1;
	if ((c = cmp_digits(pa, a->minor_len, pb, b->minor_len)) != 0)
		return c;
	pa += a->minor_len + 1;
	pb += b->minor_len + 1;
	if ((c = cmp_digits(pa, a->patch_len, pb, b->patch_len)) != 0)
		return c;
	pa += a->patch_len + 1;
	pb += b->patch_len + 1;
	return cmp_pre(a->pre_len ? pa : NULL, a->pre_len,
	    b->pre_len ? pb : NULL, b->pre_len);
}

char *
semver_format(const struct semver *v)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s.%s.%s", v->major, v->minor, v->patch);
	if (v->pre)
		strbuf_addf(&sb, "-%s", v->pre);
	if (v->build)
		strbuf_addf(&sb, "+%s", v->build);
	return strbuf_detach(&sb, NULL);
}

char *
semver_digits_incr(const char *digits)
{
	size_t n = strlen(digits), i;
	char *out = xmalloc(n + 2);

	memcpy(out + 1, digits, n + 1);
	for (i = n; i > 0; i--) {
		if (out[i] != '9') {
			out[i]++;
			return memmove(out, out + 1, n + 1);
		}
		out[i] = '0';
	}
	out[0] = '1';	/* all nines: one digit longer */
	return out;
}

void
semver_bump(struct semver *out, const struct semver *cur,
    enum semver_bump bump)
{
	memset(out, 0, sizeof(*out));
	switch (bump) {
	case SEMVER_BUMP_MAJOR:
		out->major = semver_digits_incr(cur->major);
		out->minor = xstrdup("0");
		out->patch = xstrdup("0");
		break;
	case SEMVER_BUMP_MINOR:
		out->major = xstrdup(cur->major);
		out->minor = semver_digits_incr(cur->minor);
		out->patch = xstrdup("0");
		break;
	case SEMVER_BUMP_PATCH:
		out->major = xstrdup(cur->major);
		out->minor = xstrdup(cur->minor);
		out->patch = semver_digits_incr(cur->patch);
		break;
	case SEMVER_BUMP_NONE:
		out->major = xstrdup(cur->major);
		out->minor = xstrdup(cur->minor);
		out->patch = xstrdup(cur->patch);
		break;
	}
}

/* The bump whose release the core of a pre-release is: 1.2.0 a minor. */
static enum semver_bump
core_level(const struct semver *v)
{
	if (strcmp(v->patch, "0") != 0)
		return SEMVER_BUMP_PATCH;
	if (strcmp(v->minor, "0") != 0)
		return SEMVER_BUMP_MINOR;
	return SEMVER_BUMP_MAJOR;
}

void
semver_release_after(struct semver *out, const struct semver *cur,
    enum semver_bump bump)
{
	if (cur->pre && bump <= core_level(cur))
		semver_bump(out, cur, SEMVER_BUMP_NONE);
	else
		semver_bump(out, cur, bump);
}

enum semver_bump
semver_core_diff(const struct semver *a, const struct semver *b)
{
	if (strcmp(a->major, b->major) != 0)
		return SEMVER_BUMP_MAJOR;
	if (strcmp(a->minor, b->minor) != 0)
		return SEMVER_BUMP_MINOR;
	if (strcmp(a->patch, b->patch) != 0)
		return SEMVER_BUMP_PATCH;
	return SEMVER_BUMP_NONE;
}

const char *
semver_bump_name(enum semver_bump bump)
{
	static const char *const names[] = { "none", "patch", "minor", "major" };

	return names[bump];
}

char *
semver_pre_number(const struct semver *v, const char *id)
{
	size_t n = strlen(id);
	const char *num;

	if (v->pre == NULL || strncmp(v->pre, id, n) != 0 || v->pre[n] != '.')
		return NULL;
	num = v->pre + n + 1;
	if (!valid_number(num, strlen(num)))
		return NULL;
	return xstrdup(num);
}

void
semver_with_pre(struct semver *out, const struct semver *core,
    const char *id, const char *after)
{
	struct strbuf sb = STRBUF_INIT;
	char *n = after ? semver_digits_incr(after) : xstrdup("1");

	semver_bump(out, core, SEMVER_BUMP_NONE);
	strbuf_addf(&sb, "%s.%s", id, n);
	free(n);
	out->pre = strbuf_detach(&sb, NULL);
}
