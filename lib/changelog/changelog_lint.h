/*
 * changelog_lint.h: the rules that look at a whole Keep a Changelog file
 * (rel-changelog lint); the parser (changelog.h) reports the others as it
 * reads.
 */
#ifndef RELTOOLS_CHANGELOG_LINT_H
#define RELTOOLS_CHANGELOG_LINT_H

#include <stddef.h>

#include "changelog/changelog.h"

/*
 * Check every rule (parse diagnostics included); names is a NULL-
 * terminated list of extra section names, or NULL. Diagnostics end up in
 * cl->diags sorted by place (those of an earlier call replaced), each
 * with the severity cl->rules gives its rule (changelog_rules.h).
 * Returns the number of errors.
 */
size_t changelog_lint(struct changelog *cl, const char *const *names);

#endif
