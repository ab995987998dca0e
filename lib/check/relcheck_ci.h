/* relcheck_ci.h: rel-check's CI check. */
#ifndef RELTOOLS_RELCHECK_CI_H
#define RELTOOLS_RELCHECK_CI_H

#include "check/checkrun.h"

/* The CI check: GitHub check runs and statuses of rc->head (HEAD, or
 * with --ci-only the commit of the release tag). */
void relcheck_ci(struct relcheck *rc);

#endif
