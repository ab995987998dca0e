/* changelog_rules.c: lint rules by name, and their chosen severities. */
#include <string.h>

#include "changelog/changelog_rules.h"
#include "core/diag.h"

const struct cl_rule changelog_rules[] = {
	{ "date", CL_ERROR, 0 },
	{ "date-missing", CL_ERROR, 0 },
	{ "date-order", CL_WARNING, 0 },
	{ "date-parentheses", CL_WARNING, 1 },
	{ "duplicate-section", CL_ERROR, 0 },
	{ "duplicate-version", CL_ERROR, 0 },
	{ "empty-section", CL_WARNING, 0 },
	{ "h1-first", CL_ERROR, 0 },
	{ "h1-single", CL_ERROR, 0 },
	{ "heading-brackets", CL_WARNING, 1 },
	{ "heading-form", CL_ERROR, 0 },
	{ "heading-inline-link", CL_WARNING, 1 },
	{ "heading-reference", CL_WARNING, 1 },
	{ "maintenance-order", CL_WARNING, 1 },
	{ "missing-link", CL_ERROR, 0 },
	{ "outside", CL_ERROR, 0 },
	{ "prose", CL_ERROR, 0 },
	{ "section-name", CL_ERROR, 0 },
	{ "semver", CL_ERROR, 0 },
	{ "setext", CL_WARNING, 0 },
	{ "subheading", CL_WARNING, 1 },
	{ "title", CL_WARNING, 0 },
	{ "unclosed", CL_ERROR, 0 },
	{ "unreleased-dated", CL_ERROR, 0 },
	{ "unreleased-missing", CL_WARNING, 1 },
	{ "unreleased-position", CL_ERROR, 0 },
	{ "unreleased-repeated", CL_ERROR, 0 },
	{ "version-order", CL_ERROR, 0 },
	{ "version-prefix", CL_WARNING, 1 },
	{ NULL, CL_ERROR, 0 }
};

int
changelog_rule_find(const char *name, size_t len)
{
	int i;

	for (i = 0; changelog_rules[i].name; i++)
		if (strlen(changelog_rules[i].name) == len &&
		    memcmp(changelog_rules[i].name, name, len) == 0)
			return i;
	return -1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* s[0, len) without blanks at both ends. */
static void
trim(const char **s, size_t *len)
{
	while (*len && is_blank(**s))
		(*s)++, (*len)--;
	while (*len && is_blank((*s)[*len - 1]))
		(*len)--;
}

static int
level_of(const char *s, size_t len)
{
	static const char *const levels[] = { "error", "warning", "off" };
	int i;

	/* In the order of enum cl_severity. */
	for (i = 0; i < 3; i++)
		if (strlen(levels[i]) == len && memcmp(levels[i], s, len) == 0)
			return i;
	return -1;
}

int
changelog_rules_set(struct cl_rules *rules, const char *spec, size_t len,
    struct strbuf *err)
{
	const char *eq = memchr(spec, '=', len), *val;
	size_t nlen, vlen;
	int rule, level;

	if (eq == NULL) {
		strbuf_addf(err, "'%.*s' is not RULE=off|warning|error",
		    (int)len, spec);
		return -1;
	}
	nlen = eq - spec;
	val = eq + 1;
	vlen = len - nlen - 1;
	trim(&spec, &nlen);
	trim(&val, &vlen);
	if ((rule = changelog_rule_find(spec, nlen)) < 0) {
		strbuf_addf(err, "unknown rule '%.*s'", (int)nlen, spec);
		return -1;
	}
	if ((level = level_of(val, vlen)) < 0) {
		strbuf_addf(err, "'%.*s' is not off, warning or error",
		    (int)vlen, val);
		return -1;
	}
	rules->set[rule] = (unsigned char)(level + 1);
	return 0;
}

int
changelog_rules_parse(struct cl_rules *rules, const char *name,
    const char *buf, size_t len, struct strbuf *err)
{
	struct cl_rules next = *rules;
	struct strbuf why = STRBUF_INIT;
	const char *p = buf, *end = buf + len, *nl, *s;
	size_t line = 0, n;
	int rc = 0;

	for (; p < end && rc == 0; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		s = p;
		n = nl - p;
		if (n && s[n - 1] == '\r')
			n--;
		trim(&s, &n);
		if (n == 0 || *s == '#')
			continue;
		if (memchr(s, '\0', n) != NULL) {
			strbuf_adds(&why, "a NUL byte");
			rc = -1;
		} else
			rc = changelog_rules_set(&next, s, n, &why);
	}
	if (rc == 0)
		*rules = next;
	else
		strbuf_addf(err, "%s:%zu: %s", name, line, why.buf);
	strbuf_release(&why);
	return rc;
}

enum cl_severity
changelog_rule_severity(const struct cl_rules *rules, const char *rule)
{
	int i = changelog_rule_find(rule, strlen(rule));

	if (i < 0)
		die(EXIT_ENV, "internal error: no lint rule '%s'", rule);
	if (rules && rules->set[i])
		return (enum cl_severity)(rules->set[i] - 1);
	if (rules && rules->strict && changelog_rules[i].strict_error)
		return CL_ERROR;
	return changelog_rules[i].severity;
}
