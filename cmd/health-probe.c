/*
 * health-probe: probe HTTP endpoints until they pass or their deadline
 * ends, and say why one failed. See man/health-probe.1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "probe/probe.h"
#include "core/readfile.h"
#include "forge/remoteurl.h"
#include "core/utf8.h"

static const char usage[] =
    "[-hkLqv] [--assert expr] [--cacert file] [--connect-timeout duration] "
    "[--deadline duration] [--expect-status spec] [--expect-version version] "
    "[--fresh-connect] [--header header] [--interval duration] "
    "[--method method] [--pretty] [--resolve host:port:addr] [--retries n] "
    "[--stable-for duration] [--success-threshold n] [--timeout duration] "
    "url ...";

static const struct cli_help help[] = {
	{ "--assert expr", "an assertion that must hold; repeatable" },
	{ "--cacert file", "trust the CA certificates in file" },
	{ "--connect-timeout duration", "longest time to connect, per "
	    "attempt" },
	{ "--deadline duration", "retry failed attempts until this long "
	    "after the start" },
	{ "--expect-status spec", "the statuses that pass (default 2xx)" },
	{ "--expect-version version", "pass only when the body's version "
	    "is this" },
	{ "--fresh-connect", "open a new connection for every attempt" },
	{ "--header header", "send this header; repeatable" },
	{ "--interval duration", "time between attempt starts (default 1s)" },
	{ "-k, --insecure", "do not verify TLS certificates" },
	{ "-L, --location", "follow redirects" },
	{ "--method method", "GET (the default) or HEAD" },
	{ "--resolve host:port:addr", "connect to addr for host:port; "
	    "repeatable" },
	{ "--retries n", "retry at most n failed attempts" },
	{ "--stable-for duration", "the passing attempts must span this "
	    "long" },
	{ "--success-threshold n", "consecutive passing attempts needed "
	    "(default 1)" },
	{ "--timeout duration", "longest time for one attempt (default 10s)" },
	{ "-v, --verbose", "print one line per attempt on stderr" },
	CLI_COMMON_HELP
};

enum {
	OPT_ASSERT = CLI_OPT_TOOL, OPT_CACERT, OPT_CONNECT_TIMEOUT, OPT_DEADLINE,
	OPT_EXPECT_STATUS, OPT_EXPECT_VERSION, OPT_FRESH, OPT_HEADER,
	OPT_INTERVAL, OPT_METHOD, OPT_RESOLVE, OPT_RETRIES, OPT_STABLE,
	OPT_THRESHOLD, OPT_TIMEOUT
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "verbose", no_argument, NULL, 'v' },
	{ "insecure", no_argument, NULL, 'k' },
	{ "location", no_argument, NULL, 'L' },
	{ "assert", required_argument, NULL, OPT_ASSERT },
	{ "cacert", required_argument, NULL, OPT_CACERT },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "deadline", required_argument, NULL, OPT_DEADLINE },
	{ "expect-status", required_argument, NULL, OPT_EXPECT_STATUS },
	{ "expect-version", required_argument, NULL, OPT_EXPECT_VERSION },
	{ "fresh-connect", no_argument, NULL, OPT_FRESH },
	{ "header", required_argument, NULL, OPT_HEADER },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "resolve", required_argument, NULL, OPT_RESOLVE },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "stable-for", required_argument, NULL, OPT_STABLE },
	{ "success-threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

static struct cli cli;

static long long
duration_arg(const char *opt, const char *arg, long long min_ms)
{
	long long ms;

	if (cli_parse_duration(arg, &ms) != 0)
		die(EXIT_USAGE, "%s: '%s' is not a duration (500ms, 5s, 2m)",
		    opt, arg);
	if (ms < min_ms)
		die(EXIT_USAGE, "%s: '%s' is too short", opt, arg);
	return ms;
}

static long
count_arg(const char *opt, const char *arg, long min)
{
	long n;

	if (cli_parse_count(arg, &n) != 0 || n < min)
		die(EXIT_USAGE, "%s: '%s' is not a whole number from %ld",
		    opt, arg, min);
	return n;
}

static void
add_expr(struct probe_expr **v, size_t *n, const char *opt, const char *text)
{
	struct strbuf err = STRBUF_INIT;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	if (probe_expr_parse(&(*v)[*n], text, &err) != 0)
		die(EXIT_USAGE, "%s '%s': %s", opt, text, err.buf);
	(*n)++;
}

/* --expect-version V: json.version == "V" or json.git_commit == "V". */
static void
expect_version(struct probe_config *cfg, const char *v)
{
	static const char *const paths[] = { "json.version", "json.git_commit" };
	json_t *s;
	char *q;
	struct strbuf text = STRBUF_INIT;
	size_t i;

	if (*v == '\0' || !utf8_valid(v, strlen(v)))
		die(EXIT_USAGE, "--expect-version: '%s' is not a version", v);
	/* The last one given counts, as for every other option. */
	for (i = 0; i < cfg->nversion; i++)
		probe_expr_release(&cfg->version[i]);
	cfg->nversion = 0;
	s = json_string(v);
	q = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
	if (q == NULL)
		die_oom();
	for (i = 0; i < 2; i++) {
		strbuf_reset(&text);
		strbuf_addf(&text, "%s == %s", paths[i], q);
		add_expr(&cfg->version, &cfg->nversion, "--expect-version", text.buf);
	}
	cfg->version_text = v;
	strbuf_release(&text);
	free(q);
	json_decref(s);
}

