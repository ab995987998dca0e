/*
 * loadclient: traffic through a deploy, for deploy-slot's tests and
 * bench. N connections (libcurl multi) each request URL in a loop, no
 * retry of ours, until STOPFILE exists or LIMIT has passed:
 *
 *	loadclient [-c N] [-n] [-s STOPFILE] [-t LIMIT] [-e EXPECTFILE] URL
 *
 *	-c N	connections at once (default 16)
 *	-n	no reuse: a new connection for every request (FORBID_REUSE),
 *		and no retry
 *
 * Without -n, a request whose connection the server closed before
 * answering a byte is sent again (twice at most), as browsers do for a
 * GET (counted in "retried"); any other error is a failure.
 *	-s F	stop once F exists (checked every 10 ms)
 *	-t D	stop after D (250ms, 30s; default 60s)
 *	-e F	read at the end: lines "EPOCH_MS VERSION", each meaning
 *		"from then on (until the next line), requests should see
 *		VERSION"; the test appends one when a deploy has returned,
 *		and "EPOCH_MS -" (no expectation) when the next one starts
 *
 * Each answer must be 200 with a JSON body {"version": V}; anything else
 * is a failure (its reason counted in errors). On stdout, at the end:
 *
 *	{"requests": N, "failures": N, "retried": N, "errors": [{"error": TEXT, "count": N}],
 *	 "by_version": {V: N}, "longest_ms": N, "connections": N,
 *	 "expectations": [{"after_ms": T, "version": V, "requests": N,
 *	   "other": N, "fresh": N, "fresh_other": N, "others": {V: N},
 *	   "last_other_ms": N}]}
 *
 * "fresh" counts requests that opened a new connection; "other" those
 * that saw another version (or failed); "last_other_ms" is when the last
 * of those started, after after_ms (-1: none). Exit 0 (the figures say how it
 * went); 2 for a bad option; 3 when libcurl cannot start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/cli.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/readfile.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "forge/http.h"

#define MAX_RETRIES 2

struct record {
	long long start;	/* wall clock, ms since the epoch */
	int version;		/* index in versions; -1 failed */
	int fresh;		/* opened a new connection */
};

struct client {
	CURL *easy;
	struct http_response r;
	long long start, start_mono;
	int retrying;		/* times this request was sent again */
};

static struct record *records;
static size_t nrecords, records_alloc;
static char **versions;		/* distinct versions seen */
static size_t nversions, versions_alloc;
static json_t *errors;		/* {text: count} */
static long long longest;
static long retried;
static int no_reuse;

static long long
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
version_index(const char *v)
{
	size_t i;

	for (i = 0; i < nversions; i++)
		if (strcmp(versions[i], v) == 0)
			return (int)i;
	ALLOC_GROW(versions, nversions + 1, versions_alloc);
	versions[nversions] = xstrdup(v);
	return (int)nversions++;
}

static void
count_error(const char *text)
{
	json_t *n = json_object_get(errors, text);

	json_object_set_new(errors, text, json_integer(n ?
	    json_integer_value(n) + 1 : 1));
}

static void
start(CURLM *multi, struct client *c)
{
	http_response_reset(&c->r);
	if (!c->retrying) {
		c->start = wall_ms();
		c->start_mono = clock_ms();
	}
	curl_multi_add_handle(multi, c->easy);
}

/*
 * c's transfer ended with code: record it, or return 1 to try it again.
 * As a browser does, a GET whose connection the server closed without a
 * byte of answer (Caddy closes idle keep-alive connections on a reload,
 * and its old server those it accepts while it shuts down) is sent
 * again, at most MAX_RETRIES times; never with -n.
 */
