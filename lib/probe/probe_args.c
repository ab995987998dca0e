/* probe_args.c: one probe's options, from any argv (see probe_args.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/readfile.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forge/remoteurl.h"
#include "probe/probe_args.h"

/* The methods a probe may send; the first three only read. */
static const char *const methods[] = {
	"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))
#define NREADING 3

/* An --assert, compiled once every --var is known. */
struct pending_assert {
	const char *text;
	const char *word;
};

static int
bad(struct probe_args *pa, const char *word, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct probe_args *pa, const char *word, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&pa->err, fmt, ap);
	va_end(ap);
	pa->err_word = word;
	return -1;
}

static int
duration_arg(struct probe_args *pa, const char *word, const char *opt,
    const char *arg, long long min_ms, long long *ms)
{
	if (cli_parse_duration(arg, ms) != 0)
		return bad(pa, word, "%s: '%s' is not a duration (500ms, 5s, 2m)",
		    opt, arg);
	if (*ms < min_ms)
		return bad(pa, word, "%s: '%s' is too short", opt, arg);
	return 0;
}

static int
count_arg(struct probe_args *pa, const char *word, const char *opt,
    const char *arg, long min, long *n)
{
	if (cli_parse_count(arg, n) != 0 || *n < min)
		return bad(pa, word, "%s: '%s' is not a whole number from %ld",
		    opt, arg, min);
	return 0;
}

static int
add_expr(struct probe_args *pa, struct probe_expr **v, size_t *n,
    const char *word, const char *opt, const char *text)
{
	struct strbuf err = STRBUF_INIT;
	int rc = 0;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	if (probe_expr_parse(&(*v)[*n], text, &err) != 0)
		rc = bad(pa, word, "%s '%s': %s", opt, text, err.buf);
	else
		(*n)++;
	strbuf_release(&err);
	return rc;
}

/* --expect-version V: json.version == "V" or json.git_commit == "V". */
static int
expect_version(struct probe_args *pa, const char *word, const char *v)
{
	static const char *const paths[] = { "json.version", "json.git_commit" };
	struct probe_config *cfg = &pa->cfg;
	struct strbuf text = STRBUF_INIT;
	size_t i;
	int rc = 0;

	if (*v == '\0' || !utf8_valid(v, strlen(v)))
		return bad(pa, word, "--expect-version: '%s' is not a version", v);
	/* The last one given counts, as for every other option. */
	for (i = 0; i < cfg->nversion; i++)
		probe_expr_release(&cfg->version[i]);
	cfg->nversion = 0;
	for (i = 0; i < 2 && rc == 0; i++) {
		strbuf_reset(&text);
		strbuf_addf(&text, "%s == ", paths[i]);
		json_quotez(&text, v);
		rc = add_expr(pa, &cfg->version, &cfg->nversion, word,
		    "--expect-version", text.buf);
	}
	cfg->version_text = v;
	strbuf_release(&text);
	return rc;
}

