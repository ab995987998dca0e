/* test-nextver.c: the next version by the bump rules. */
#include <stdlib.h>

#include "release/nextver.h"
#include "release/semver.h"
#include "tap.h"

/* next_is CUR LEVEL ANNOUNCED -> WANT with bump WANT_BUMP */
static void
next_is(const char *cur, enum semver_bump level, const char *announced,
    const char *want, const char *want_bump)
{
	struct semver c = SEMVER_INIT, a = SEMVER_INIT, next;
	enum semver_bump bump;
	char *got;

	if (cur)
		semver_parse_str(&c, cur);
	if (announced)
		semver_parse_str(&a, announced);
	bump = nextver_core(&next, cur ? &c : NULL, level,
	    announced ? &a : NULL);
	got = semver_format(&next);
	is_str(got, want, "%s + %s (announced %s) -> %s", cur ? cur : "none",
	    semver_bump_name(level), announced ? announced : "none", want);
	is_str(semver_bump_name(bump), want_bump, "  bump %s", want_bump);
	free(got);
	semver_free(&next);
	semver_free(&c);
	semver_free(&a);
}

int
main(void)
{
	next_is("1.2.3", SEMVER_BUMP_PATCH, NULL, "1.2.4", "patch");
	next_is("1.2.3", SEMVER_BUMP_MINOR, NULL, "1.3.0", "minor");
	next_is("1.2.3", SEMVER_BUMP_MAJOR, NULL, "2.0.0", "major");
	next_is("0.4.1", SEMVER_BUMP_MAJOR, NULL, "0.5.0", "minor");
	next_is("0.4.1", SEMVER_BUMP_PATCH, NULL, "0.4.2", "patch");
	next_is(NULL, SEMVER_BUMP_PATCH, NULL, "0.1.0", "minor");
	next_is(NULL, SEMVER_BUMP_MAJOR, NULL, "0.1.0", "minor");
	next_is(NULL, SEMVER_BUMP_PATCH, "1.0.0", "1.0.0", "major");
	next_is("0.9.0", SEMVER_BUMP_PATCH, "1.0.0", "1.0.0", "major");
	next_is("0.9.0", SEMVER_BUMP_MAJOR, "1.0.0", "1.0.0", "major");
	next_is("1.1.0", SEMVER_BUMP_MAJOR, "1.2.0", "2.0.0", "major");
	next_is("1.1.0", SEMVER_BUMP_PATCH, "1.2.0", "1.2.0", "minor");
	next_is("1.2.0-rc.1", SEMVER_BUMP_PATCH, NULL, "1.2.0", "patch");
	next_is("1.2.0-rc.1", SEMVER_BUMP_MAJOR, NULL, "2.0.0", "major");
	next_is("1.2.3+meta", SEMVER_BUMP_PATCH, NULL, "1.2.4", "patch");

	return tap_done();
}
