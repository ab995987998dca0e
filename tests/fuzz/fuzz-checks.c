/*
 * fuzz-checks.c: checks files on any bytes, read with a base URL and one
 * --var, --read-only when the input starts with "#ro". Either the file
 * is refused at a place in it, or every check has a name, a URL and a
 * probe config that holds together.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probe/checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* As fuzz-probe_expr.c: nested repetitions make regcomp() explode. */
static int
heavy_regex(const uint8_t *data, size_t size)
{
	size_t i, reps = 0;

	for (i = 0; i < size; i++)
		reps += data[i] == '+' || data[i] == '*' || data[i] == '{';
	return reps > 4 && memchr(data, '~', size) != NULL;
}

static unsigned long
count_lines(const uint8_t *data, size_t size)
{
	unsigned long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_vars vars = PROBE_VARS_INIT;
	struct checks all = CHECKS_INIT;
	struct checks_error err = { 0, 0, STRBUF_INIT };
	struct checks_options o = { "http://127.0.0.1:8080/app/", &vars, 0 };
	const struct probe_config *cfg;
	const char *why;
	size_t i;

	if (heavy_regex(data, size))
		return 0;
	o.read_only = size >= 3 && memcmp(data, "#ro", 3) == 0;
	if (probe_vars_define(&vars, "VERSION=1.\"2\\", &why) != 0)
		__builtin_trap();
	if (checks_parse(&all, (const char *)data, size, &o, &err) != 0) {
		if (err.line == 0 || err.line > count_lines(data, size) ||
		    err.col == 0 || err.msg.len == 0)
			__builtin_trap();
		goto cleanup;
	}
	for (i = 0; i < all.n; i++) {
		cfg = &all.v[i].args.cfg;
		if (all.v[i].name[0] == '\0' || all.v[i].name[0] == '-' ||
		    strncasecmp(all.v[i].url, "http", 4) != 0 ||
		    cfg->timeout_ms < 1 || cfg->threshold < 1 ||
		    cfg->connect_timeout_ms > cfg->timeout_ms ||
		    (o.read_only && !probe_method_reads(cfg->method)) ||
		    cfg->status.n == 0)
			__builtin_trap();
	}
cleanup:
	checks_release(&all);
	strbuf_release(&err.msg);
	probe_vars_release(&vars);
	return 0;
}
