/*
 * changelog_rules.h: the lint rules by name, and a project's choice of
 * their severities.
 *
 *	struct cl_rules rules = CL_RULES_INIT;
 *	rules.strict = strict;
 *	changelog_rules_load(&rules, ".changelog-lint", &err);   -1: bad file
 *	changelog_rules_set(&rules, "subheading=off", 14, &err); -1: bad spec
 *	cl.rules = &rules;
 *	changelog_lint(&cl, NULL);
 *
 * A diagnostic's severity is, by priority: the last setting of its rule
 * (the file's lines, then the options, in order), else an error under
 * strict for the rules that relax the format's reading (strict_error),
 * else the rule's default.
 *
 * The file: one "RULE = off|warning|error" a line; blank lines and lines
 * starting with '#' are ignored; blanks around the names do not count.
 */
#ifndef RELTOOLS_CHANGELOG_RULES_H
#define RELTOOLS_CHANGELOG_RULES_H

#include <stddef.h>

#include "changelog/changelog.h"
#include "core/strbuf.h"

/* The name a project commits next to its changelog. */
#define CHANGELOG_RULES_FILE ".changelog-lint"

struct cl_rule {
	const char *name;
	enum cl_severity severity;	/* the default */
	int strict_error;	/* an error under --strict */
};

/* Every rule, NULL-ended (the name of the last entry). */
extern const struct cl_rule changelog_rules[];

#define CL_NRULES 32	/* room for every rule of changelog_rules */

struct cl_rules {
	int strict;
	unsigned char set[CL_NRULES];	/* 0: not set, else severity + 1 */
};

#define CL_RULES_INIT { 0, { 0 } }

/* The index of rule name (len bytes) in changelog_rules, or -1. */
int changelog_rule_find(const char *name, size_t len);

/*
 * Apply "NAME=LEVEL" (len bytes; blanks around either allowed). Returns
 * 0, or -1 with the reason in err (an unknown rule or level).
 */
int changelog_rules_set(struct cl_rules *rules, const char *spec, size_t len,
    struct strbuf *err);

/*
 * Parse the len bytes of a rules file named name. Returns 0, or -1 with
 * "NAME:LINE: reason" in err; rules is then unchanged.
 */
int changelog_rules_parse(struct cl_rules *rules, const char *name,
    const char *buf, size_t len, struct strbuf *err);

/* The severity of a diagnostic of the rule named rule, by rules (NULL:
   the defaults). */
enum cl_severity changelog_rule_severity(const struct cl_rules *rules,
    const char *rule);

#endif