static void
check_header(const char *h)
{
	const char *colon = strchr(h, ':');

	if (colon == NULL || colon == h || strpbrk(h, "\r\n") ||
	    strcspn(h, " \t") < (size_t)(colon - h))
		die(EXIT_USAGE, "--header: '%s' is not 'Name: value'", h);
}

/* An IPv4 or IPv6 address ([::1] or ::1) of len bytes at s. */
static int
is_address(const char *s, size_t len)
{
	char buf[INET6_ADDRSTRLEN + 2];
	struct in6_addr a;

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
		s++, len -= 2;
	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, &a) == 1 || inet_pton(AF_INET6, buf, &a) == 1;
}

/* HOST:PORT:ADDR[,ADDR...]: libcurl would refuse it only when sending. */
static void
check_resolve(const char *r)
{
	const char *c1 = strchr(r, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *a;
	char *end;
	long port = c2 ? strtol(c1 + 1, &end, 10) : 0;
	size_t len;

	if (c1 == NULL || c2 == NULL || c1 == r || end != c2 || port < 1 ||
	    port > 65535)
		die(EXIT_USAGE, "--resolve: '%s' is not HOST:PORT:ADDR", r);
	for (a = c2 + 1;; a += len + 1) {
		len = strcspn(a, ",");
		if (!is_address(a, len))
			die(EXIT_USAGE, "--resolve: '%.*s' in '%s' is not an "
			    "IP address", (int)len, a, r);
		if (a[len] == '\0')
			break;
	}
}

/* Refuse a CA file libcurl would refuse only at the first TLS handshake. */
static void
check_cacert(const char *path)
{
	struct strbuf pem = STRBUF_INIT;
	int bad = 0, found;

	/* readfile() would read standard input, libcurl a file called "-". */
	if (strcmp(path, "-") == 0)
		die(EXIT_USAGE, "--cacert: '-' is not a file (say ./-)");
	if (readfile(path, &pem) != 0)
		bad = errno;
	found = strstr(strbuf_str(&pem), "-----BEGIN CERTIFICATE-----") != NULL;
	strbuf_release(&pem);
	if (bad)
		die(EXIT_USAGE, "--cacert: cannot read '%s': %s", path,
		    strerror(bad));
	if (!found)
		die(EXIT_USAGE, "--cacert: '%s' holds no PEM certificate",
		    path);
}

static void
check_url(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *shown;
	int ok;

	if (u == NULL)
		die_oom();
	ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	curl_free(scheme);
	curl_url_cleanup(u);
	if (!ok) {
		shown = remote_url_redact(url);
		die(EXIT_USAGE, "'%s' is not an http or https URL", shown);
	}
}

static void
parse_options(struct probe_config *cfg, int argc, char **argv)
{
	const char *status = "2xx", *err;
	int opt, connect_set = 0;

	cfg->timeout_ms = 10000;
	cfg->interval_ms = 1000;
	cfg->retries = -1;
	cfg->threshold = 1;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "vkL",
	    longopts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			cfg->verbose = 1;
			break;
		case 'k':
			cfg->insecure = 1;
			break;
		case 'L':
			cfg->follow = 1;
			break;
		case OPT_ASSERT:
			add_expr(&cfg->asserts, &cfg->nasserts, "--assert", optarg);
			break;
		case OPT_CACERT:
			check_cacert(optarg);
			cfg->cacert = optarg;
			break;
		case OPT_CONNECT_TIMEOUT:
			cfg->connect_timeout_ms = duration_arg("--connect-timeout", optarg, 1);
			connect_set = 1;
			break;
		case OPT_DEADLINE:
			cfg->deadline_ms = duration_arg("--deadline", optarg, 0);
			break;
		case OPT_EXPECT_STATUS:
			status = optarg;
			break;
		case OPT_EXPECT_VERSION:
			expect_version(cfg, optarg);
			break;
		case OPT_FRESH:
			cfg->fresh_connect = 1;
			break;
		case OPT_HEADER:
			check_header(optarg);
			cfg->headers = curl_slist_append(cfg->headers, optarg);
			break;
		case OPT_INTERVAL:
			cfg->interval_ms = duration_arg("--interval", optarg, 1);
			break;
		case OPT_METHOD:
			if (strcmp(optarg, "GET") != 0 && strcmp(optarg, "HEAD") != 0)
				die(EXIT_USAGE, "--method: '%s' is not GET or HEAD", optarg);
			cfg->head = strcmp(optarg, "HEAD") == 0;
			break;
		case OPT_RESOLVE:
			check_resolve(optarg);
			cfg->resolve = curl_slist_append(cfg->resolve, optarg);
			break;
		case OPT_RETRIES:
			cfg->retries = count_arg("--retries", optarg, 0);
			break;
		case OPT_STABLE:
			cfg->stable_for_ms = duration_arg("--stable-for", optarg, 0);
			break;
		case OPT_THRESHOLD:
			cfg->threshold = count_arg("--success-threshold", optarg, 1);
			break;
		case OPT_TIMEOUT:
			cfg->timeout_ms = duration_arg("--timeout", optarg, 1);
			break;
		default:
			cli_common_option(&cli, opt, argv);
		}
	}
	cli_done(&cli);
	if (!connect_set || cfg->connect_timeout_ms > cfg->timeout_ms)
		cfg->connect_timeout_ms = cfg->timeout_ms;
	if (probe_status_parse(&cfg->status, status, strlen(status), &err) != 0)
		die(EXIT_USAGE, "--expect-status '%s': %s", status, err);
	cfg->status_text = status;
	/* No attempt starts at the deadline: a span as long can never be. */
	if (cfg->deadline_ms > 0 && cfg->stable_for_ms >= cfg->deadline_ms)
		die(EXIT_USAGE, "--stable-for must be shorter than --deadline");
	if (optind == argc)
		cli_usage_error(&cli, "no URL to probe");
	for (opt = optind; opt < argc; opt++)
		check_url(argv[opt]);
}

