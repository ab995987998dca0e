/* probe_vars.c: --var definitions and their use in assertions. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "probe/probe_vars.h"

static int
is_name_start(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

size_t
probe_vars_name_len(const char *s)
{
	size_t n = 0;

	if (!is_name_start(s[0]))
		return 0;
	while (is_name_char(s[n]))
		n++;
	return n;
}

static const char *
lookup(const struct probe_vars *v, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strlen(v->name[i]) == len &&
		    memcmp(v->name[i], name, len) == 0)
			return v->value[i];
	return NULL;
}

int
probe_vars_define(struct probe_vars *v, const char *def, const char **err)
{
	const char *eq = strchr(def, '=');
	size_t len = probe_vars_name_len(def), i;

	if (eq == NULL) {
		*err = "expected NAME=VALUE";
		return -1;
	}
	if (len == 0 || def + len != eq) {
		*err = "a NAME is a letter or '_', then letters, digits and '_'";
		return -1;
	}
	if (!utf8_valid(eq + 1, strlen(eq + 1))) {
		*err = "the value is not UTF-8";
		return -1;
	}
	for (i = 0; i < v->n; i++) {
		if (strlen(v->name[i]) == len && memcmp(v->name[i], def, len) == 0) {
			free(v->value[i]);
			v->value[i] = xstrdup(eq + 1);
			return 0;
		}
	}
	v->name = xrealloc(v->name, (v->n + 1) * sizeof(*v->name));
	v->value = xrealloc(v->value, (v->n + 1) * sizeof(*v->value));
	v->name[v->n] = xstrndup(def, len);
	v->value[v->n++] = xstrdup(eq + 1);
	return 0;
}

int
probe_vars_expand(const struct probe_vars *v, const char *text,
    struct strbuf *out, size_t *at, struct strbuf *msg)
{
	const char *p = text, *value;
	size_t len;
	int in_string = 0;

	while (*p != '\0') {
		if (in_string) {
			if (*p == '\\' && p[1] != '\0')
				strbuf_addc(out, *p++);
			else if (*p == '"')
				in_string = 0;
			strbuf_addc(out, *p++);
		} else if (*p == '$' && (len = probe_vars_name_len(p + 1)) != 0) {
			if ((value = lookup(v, p + 1, len)) == NULL) {
				*at = (size_t)(p - text);
				strbuf_addf(msg, "undefined variable $%.*s (define "
				    "it with --var %.*s=VALUE)", (int)len, p + 1,
				    (int)len, p + 1);
				return -1;
			}
			json_quotez(out, value);
			p += 1 + len;
		} else {
			in_string = *p == '"';
			strbuf_addc(out, *p++);
		}
	}
	return 0;
}

void
probe_vars_release(struct probe_vars *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->name[i]);
		free(v->value[i]);
	}
	free(v->name);
	free(v->value);
	memset(v, 0, sizeof(*v));
}
