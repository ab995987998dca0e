/*
 * fuzz-changelog_rules.c: the rules file (.changelog-lint) on any bytes.
 *
 * Invariants: a file either parses, or fails with a message naming the
 * file and a line and leaves the rules as they were; every rule then
 * has a severity that is error, warning or off.
 */
#include <stdint.h>
#include <string.h>

#include "changelog/changelog_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_rules rules = CL_RULES_INIT, before;
	struct strbuf err = STRBUF_INIT;
	enum cl_severity sev;
	size_t i;

	rules.strict = size & 1;
	rules.set[0] = 2;	/* a setting the file may replace */
	before = rules;
	if (changelog_rules_parse(&rules, "f", (const char *)data, size,
	    &err) != 0) {
		if (memcmp(&rules, &before, sizeof(rules)) != 0 ||
		    strncmp(strbuf_str(&err), "f:", 2) != 0)
			__builtin_trap();
	} else if (err.len != 0)
		__builtin_trap();
	for (i = 0; changelog_rules[i].name; i++) {
		sev = changelog_rule_severity(&rules, changelog_rules[i].name);
		if (sev != CL_ERROR && sev != CL_WARNING && sev != CL_OFF)
			__builtin_trap();
	}
	if (i > CL_NRULES)
		__builtin_trap();
	strbuf_release(&err);
	return 0;
}