static void
config_release(struct probe_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nasserts; i++)
		probe_expr_release(&cfg->asserts[i]);
	for (i = 0; i < cfg->nversion; i++)
		probe_expr_release(&cfg->version[i]);
	free(cfg->asserts);
	free(cfg->version);
	curl_slist_free_all(cfg->headers);
	curl_slist_free_all(cfg->resolve);
}

int
main(int argc, char **argv)
{
	struct probe_config cfg = { 0 };
	struct probe_result *results = NULL;
	json_t *doc = NULL, *list;
	size_t i, n;
	int status = EXIT_ENV, all_ok = 1, unanswered = 0;

	cli_init(&cli, argv[0], usage, help, longopts);
	parse_options(&cfg, argc, argv);
	n = (size_t)(argc - optind);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_ENV, "cannot initialise libcurl");
	results = xcalloc(n, sizeof(*results));
	if (probe_run(&cfg, argv + optind, n, results) != 0)
		goto cleanup;
	doc = json_object();
	list = json_array();
	json_put(doc, "schema", json_string("health-probe/1"));
	for (i = 0; i < n; i++) {
		all_ok &= results[i].ok;
		unanswered |= !results[i].ok && !results[i].answered;
		json_push(list, probe_result_json(&results[i]));
		if (!results[i].ok)
			errmsg("'%s' failed after %ld attempt%s: %s", results[i].url,
			    results[i].attempts, results[i].attempts == 1 ? "" : "s",
			    results[i].error);
	}
	json_put(doc, "ok", json_boolean(all_ok));
	json_put(doc, "results", list);
	if (json_print(stdout, doc, cli.pretty) != 0)
		errmsg("cannot write the result: %s", strerror(errno));
	else
		status = all_ok ? EXIT_OK : unanswered ? EXIT_ENV : EXIT_NO;
cleanup:
	for (i = 0; i < n; i++)
		probe_result_release(&results[i]);
	free(results);
	json_decref(doc);
	config_release(&cfg);
	curl_global_cleanup();
	return status;
}