static int
check_header(struct probe_args *pa, const char *word, const char *h)
{
	const char *colon = strchr(h, ':'), *p;

	if (colon == NULL || colon == h || strcspn(h, " \t") <
	    (size_t)(colon - h))
		return bad(pa, word, "--header: '%s' is not 'Name: value'", h);
	/* RFC 9110: no control character but HTAB in a field, none in a
	   name; a CR or LF would even start another header. */
	for (p = h; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
			return bad(pa, word, "--header: a control character "
			    "(0x%02x) at byte %zu of '%.*s...'",
			    (unsigned char)*p, (size_t)(p - h) + 1,
			    (int)(colon - h), h);
	return 0;
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
static int
check_resolve(struct probe_args *pa, const char *word, const char *r)
{
	const char *c1 = strchr(r, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *a;
	char *end;
	long port = c2 ? strtol(c1 + 1, &end, 10) : 0;
	size_t len;

	if (c1 == NULL || c2 == NULL || c1 == r || end != c2 || port < 1 ||
	    port > 65535)
		return bad(pa, word, "--resolve: '%s' is not HOST:PORT:ADDR", r);
	for (a = c2 + 1;; a += len + 1) {
		len = strcspn(a, ",");
		if (!is_address(a, len))
			return bad(pa, word, "--resolve: '%.*s' in '%s' is not "
			    "an IP address", (int)len, a, r);
		if (a[len] == '\0')
			return 0;
	}
}

/* Refuse a CA file libcurl would refuse only at the first TLS handshake. */
static int
check_cacert(struct probe_args *pa, const char *word, const char *path)
{
	struct strbuf pem = STRBUF_INIT;
	int fault = 0, found;

	/* readfile() would read standard input, libcurl a file called "-". */
	if (strcmp(path, "-") == 0)
		return bad(pa, word, "--cacert: '-' is not a file (say ./-)");
	if (readfile(path, &pem) != 0)
		fault = errno;
	found = strstr(strbuf_str(&pem), "-----BEGIN CERTIFICATE-----") != NULL;
	strbuf_release(&pem);
	if (fault)
		return bad(pa, word, "--cacert: cannot read '%s': %s", path,
		    strerror(fault));
	if (!found)
		return bad(pa, word, "--cacert: '%s' holds no PEM certificate",
		    path);
	return 0;
}

static int
status_arg(struct probe_args *pa, const char *word)
{
	struct probe_config *cfg = &pa->cfg;
	const char *err;

	if (probe_status_parse(&cfg->status, cfg->status_text,
	    strlen(cfg->status_text), &err) != 0)
		return bad(pa, word, "--expect-status '%s': %s",
		    cfg->status_text, err);
	return 0;
}

static int
set_method(struct probe_args *pa, const char *word, const char *m)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++) {
		if (strcmp(m, methods[i]) == 0) {
			pa->cfg.method = methods[i];
			pa->method_word = word;
			return 0;
		}
	}
	return bad(pa, word, "--method: '%s' is not GET, HEAD, OPTIONS, POST, "
	    "PUT, PATCH or DELETE", m);
}

int
probe_method_reads(const char *method)
{
	size_t i;

	for (i = 0; method && i < NREADING; i++)
		if (strcmp(method, methods[i]) == 0)
			return 1;
	return method == NULL;
}

/*
 * A host libcurl would only fail to resolve, after the other URLs were
 * asked: an address in brackets (libcurl checked it), or names of
 * letters, digits, '-', '_' and '.', or of UTF-8 (IDN).
 */
static int
valid_host(const char *host)
{
	const char *p;

	if (host[0] == '[' || host[0] == '\0')
		return host[0] == '[';
	for (p = host; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_' ||
		    *p == '.' || (unsigned char)*p >= 0x80))
			return 0;
	return utf8_valid(host, strlen(host));
}

int
probe_args_check_url(const char *url, struct strbuf *msg)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *shown;
	int ok;

	if (u == NULL)
		die_oom();
	ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
	    curl_url_get(u, CURLUPART_HOST, &host, CURLU_URLDECODE) ==
	    CURLUE_OK && valid_host(host);
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	if (ok)
		return 0;
	shown = remote_url_redact(url);
	strbuf_addf(msg, "'%s' is not an http or https URL", shown);
	free(shown);
	return -1;
}

/* One option of a probe's, with its value arg from word. */
static int
apply(struct probe_args *pa, int opt, const char *arg, const char *word,
    struct pending_assert **asserts, size_t *nasserts)
{
	struct probe_config *cfg = &pa->cfg;

	switch (opt) {
	case 'v':
		cfg->verbose = 1;
		return 0;
	case 'k':
		cfg->insecure = 1;
		return 0;
	case 'L':
		cfg->follow = 1;
		return 0;
	case PROBE_OPT_ASSERT:
		*asserts = xrealloc(*asserts, (*nasserts + 1) * sizeof(**asserts));
		(*asserts)[*nasserts].text = arg;
		(*asserts)[(*nasserts)++].word = word;
		return 0;
	case PROBE_OPT_CACERT:
		cfg->cacert = arg;
		return check_cacert(pa, word, arg);
	case PROBE_OPT_CONNECT_TIMEOUT:
		return duration_arg(pa, word, "--connect-timeout", arg, 1,
		    &cfg->connect_timeout_ms);
	case PROBE_OPT_DATA:
		cfg->data = arg;
		cfg->data_len = strlen(arg);
		if (pa->method_word == NULL)
			pa->method_word = word;
		return 0;
	case PROBE_OPT_DEADLINE:
		return duration_arg(pa, word, "--deadline", arg, 0,
		    &cfg->deadline_ms);
	case PROBE_OPT_EXPECT_STATUS:
		cfg->status_text = arg;
		return status_arg(pa, word);
	case PROBE_OPT_EXPECT_VERSION:
		return expect_version(pa, word, arg);
	case PROBE_OPT_FRESH:
		cfg->fresh_connect = 1;
		return 0;
	case PROBE_OPT_HEADER:
		if (check_header(pa, word, arg) != 0)
			return -1;
		cfg->headers = curl_slist_append(cfg->headers, arg);
		return 0;
	case PROBE_OPT_INTERVAL:
		return duration_arg(pa, word, "--interval", arg, 1,
		    &cfg->interval_ms);
	case PROBE_OPT_METHOD:
		return set_method(pa, word, arg);
	case PROBE_OPT_RESOLVE:
		if (check_resolve(pa, word, arg) != 0)
			return -1;
		cfg->resolve = curl_slist_append(cfg->resolve, arg);
		return 0;
	case PROBE_OPT_RETRIES:
		return count_arg(pa, word, "--retries", arg, 0, &cfg->retries);
	case PROBE_OPT_STABLE:
		return duration_arg(pa, word, "--stable-for", arg, 0,
		    &cfg->stable_for_ms);
	case PROBE_OPT_THRESHOLD:
		return count_arg(pa, word, "--success-threshold", arg, 1,
		    &cfg->threshold);
	case PROBE_OPT_TIMEOUT:
		return duration_arg(pa, word, "--timeout", arg, 1,
		    &cfg->timeout_ms);
	}
	return 1;	/* not a probe's */
}

