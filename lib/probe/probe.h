/*
 * probe.h: health-probe's engine. Every URL is probed concurrently over
 * one libcurl multi handle, each until it passes or its deadline ends.
 *
 * An attempt passes when the transfer completed, the status matches the
 * spec and every assertion holds. A URL passes after `threshold`
 * consecutive passing attempts whose starts span at least `stable_for_ms`.
 * Attempts start `interval_ms` apart (start to start). Failed attempts are
 * retried while the next start falls before the deadline and, with
 * `retries` >= 0, at most `retries` times; with no deadline and no
 * retries, the first failure is final. No attempt starts after the
 * deadline, and the timeouts of one in flight end there.
 *
 * The caller owns curl_global_init() and curl_global_cleanup().
 */
#ifndef RELTOOLS_PROBE_H
#define RELTOOLS_PROBE_H

#include <curl/curl.h>
#include <jansson.h>

#include "probe/probe_expr.h"
#include "probe/probe_status.h"
#include "probe/probe_watch.h"

struct probe_config {
	struct probe_status status;
	const char *status_text;	/* the spec as given, for messages */
	struct probe_expr *asserts;
	size_t nasserts;
	struct probe_expr *version;	/* --expect-version: json.version ==, */
	size_t nversion;		/* json.git_commit ==; any one holds */
	const char *version_text;
	long long timeout_ms, connect_timeout_ms;
	long long deadline_ms;		/* 0: no deadline */
	long long interval_ms, stable_for_ms;
	long retries;			/* -1: not limited by count */
	long threshold;
	struct curl_slist *headers;	/* --header lines */
	struct curl_slist *resolve;	/* HOST:PORT:ADDR */
	const char *cacert;
	const char *method;		/* NULL: GET; HEAD asks for no body */
	const char *data;		/* the request body, NULL: none */
	size_t data_len;
	int fresh_connect, insecure, follow, verbose;
};

/* One URL to probe, with its own expectations, retries and deadline. */
struct probe_target {
	const char *url;
	const struct probe_config *cfg;
};

struct probe_result {
	char *url;		/* as given, any password replaced by *** */
	int ok;
	int answered;		/* some attempt got a complete HTTP reply */
	long attempts;
	long status;		/* of the last reply, 0 when none */
	double elapsed_ms;	/* from the start of the run to the outcome */
	double timings[5];	/* last attempt, ms from its start: dns,
				   connect, tls, first_byte, total */
	json_t *failures;	/* last attempt: [{assert, actual, message}] */
	char *error;		/* why it failed, NULL when ok */
	char *body_excerpt;	/* the last reply's first 200 bytes (up to a
				   NUL), NULL when none came */
};

/*
 * Probe the n targets at once, each with its config; results[i] gets
 * what[i]'s outcome (release them with probe_result_release()). While
 * they wait, watch (NULL: none) is told what for (probe_watch.h). Returns
 * 0, or -1 when libcurl could not be set up (a message was printed).
 */
int probe_run_targets(const struct probe_target *what, size_t n,
    struct probe_result *results, struct probe_watch *watch);

/* probe_run_targets() of the n urls, all with one config. */
int probe_run(const struct probe_config *cfg, char *const *urls, size_t n,
    struct probe_result *results);

/* The result as the JSON object of the OUTPUT section of the man page. */
json_t *probe_result_json(const struct probe_result *r);

void probe_result_release(struct probe_result *r);

/* "5s", "500ms", "2m": the shortest exact text for ms. */
void probe_format_duration(char *buf, size_t size, long long ms);

#endif
