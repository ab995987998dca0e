/*
 * health-probe: probe HTTP endpoints until they pass or their deadline
 * ends, and say why one failed; or run a checks file's smoke tests. See
 * man/health-probe.1.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "core/readfile.h"
#include "probe/checks.h"
#include "probe/probe_args.h"
#include "probe/probe_report.h"

static const char usage[] =
    "[-hkLqv] [--assert expr] [--cacert file] [--connect-timeout duration] "
    "[--data body] [--deadline duration] [--expect-status spec] "
    "[--expect-version version] [--format format] [--fresh-connect] "
    "[--header header] [--interval duration] [--method method] [--pretty] "
    "[--read-only] [--resolve host:port:addr] [--retries n] "
    "[--stable-for duration] [--success-threshold n] [--timeout duration] "
    "[--var name=value] [--version] url ...\n"
    "--checks file [-hq] [--base-url url] [--format format] [--pretty] "
    "[--read-only] [--var name=value]";

static const struct cli_help help[] = {
	{ "--assert expr", "an assertion that must hold; repeatable" },
	{ "--base-url url", "with --checks: what a check's /path is "
	    "appended to" },
	{ "--cacert file", "trust the CA certificates in file" },
	{ "--checks file", "run the checks of file (- for standard input)" },
	{ "--connect-timeout duration", "longest time to connect, per "
	    "attempt" },
	{ "--data body", "send body (a POST unless --method says)" },
	{ "--deadline duration", "retry failed attempts until this long "
	    "after the start" },
	{ "--expect-status spec", "the statuses that pass (default 2xx)" },
	{ "--expect-version version", "pass only when the body's version "
	    "is this" },
	{ "--format format", "json (the default), tap or junit on stdout" },
	{ "--fresh-connect", "open a new connection for every attempt" },
	{ "--header header", "send this header; repeatable" },
	{ "--interval duration", "time between attempt starts (default 1s)" },
	{ "-k, --insecure", "do not verify TLS certificates" },
	{ "-L, --location", "follow redirects" },
	{ "--method method", "GET (the default), HEAD, OPTIONS, POST, PUT, "
	    "PATCH or DELETE" },
	{ "--read-only", "refuse a method that may write, before any "
	    "request" },
	{ "--resolve host:port:addr", "connect to addr for host:port; "
	    "repeatable" },
	{ "--retries n", "retry at most n failed attempts" },
	{ "--stable-for duration", "the passing attempts must span this "
	    "long" },
	{ "--success-threshold n", "consecutive passing attempts needed "
	    "(default 1)" },
	{ "--timeout duration", "longest time for one attempt (default 10s)" },
	{ "--var name=value", "$name in assertions is value, as a JSON "
	    "string; repeatable" },
	{ "-v, --verbose", "print one line per attempt on stderr" },
	CLI_COMMON_HELP
};

enum {
	OPT_BASE_URL = PROBE_OPT_FREE, OPT_CHECKS, OPT_FORMAT, OPT_READ_ONLY,
	OPT_VAR
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	PROBE_LONGOPTS,
	{ "base-url", required_argument, NULL, OPT_BASE_URL },
	{ "checks", required_argument, NULL, OPT_CHECKS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "var", required_argument, NULL, OPT_VAR },
	{ NULL, 0, NULL, 0 }
};

enum format { FORMAT_JSON, FORMAT_TAP, FORMAT_JUNIT };

/* What the command line asks beyond one probe's options. */
struct run {
	const char *checks;	/* the checks file, or NULL: the URLs given */
	const char *base_url;
	enum format format;
	int read_only;
	struct probe_vars vars;
};

static struct cli cli;

/* The options of health-probe's own (probe_args_other_fn). */
static int
run_option(void *ctx, int opt, const char *arg, char **argv,
    struct strbuf *msg)
{
	struct run *run = ctx;
	const char *err;

	switch (opt) {
	case OPT_BASE_URL:
		run->base_url = arg;
		if (probe_args_check_url(arg, msg) != 0)
			return -1;
		if (strpbrk(arg, "?#") == NULL)
			return 0;
		strbuf_addf(msg, "--base-url: '%s' has a query or fragment, "
		    "which a path cannot follow", arg);
		return -1;
	case OPT_CHECKS:
		run->checks = arg;
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "json") == 0)
			run->format = FORMAT_JSON;
		else if (strcmp(arg, "tap") == 0)
			run->format = FORMAT_TAP;
		else if (strcmp(arg, "junit") == 0)
			run->format = FORMAT_JUNIT;
		else
			strbuf_addf(msg, "--format: '%s' is not json, tap or junit",
			    arg);
		return msg->len ? -1 : 0;
	case OPT_READ_ONLY:
		run->read_only = 1;
		return 0;
	case OPT_VAR:
		if (probe_vars_define(&run->vars, arg, &err) == 0)
			return 0;
		strbuf_addf(msg, "--var '%s': %s", arg, err);
		return -1;
	}
	cli_common_option(&cli, opt, argv);
	return 0;
}

