/* relcheck_git.h: rel-check's git checks. */
#ifndef RELTOOLS_RELCHECK_GIT_H
#define RELTOOLS_RELCHECK_GIT_H

#include "check/checkrun.h"

/* The git checks: branch, clean, shallow, sync, tag-local, tag-remote. */
void relcheck_git(struct relcheck *rc);

#endif