static int
finish(struct client *c, CURLcode code)
{
	struct record rec = { c->start, -1, 0 };
	long status = 0, connects = 0;
	long long ms = clock_ms() - c->start_mono;
	struct strbuf why = STRBUF_INIT;
	json_t *body = NULL;
	const char *v;

	curl_easy_getinfo(c->easy, CURLINFO_NUM_CONNECTS, &connects);
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &status);
	if (code != CURLE_OK && status == 0 && !no_reuse &&
	    c->retrying < MAX_RETRIES && c->r.size == 0 &&
	    c->r.headers.len == 0) {
		c->retrying++;
		retried++;
		return 1;
	}
	c->retrying = 0;
	if (ms > longest)
		longest = ms;
	rec.fresh = connects > 0;
	if (code != CURLE_OK) {
		strbuf_addf(&why, "%s", curl_easy_strerror(code));
	} else {
		body = json_loadb(c->r.body.buf ? c->r.body.buf : "",
		    c->r.body.len, 0, NULL);
		v = json_string_value(json_object_get(body, "version"));
		if (status != 200)
			strbuf_addf(&why, "status %ld", status);
		else if (v == NULL)
			strbuf_adds(&why, "not a {\"version\": ...} body");
		else
			rec.version = version_index(v);
	}
	if (why.len)
		count_error(why.buf);
	ALLOC_GROW(records, nrecords + 1, records_alloc);
	records[nrecords++] = rec;
	strbuf_release(&why);
	json_decref(body);
	return 0;
}

/* What the requests started in [after, until) saw (until < 0: no end). */
static json_t *
expectation(long long after, long long until, const char *want)
{
	long reqs = 0, other = 0, fresh = 0, fresh_other = 0;
	long long last_other = -1;
	json_t *o = json_object(), *others = json_object(), *c;
	const char *seen;
	size_t k;
	int bad;

	for (k = 0; k < nrecords; k++) {
		const struct record *r = &records[k];

		if (r->start < after || (until >= 0 && r->start >= until))
			continue;
		seen = r->version < 0 ? "(failed)" : versions[r->version];
		bad = strcmp(seen, want) != 0;
		reqs++;
		fresh += r->fresh;
		if (!bad)
			continue;
		other++;
		fresh_other += r->fresh;
		if (r->start - after > last_other)
			last_other = r->start - after;
		c = json_object_get(others, seen);
		json_object_set_new(others, seen, json_integer(c ?
		    json_integer_value(c) + 1 : 1));
	}
	json_put(o, "after_ms", json_integer(after));
	json_put(o, "version", json_strz(want));
	json_put(o, "requests", json_integer(reqs));
	json_put(o, "other", json_integer(other));
	json_put(o, "fresh", json_integer(fresh));
	json_put(o, "fresh_other", json_integer(fresh_other));
	json_put(o, "others", others);
	json_put(o, "last_other_ms", json_integer(last_other));
	return o;
}

static json_t *
expectations(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *out = json_array();
	long long after[256];
	char *want[256], *line, *save = NULL, *sp;
	size_t n = 0, i;

	if (path == NULL || readfile(path, &sb) != 0) {
		strbuf_release(&sb);
		return out;
	}
	for (line = strtok_r(sb.buf, "\n", &save); line && n < 256;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp = '\0';
		after[n] = atoll(line);
		want[n++] = sp + 1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(want[i], "-") != 0)
			json_push(out, expectation(after[i], i + 1 < n ?
			    after[i + 1] : -1, want[i]));
	strbuf_release(&sb);
	return out;
}

