/* test-semver.c: SemVer 2.0.0 parsing, precedence, bumps. */
#include <stdlib.h>
#include <string.h>

#include "release/semver.h"
#include "tap.h"

static const char *const valid[] = {
	"0.0.0", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.1.2+meta",
	"1.1.2+meta-valid", "1.0.0-alpha", "1.0.0-beta", "1.0.0-alpha.beta",
	"1.0.0-alpha.beta.1", "1.0.0-alpha.1", "1.0.0-alpha0.valid",
	"1.0.0-alpha.0valid", "1.0.0-rc.1+build.1", "2.0.0-rc.1+build.123",
	"1.2.3-beta", "10.2.3-DEV-SNAPSHOT", "1.2.3-SNAPSHOT-123",
	"2.0.0+build.1848", "2.0.1-alpha.1227", "1.0.0-alpha+beta",
	"1.2.3----RC-SNAPSHOT.12.9.1--.12+788", "1.2.3----R-S.12.9.1--.12+meta",
	"1.0.0+0.build.1-rc.10000aaa-kk-0.1",
	"99999999999999999999999.999999999999999999.99999999999999999",
	"1.0.0-0A.is.legal", "1.0.0+001",
};

static const char *const invalid[] = {
	"", "1", "1.2", "1.2.3-0123", "1.2.3-0123.0123", "1.1.2+.123", "+invalid",
	"-invalid", "-invalid+invalid", "-invalid.01", "alpha", "alpha.beta",
	"alpha.beta.1", "alpha.1", "alpha+beta", "alpha_beta", "alpha.",
	"alpha..", "beta", "1.0.0-alpha_beta", "-alpha.", "1.0.0-alpha..",
	"1.0.0-alpha..1", "1.0.0-alpha...1", "01.1.1", "1.01.1", "1.1.01",
	"1.2.3.DEV", "1.2-SNAPSHOT", "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788",
	"1.2-RC-SNAPSHOT", "-1.0.3-gamma+b7718", "+justmeta", "9.8.7+meta+meta",
	"9.8.7-whatever+meta+meta", "v1.2.3", "1.2.3 ", " 1.2.3", "1.2.3-",
	"1.2.3+", "1.2.3-a b",
};

/* Each is lower than the next. */
static const char *const ordered[] = {
	"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
	"1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1",
	"1.1.0", "1.9.0", "1.10.0", "2.0.0-rc.18446744073709551615",
	"2.0.0-rc.18446744073709551616", "2.0.0-rc.99999999999999999999999",
	"2.0.0", "18446744073709551616.0.0",
};

typedef void bump_fn(struct semver *, const struct semver *, enum semver_bump);

static char *
bumped(const char *v, enum semver_bump b, bump_fn *fn)
{
	struct semver in = SEMVER_INIT, out = SEMVER_INIT;
	char *s;

	semver_parse_str(&in, v);
	fn(&out, &in, b);
	s = semver_format(&out);
	semver_free(&in);
	semver_free(&out);
	return s;
}

static void
check_bump(const char *v, enum semver_bump b, const char *want)
{
	char *got = bumped(v, b, semver_bump);

	is_str(got, want, "%s bumped %s", v, semver_bump_name(b));
	free(got);
}

static void
check_release_after(const char *v, enum semver_bump b, const char *want)
{
	char *got = bumped(v, b, semver_release_after);

	is_str(got, want, "release after %s by %s", v, semver_bump_name(b));
	free(got);
}

static void
check_core_diff(const char *a, const char *b, const char *want)
{
	struct semver x = SEMVER_INIT, y = SEMVER_INIT;

	semver_parse_str(&x, a);
	semver_parse_str(&y, b);
	is_str(semver_bump_name(semver_core_diff(&x, &y)), want,
	    "%s to %s is %s", a, b, want);
	semver_free(&x);
	semver_free(&y);
}

static void
check_pre(const char *core, const char *id, const char *after,
    const char *want)
{
	struct semver c = SEMVER_INIT, out = SEMVER_INIT;
	char *s;

	semver_parse_str(&c, core);
	semver_with_pre(&out, &c, id, after);
	s = semver_format(&out);
	is_str(s, want, "pre-release of %s after %s", core, after ? after : "none");
	free(s);
	semver_free(&c);
	semver_free(&out);
}

/* A pre-release leads to its own core. */
static const struct {
	const char *v;
	enum semver_bump bump;
	const char *want;
} release_after[] = {
	{ "1.2.0-rc.1", SEMVER_BUMP_PATCH, "1.2.0" },
	{ "1.2.0-rc.1", SEMVER_BUMP_MINOR, "1.2.0" },
	{ "1.2.0-rc.1", SEMVER_BUMP_MAJOR, "2.0.0" },
	{ "1.2.3-rc.1", SEMVER_BUMP_PATCH, "1.2.3" },
	{ "1.2.3-rc.1", SEMVER_BUMP_MINOR, "1.3.0" },
	{ "2.0.0-rc.1", SEMVER_BUMP_MAJOR, "2.0.0" },
	{ "1.2.3", SEMVER_BUMP_MINOR, "1.3.0" },
};