/* The command line: the run's options, and the probe's for URLs given. */
static void
read_command_line(struct run *run, struct probe_args *pa, int argc,
    char **argv)
{
	struct strbuf msg = STRBUF_INIT;
	int i;

	pa->longopts = longopts;
	pa->shortopts = CLI_COMMON_SHORTOPTS PROBE_SHORTOPTS;
	pa->other = run_option;
	pa->ctx = run;
	pa->vars = &run->vars;
	if (probe_args_parse(pa, argc, argv) != 0)
		die(EXIT_USAGE, "%s", pa->err.buf);
	cli_done(&cli);
	if (run->checks && (pa->given || optind < argc))
		die(EXIT_USAGE, "with --checks, a probe's options and URLs go "
		    "in the checks file");
	if (run->checks)
		return;
	if (run->base_url)
		die(EXIT_USAGE, "--base-url is for --checks");
	if (optind == argc)
		cli_usage_error(&cli, "no URL to probe");
	for (i = optind; i < argc; i++)
		if (probe_args_check_url(argv[i], &msg) != 0)
			die(EXIT_USAGE, "%s", msg.buf);
	if (run->read_only && !probe_method_reads(pa->cfg.method))
		die(EXIT_USAGE, "--read-only: --method %s may write",
		    pa->cfg.method);
}

/* The checks file, every check checked, or exit 2 naming the place. */
static void
load_checks(const struct run *run, struct checks *checks)
{
	struct checks_options o = { run->base_url, &run->vars, run->read_only };
	struct checks_error err = { 0, 0, STRBUF_INIT };
	struct strbuf text = STRBUF_INIT;

	/* readfile() reads standard input for "-": a file can say ./- */
	if (readfile(run->checks, &text) != 0)
		die(EXIT_USAGE, "cannot read '%s': %s", run->checks,
		    strerror(errno));
	if (checks_parse(checks, text.buf ? text.buf : "", text.len, &o,
	    &err) != 0) {
		diag_at(run->checks, err.line, err.col, "error", "%s",
		    err.msg.buf);
		exit(EXIT_USAGE);
	}
	strbuf_release(&text);
	strbuf_release(&err.msg);
}

/* Print the report; the exit status it makes. */
static int
report(const struct run *run, const struct probe_report_item *items,
    size_t n)
{
	json_t *doc = NULL;
	size_t i;
	int all_ok = 1, unanswered = 0, rc;

	for (i = 0; i < n; i++) {
		all_ok &= items[i].res->ok;
		unanswered |= !items[i].res->ok && !items[i].res->answered;
	}
	if (run->checks)
		probe_report_lines(items, n);
	else if (all_ok)
		progress("%zu passed, 0 failed", n);
	else
		for (i = 0; i < n; i++)
			if (!items[i].res->ok)
				errmsg("'%s' failed after %ld attempt%s: %s",
				    items[i].res->url, items[i].res->attempts,
				    items[i].res->attempts == 1 ? "" : "s",
				    items[i].res->error);
	if (run->format == FORMAT_TAP) {
		rc = probe_report_tap(stdout, items, n);
	} else if (run->format == FORMAT_JUNIT) {
		rc = probe_report_junit(stdout, items, n);
	} else {
		doc = probe_report_json(items, n);
		rc = json_print(stdout, doc, cli.pretty);
		json_decref(doc);
	}
	if (rc != 0) {
		errmsg("cannot write the result: %s", strerror(errno));
		return EXIT_ENV;
	}
	return all_ok ? EXIT_OK : unanswered ? EXIT_ENV : EXIT_NO;
}

int
main(int argc, char **argv)
{
	struct run run = { NULL, NULL, FORMAT_JSON, 0, PROBE_VARS_INIT };
	struct probe_args pa = { 0 };
	struct checks checks = CHECKS_INIT;
	struct probe_target *what = NULL;
	struct probe_result *results = NULL;
	struct probe_report_item *items = NULL;
	struct probe_watch watch;
	size_t i, n;
	int status = EXIT_ENV;

	cli_init(&cli, argv[0], usage, help, longopts);
	read_command_line(&run, &pa, argc, argv);
	n = (size_t)(argc - optind);
	if (run.checks) {
		load_checks(&run, &checks);
		n = checks.n;
	}
	what = xcalloc(n, sizeof(*what));
	results = xcalloc(n, sizeof(*results));
	items = xcalloc(n, sizeof(*items));
	for (i = 0; i < n; i++) {
		what[i].url = run.checks ? checks.v[i].url : argv[optind + i];
		what[i].cfg = run.checks ? &checks.v[i].args.cfg : &pa.cfg;
		items[i].name = run.checks ? checks.v[i].name : NULL;
		items[i].res = &results[i];
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_ENV, "cannot initialise libcurl");
	/* -v tells every attempt; -q nothing. */
	probe_watch_init(&watch, clock_ms());
	if (probe_run_targets(what, n, results, cli.quiet || pa.cfg.verbose ?
	    NULL : &watch) == 0)
		status = report(&run, items, n);
	for (i = 0; i < n; i++)
		probe_result_release(&results[i]);
	free(results);
	free(items);
	free(what);
	checks_release(&checks);
	probe_args_release(&pa);
	probe_vars_release(&run.vars);
	curl_global_cleanup();
	return status;
}
