/*
 * probe_vars.h: health-probe's --var NAME=VALUE, and $NAME in assertions.
 *
 * In an assertion's text, $NAME outside JSON string literals is replaced
 * by VALUE written as a JSON string literal: `json.version == $VERSION`
 * with VERSION=1.2.0 reads `json.version == "1.2.0"`, and a value with
 * quotes or backslashes stays one string. A NAME is a letter or '_', then
 * letters, digits and '_'; a '$' not followed by one is an ordinary byte,
 * and so is any '$' inside a string literal ("ok$", "\u0024NAME").
 */
#ifndef RELTOOLS_PROBE_VARS_H
#define RELTOOLS_PROBE_VARS_H

#include <stddef.h>

#include "core/strbuf.h"

struct probe_vars {
	char **name;
	char **value;
	size_t n;
};

#define PROBE_VARS_INIT { NULL, NULL, 0 }

/*
 * Define NAME=VALUE (def as given to --var); a NAME defined again takes
 * the new value. Returns 0, or -1 with *err pointing at a static message.
 */
int probe_vars_define(struct probe_vars *v, const char *def, const char **err);

/*
 * Append text to out with every $NAME replaced. Returns 0, or -1 when a
 * NAME is not defined: msg says which and *at is the offset of its '$'.
 */
int probe_vars_expand(const struct probe_vars *v, const char *text,
    struct strbuf *out, size_t *at, struct strbuf *msg);

/* The length of the NAME s starts with, 0 when none. */
size_t probe_vars_name_len(const char *s);

void probe_vars_release(struct probe_vars *v);

#endif
