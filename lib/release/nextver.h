/*
 * nextver.h: the next version, from the current release and the
 * increment the commits since it call for (rel-gitlog(1), "Next version").
 *
 *	breaking -> major (minor below 1.0.0), feat -> minor, else patch
 *
 * No earlier release counts as 0.0.0 and the first release is at least
 * 0.1.0. A pre-release above the current release announces its core
 * (1.0.0-rc.2 over 0.9.0): next is never below it. A current pre-release
 * leads to its own core (semver_release_after()).
 */
#ifndef RELTOOLS_NEXTVER_H
#define RELTOOLS_NEXTVER_H

#include "release/semver.h"

/*
 * Set next to the next release core after current (NULL: none) for
 * commits calling for level (not SEMVER_BUMP_NONE), raised to announced
 * (NULL or all NULL: none). Returns the increment applied to current's
 * core to reach next, or level itself when the cores are equal (a
 * pre-release becoming its release).
 */
enum semver_bump nextver_core(struct semver *next, const struct semver *current,
    enum semver_bump level, const struct semver *announced);

#endif
