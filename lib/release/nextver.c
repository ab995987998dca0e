/* nextver.c: the next version by the bump rules. */
#include <string.h>

#include "release/nextver.h"

enum semver_bump
nextver_core(struct semver *next, const struct semver *current,
    enum semver_bump level, const struct semver *announced)
{
	static const struct semver zero = { "0", "0", "0", NULL, NULL };
	const struct semver *cur = current ? current : &zero;
	enum semver_bump applied;

	if (level == SEMVER_BUMP_MAJOR && strcmp(cur->major, "0") == 0)
		level = SEMVER_BUMP_MINOR;	/* 0.y.z: anything may change */
	if (current == NULL && level < SEMVER_BUMP_MINOR)
		level = SEMVER_BUMP_MINOR;	/* the first release is 0.1.0 */
	semver_release_after(next, cur, level);
	if (announced && announced->major && semver_cmp(announced, next) > 0) {
		semver_free(next);
		semver_bump(next, announced, SEMVER_BUMP_NONE);
	}
	applied = semver_core_diff(cur, next);
	return applied == SEMVER_BUMP_NONE ? level : applied;
}
