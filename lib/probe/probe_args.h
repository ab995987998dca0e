/*
 * probe_args.h: one probe's options, read into a probe_config. health-probe
 * reads its command line and every line of a checks file with this one
 * table and parser, so a check takes exactly what the command line takes.
 *
 * Every value is checked here (durations, counts, status specs, headers,
 * --resolve, --cacert files, assertions): nothing is left for libcurl to
 * refuse once requests are under way. See man/health-probe.1, OPTIONS.
 */
#ifndef RELTOOLS_PROBE_ARGS_H
#define RELTOOLS_PROBE_ARGS_H

#include "core/cli.h"
#include "core/strbuf.h"
#include "probe/probe.h"
#include "probe/probe_vars.h"

enum {
	PROBE_OPT_ASSERT = CLI_OPT_TOOL, PROBE_OPT_CACERT,
	PROBE_OPT_CONNECT_TIMEOUT, PROBE_OPT_DATA, PROBE_OPT_DEADLINE,
	PROBE_OPT_EXPECT_STATUS, PROBE_OPT_EXPECT_VERSION, PROBE_OPT_FRESH,
	PROBE_OPT_HEADER, PROBE_OPT_INTERVAL, PROBE_OPT_METHOD,
	PROBE_OPT_RESOLVE, PROBE_OPT_RETRIES, PROBE_OPT_STABLE,
	PROBE_OPT_THRESHOLD, PROBE_OPT_TIMEOUT,
	PROBE_OPT_FREE	/* the first value free for the tool's own options */
};

/* A probe's short options, and its entries of a getopt_long table. */
#define PROBE_SHORTOPTS "vkL"
#define PROBE_LONGOPTS \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "insecure", no_argument, NULL, 'k' }, \
	{ "location", no_argument, NULL, 'L' }, \
	{ "assert", required_argument, NULL, PROBE_OPT_ASSERT }, \
	{ "cacert", required_argument, NULL, PROBE_OPT_CACERT }, \
	{ "connect-timeout", required_argument, NULL, PROBE_OPT_CONNECT_TIMEOUT }, \
	{ "data", required_argument, NULL, PROBE_OPT_DATA }, \
	{ "deadline", required_argument, NULL, PROBE_OPT_DEADLINE }, \
	{ "expect-status", required_argument, NULL, PROBE_OPT_EXPECT_STATUS }, \
	{ "expect-version", required_argument, NULL, PROBE_OPT_EXPECT_VERSION }, \
	{ "fresh-connect", no_argument, NULL, PROBE_OPT_FRESH }, \
	{ "header", required_argument, NULL, PROBE_OPT_HEADER }, \
	{ "interval", required_argument, NULL, PROBE_OPT_INTERVAL }, \
	{ "method", required_argument, NULL, PROBE_OPT_METHOD }, \
	{ "resolve", required_argument, NULL, PROBE_OPT_RESOLVE }, \
	{ "retries", required_argument, NULL, PROBE_OPT_RETRIES }, \
	{ "stable-for", required_argument, NULL, PROBE_OPT_STABLE }, \
	{ "success-threshold", required_argument, NULL, PROBE_OPT_THRESHOLD }, \
	{ "timeout", required_argument, NULL, PROBE_OPT_TIMEOUT }

/*
 * An option of the tool's own, not a probe's: handle it and return 0, or
 * return -1 with a message in msg. opt is also '?' or ':' for getopt's
 * errors, which a tool may handle (cli_common_option) or return -1 for.
 */
typedef int probe_args_other_fn(void *ctx, int opt, const char *arg,
    char **argv, struct strbuf *msg);

struct probe_args {
	/* In: */
	const struct option *longopts;	/* PROBE_LONGOPTS and the tool's */
	const char *shortopts;		/* PROBE_SHORTOPTS and the tool's */
	probe_args_other_fn *other;	/* NULL: every other option is wrong */
	void *ctx;
	/* for $NAME in --assert: read after the last option, so a --var
	   the other function defines counts wherever it stands */
	const struct probe_vars *vars;

	/* Out: */
	struct probe_config cfg;
	int given;			/* probe options read */
	const char *method_word;	/* the word that set the method
					   (--method or --data), or NULL */
	/* On error, the word at fault (a member of argv), and where in it. */
	const char *err_word;
	size_t err_off;
	struct strbuf err;
};

/*
 * Read the options of argv (argv[0] a name, skipped) into pa->cfg, with
 * getopt_long, which moves the operands to argv[optind..argc) where they
 * stand after the call. Returns 0, or -1 with pa->err and pa->err_word
 * set. Release pa with probe_args_release() either way.
 */
int probe_args_parse(struct probe_args *pa, int argc, char **argv);

/* Is url an http or https URL? 0, or -1 with a message in msg. */
int probe_args_check_url(const char *url, struct strbuf *msg);

/* Does the method only read (GET, HEAD, OPTIONS)? NULL is GET. */
int probe_method_reads(const char *method);

void probe_args_release(struct probe_args *pa);

#endif