int
main(int argc, char **argv)
{
	const char *stopfile = NULL, *expectfile = NULL, *url;
	long long limit = 60000, deadline, next_check = 0;
	long nconn = 16, connections = 0;
	struct client *clients;
	struct stat st;
	CURLM *multi;
	CURLMsg *msg;
	json_t *doc, *byv, *errs, *count;
	const char *key;
	size_t i;
	int opt, running, left;
	long failures = 0;

	set_progname("loadclient");
	while ((opt = getopt(argc, argv, "c:ns:t:e:")) != -1) {
		switch (opt) {
		case 'c':
			nconn = atol(optarg);
			if (nconn < 1 || nconn > 1024)
				die(2, "-c wants 1 to 1024 connections");
			break;
		case 'n':
			no_reuse = 1;
			break;
		case 's':
			stopfile = optarg;
			break;
		case 't':
			if (cli_parse_duration(optarg, &limit) != 0)
				die(2, "bad duration '%s'", optarg);
			break;
		case 'e':
			expectfile = optarg;
			break;
		default:
			die(2, "usage: loadclient [-c N] [-n] [-s stopfile] "
			    "[-t limit] [-e expectfile] URL");
		}
	}
	if (optind + 1 != argc)
		die(2, "usage: loadclient [-c N] [-n] [-s stopfile] [-t limit] "
		    "[-e expectfile] URL");
	url = argv[optind];
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (multi = curl_multi_init()) == NULL)
		die(3, "cannot initialise libcurl");
	errors = json_object();
	clients = xcalloc((size_t)nconn, sizeof(*clients));
	for (i = 0; i < (size_t)nconn; i++) {
		struct client *c = &clients[i];

		if ((c->easy = curl_easy_init()) == NULL)
			die_oom();
		http_response_init(&c->r, 4096);
		http_response_attach(c->easy, &c->r);
		curl_easy_setopt(c->easy, CURLOPT_URL, url);
		curl_easy_setopt(c->easy, CURLOPT_PRIVATE, c);
		curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c->easy, CURLOPT_NOPROXY, "*");
		curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, 10000L);
		if (no_reuse) {
			curl_easy_setopt(c->easy, CURLOPT_FORBID_REUSE, 1L);
			curl_easy_setopt(c->easy, CURLOPT_FRESH_CONNECT, 1L);
		}
	}
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, nconn);
	deadline = clock_ms() + limit;
	for (i = 0; i < (size_t)nconn; i++)
		start(multi, &clients[i]);
	for (;;) {
		int stop = clock_ms() >= deadline;

		if (!stop && stopfile && clock_ms() >= next_check) {
			stop = stat(stopfile, &st) == 0;
			next_check = clock_ms() + 10;
		}
		curl_multi_perform(multi, &running);
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			struct client *c;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &c);
			curl_multi_remove_handle(multi, c->easy);
			if (finish(c, msg->data.result) || !stop)
				start(multi, c);
		}
		if (stop && running == 0)
			break;
		curl_multi_poll(multi, NULL, 0, 10, NULL);
	}
	doc = json_object();
	byv = json_object();
	for (i = 0; i < nrecords; i++) {
		connections += records[i].fresh;
		if (records[i].version < 0) {
			failures++;
			continue;
		}
		key = versions[records[i].version];
		count = json_object_get(byv, key);
		json_object_set_new(byv, key, json_integer(count ?
		    json_integer_value(count) + 1 : 1));
	}
	errs = json_array();
	json_object_foreach(errors, key, count) {
		json_t *e = json_object();

		json_put(e, "error", json_strz(key));
		json_put(e, "count", json_incref(count));
		json_push(errs, e);
	}
	json_put(doc, "requests", json_integer((json_int_t)nrecords));
	json_put(doc, "failures", json_integer(failures));
	json_put(doc, "retried", json_integer(retried));
	json_put(doc, "errors", errs);
	json_put(doc, "by_version", byv);
	json_put(doc, "longest_ms", json_integer(longest));
	json_put(doc, "connections", json_integer(connections));
	json_put(doc, "expectations", expectations(expectfile));
	json_print(stdout, doc, 0);
	json_decref(doc);
	json_decref(errors);
	for (i = 0; i < (size_t)nconn; i++) {
		curl_easy_cleanup(clients[i].easy);
		http_response_release(&clients[i].r);
	}
	for (i = 0; i < nversions; i++)
		free(versions[i]);
	free(versions);
	free(clients);
	free(records);
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	return 0;
}