/* The view reads what semver_parse() reads and orders as semver_cmp(). */
static void
check_views(void)
{
	struct semver_view va, vb;
	size_t i, n = sizeof(ordered) / sizeof(*ordered);

	for (i = 0; i < sizeof(valid) / sizeof(*valid); i++)
		ok(semver_view_parse(&va, valid[i], strlen(valid[i])) == 0,
		    "view: valid '%s'", valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(*invalid); i++)
		ok(semver_view_parse(&va, invalid[i], strlen(invalid[i])) == -1,
		    "view: invalid '%s'", invalid[i]);
	ok(semver_view_parse(&va, "1.2.3\0x", 7) == -1,
	    "view: a NUL byte is invalid");
	semver_view_parse(&va, "12.3.45-rc.1+b.7", 16);
	ok(va.major_len == 2 && va.minor_len == 1 && va.patch_len == 2 &&
	    va.pre_len == 4 && va.build_len == 3, "view: part lengths");
	for (i = 0; i + 1 < n; i++) {
		semver_view_parse(&va, ordered[i], strlen(ordered[i]));
		semver_view_parse(&vb, ordered[i + 1], strlen(ordered[i + 1]));
		ok(semver_view_cmp(&va, &vb) < 0 && semver_view_cmp(&vb, &va) > 0
		    && semver_view_cmp(&va, &va) == 0, "view: %s < %s",
		    ordered[i], ordered[i + 1]);
	}
	semver_view_parse(&va, "1.0.0-rc.1+build.1", 18);
	semver_view_parse(&vb, "1.0.0-rc.1+build.2", 18);
	ok(semver_view_cmp(&va, &vb) == 0,
	    "view: build metadata has no precedence");
}

int
main(void)
{
	struct semver a = SEMVER_INIT, b = SEMVER_INIT;
	size_t i;
	char *s;

	for (i = 0; i < sizeof(valid) / sizeof(*valid); i++) {
		ok(semver_parse_str(&a, valid[i]) == 0, "valid '%s'", valid[i]);
		s = a.major ? semver_format(&a) : NULL;
		is_str(s, valid[i], "'%s' formats back unchanged", valid[i]);
		free(s);
		semver_free(&a);
	}
	for (i = 0; i < sizeof(invalid) / sizeof(*invalid); i++) {
		ok(semver_parse_str(&a, invalid[i]) == -1, "invalid '%s'", invalid[i]);
		ok(a.major == NULL, "invalid '%s' leaves nothing", invalid[i]);
	}
	ok(semver_parse(&a, "1.2.3\0x", 7) == -1, "a NUL byte is invalid");

	for (i = 0; i + 1 < sizeof(ordered) / sizeof(*ordered); i++) {
		semver_parse_str(&a, ordered[i]);
		semver_parse_str(&b, ordered[i + 1]);
		ok(semver_cmp(&a, &b) < 0, "%s < %s", ordered[i], ordered[i + 1]);
		ok(semver_cmp(&b, &a) > 0, "%s > %s", ordered[i + 1], ordered[i]);
		ok(semver_cmp(&a, &a) == 0, "%s == itself", ordered[i]);
		semver_free(&a);
		semver_free(&b);
	}
	semver_parse_str(&a, "1.0.0+build.1");
	semver_parse_str(&b, "1.0.0+build.2");
	ok(semver_cmp(&a, &b) == 0, "build metadata has no precedence");
	semver_free(&a);
	semver_free(&b);

	check_views();

	check_bump("1.2.3", SEMVER_BUMP_MAJOR, "2.0.0");
	check_bump("1.2.3", SEMVER_BUMP_MINOR, "1.3.0");
	check_bump("1.2.3", SEMVER_BUMP_PATCH, "1.2.4");
	check_bump("1.2.3-rc.1+b", SEMVER_BUMP_NONE, "1.2.3");
	check_bump("0.9.9", SEMVER_BUMP_PATCH, "0.9.10");
	check_bump("99.0.0", SEMVER_BUMP_MAJOR, "100.0.0");
	check_bump("18446744073709551615.0.0", SEMVER_BUMP_MAJOR,
	    "18446744073709551616.0.0");

	for (i = 0; i < sizeof(release_after) / sizeof(release_after[0]); i++)
		check_release_after(release_after[i].v, release_after[i].bump,
		    release_after[i].want);
	check_core_diff("1.2.3", "2.0.0", "major");
	check_core_diff("1.2.3", "1.3.0", "minor");
	check_core_diff("1.2.3", "1.2.4", "patch");
	check_core_diff("1.2.0-rc.1", "1.2.0", "none");

	check_pre("1.3.0", "rc", NULL, "1.3.0-rc.1");
	check_pre("1.3.0", "rc", "1", "1.3.0-rc.2");
	check_pre("1.3.0", "beta", "9", "1.3.0-beta.10");

	semver_parse_str(&a, "1.3.0-rc.12");
	s = semver_pre_number(&a, "rc");
	is_str(s, "12", "rc number of 1.3.0-rc.12");
	free(s);
	s = semver_pre_number(&a, "r");
	is_str(s, NULL, "no 'r' number in 1.3.0-rc.12");
	free(s);
	semver_free(&a);
	semver_parse_str(&a, "1.3.0-rc.1.2");
	s = semver_pre_number(&a, "rc");
	is_str(s, NULL, "rc.1.2 is not rc.N");
	free(s);
	semver_free(&a);

	ok(semver_valid_pre("rc"), "rc is a valid pre-release id");
	ok(semver_valid_pre("beta.1"), "beta.1 is valid");
	ok(!semver_valid_pre("rc_1"), "rc_1 is not");
	ok(!semver_valid_pre(""), "empty is not");
	ok(!semver_valid_pre("01"), "01 is not");
	return tap_done();
}