/* Substitute the --var values and compile every --assert. */
static int
compile_asserts(struct probe_args *pa, const struct pending_assert *v,
    size_t n)
{
	static const struct probe_vars none = PROBE_VARS_INIT;
	struct strbuf text = STRBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		strbuf_reset(&text);
		strbuf_reset(&pa->err);
		strbuf_addf(&pa->err, "--assert '%s': ", v[i].text);
		if (probe_vars_expand(pa->vars ? pa->vars : &none, v[i].text,
		    &text, &pa->err_off, &pa->err) != 0) {
			pa->err_word = v[i].word;
			/* The offset is in the word, which may be --assert=... */
			pa->err_off += (size_t)(v[i].text - v[i].word);
			rc = -1;
		} else {
			strbuf_reset(&pa->err);
			rc = add_expr(pa, &pa->cfg.asserts, &pa->cfg.nasserts,
			    v[i].word, "--assert", strbuf_str(&text));
		}
	}
	strbuf_release(&text);
	return rc;
}

/* What holds only once every option is known. */
static int
finish(struct probe_args *pa, int connect_set)
{
	struct probe_config *cfg = &pa->cfg;

	if (!connect_set || cfg->connect_timeout_ms > cfg->timeout_ms)
		cfg->connect_timeout_ms = cfg->timeout_ms;
	/* No attempt starts at the deadline: a span as long can never be. */
	if (cfg->deadline_ms > 0 && cfg->stable_for_ms >= cfg->deadline_ms)
		return bad(pa, NULL, "--stable-for must be shorter than --deadline");
	if (cfg->data && cfg->method && probe_method_reads(cfg->method))
		return bad(pa, pa->method_word, "--data: a %s request sends no "
		    "body", cfg->method);
	if (cfg->data && cfg->method == NULL)
		cfg->method = "POST";
	return 0;
}

int
probe_args_parse(struct probe_args *pa, int argc, char **argv)
{
	struct probe_config *cfg = &pa->cfg;
	struct pending_assert *asserts = NULL;
	size_t nasserts = 0;
	int opt, rc = -1, connect_set = 0, r;

	strbuf_reset(&pa->err);
	memset(cfg, 0, sizeof(*cfg));
	cfg->timeout_ms = 10000;
	cfg->interval_ms = 1000;
	cfg->retries = -1;
	cfg->threshold = 1;
	cfg->status_text = "2xx";
	status_arg(pa, NULL);
	pa->given = 0;
	pa->method_word = pa->err_word = NULL;
	pa->err_off = 0;
	opterr = 0;
	optind = 0;	/* glibc: start afresh, as for a new argv */
	while ((opt = getopt_long(argc, argv, pa->shortopts, pa->longopts,
	    NULL)) != -1) {
		r = apply(pa, opt, optarg, argv[optind - 1], &asserts, &nasserts);
		if (r < 0)
			goto cleanup;
		if (r == 0) {
			pa->given++;
			connect_set |= opt == PROBE_OPT_CONNECT_TIMEOUT;
			continue;
		}
		if (pa->other == NULL) {
			r = cli_option_error(pa->longopts, opt, argv, &pa->err);
			pa->err_word = argv[r];
			goto cleanup;
		}
		if (pa->other(pa->ctx, opt, optarg, argv, &pa->err) != 0) {
			pa->err_word = argv[optind - 1];
			goto cleanup;
		}
	}
	if (compile_asserts(pa, asserts, nasserts) != 0 ||
	    finish(pa, connect_set) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	free(asserts);
	return rc;
}

void
probe_args_release(struct probe_args *pa)
{
	struct probe_config *cfg = &pa->cfg;
	size_t i;

	for (i = 0; i < cfg->nasserts; i++)
		probe_expr_release(&cfg->asserts[i]);
	for (i = 0; i < cfg->nversion; i++)
		probe_expr_release(&cfg->version[i]);
	free(cfg->asserts);
	free(cfg->version);
	curl_slist_free_all(cfg->headers);
	curl_slist_free_all(cfg->resolve);
	strbuf_release(&pa->err);
	memset(cfg, 0, sizeof(*cfg));
}
