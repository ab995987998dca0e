/* probe.c: probing URLs concurrently with libcurl multi. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/http.h"
#include "core/jsonout.h"
#include "probe/probe.h"
#include "forge/remoteurl.h"

#define IDLE_WAIT_MS 1000	/* longest sleep of the event loop */
#define FDS_RESERVED 16		/* descriptors kept for libcurl and us */
#define FDS_PER_TRANSFER 4	/* its socket, one in the connection cache,
				   the resolver's pair */

struct target {
	const struct probe_config *cfg;
	CURL *easy;
	struct http_response resp;
	char errbuf[CURL_ERROR_SIZE];
	struct probe_result *res;
	long long started;	/* this attempt */
	long long timeout_ms, connect_timeout_ms;	/* this attempt's */
	int at_deadline;	/* its timeout is cut at the deadline */
	int socket_errno;	/* why this attempt got no socket, or 0 */
	long long next_at;	/* the next attempt, when idle */
	long long deadline_at;	/* LLONG_MAX: none */
	long long streak_start;
	char *last_failure;	/* the reason of the attempt before, if it failed */
	long passes;		/* consecutive */
	long failed;		/* failed attempts */
	int running, done;
};

void
probe_format_duration(char *buf, size_t size, long long ms)
{
	if (ms != 0 && ms % 60000 == 0)
		snprintf(buf, size, "%lldm", ms / 60000);
	else if (ms % 1000 == 0)
		snprintf(buf, size, "%llds", ms / 1000);
	else
		snprintf(buf, size, "%lldms", ms);
}

/* Ask for cfg's method, with its body if any. */
static void
set_method(CURL *h, const struct probe_config *cfg)
{
	if (cfg->method == NULL || strcmp(cfg->method, "GET") == 0)
		return;
	if (strcmp(cfg->method, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		return;
	}
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, cfg->method);
	/* A POST, PUT or PATCH says how long its body is, even empty. */
	if (cfg->data || cfg->method[0] == 'P') {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(cfg->data ? cfg->data_len : 0));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, cfg->data ? cfg->data : "");
	}
}

/* libcurl's socket, opened here to know why there is none. */
static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct target *t = arg;
	curl_socket_t fd = socket(a->family, a->socktype, a->protocol);

	(void)purpose;
	if (fd == CURL_SOCKET_BAD)
		t->socket_errno = errno;
	return fd;
}

static int
target_init(struct target *t, const struct probe_target *what,
    struct probe_result *res)
{
	const struct probe_config *cfg = what->cfg;
	const char *url = what->url;
	CURL *h = curl_easy_init();

	memset(t, 0, sizeof(*t));
	if (h == NULL)
		return -1;
	t->cfg = cfg;
	t->easy = h;
	t->res = res;
	http_response_init(&t->resp, PROBE_BODY_MAX);
	http_response_attach(h, &t->resp);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, t);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, t);
	/* Never file:// or anything else, even with an older libcurl. */
	if (curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK)
		return -1;
	curl_easy_setopt(h, CURLOPT_USERAGENT, "health-probe/" RELTOOLS_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, cfg->headers);
	curl_easy_setopt(h, CURLOPT_RESOLVE, cfg->resolve);
	set_method(h, cfg);
	if (cfg->follow) {
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
	}
	if (cfg->fresh_connect) {
		curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	}
	if (cfg->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (cfg->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->cacert);
	res->url = remote_url_redact(url);
	res->failures = json_array();
	return 0;
}

/* The host name of h's effective URL (curl_free() it). */
static char *
host_of(CURL *h)
{
	CURLU *u = curl_url();
	char *url = NULL, *host = NULL;

	curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
	if (u && url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
		curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_cleanup(u);
	return host;
}

/* Why a transfer that ended with rc got no complete reply. */
static void
transport_reason(struct target *t, CURLcode rc, struct strbuf *why)
{
	char d[32], *host;
	const char *to;
	size_t len;
	long oserr = 0, code = 0;
	curl_off_t connected = 0;

	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &oserr);
	if (t->socket_errno)
		oserr = t->socket_errno;
	/* Out of descriptors or memory here: no fault of the server's. */
	if (oserr == EMFILE || oserr == ENFILE || oserr == ENOMEM ||
	    oserr == ENOBUFS || rc == CURLE_OUT_OF_MEMORY) {
		strbuf_addf(why, "local error: %s", rc == CURLE_OUT_OF_MEMORY ?
		    strerror(ENOMEM) : strerror((int)oserr));
		if (oserr == EMFILE || oserr == ENFILE)
			strbuf_adds(why, " (the descriptor limit, ulimit -n)");
		return;
	}
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			strbuf_adds(why, "connection refused");
		else
			strbuf_addf(why, "cannot connect: %s", t->errbuf);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connected);
		if (connected == 0 && t->connect_timeout_ms < t->timeout_ms) {
			probe_format_duration(d, sizeof(d), t->connect_timeout_ms);
			strbuf_addf(why, "connect timeout after %s", d);
		} else {
			probe_format_duration(d, sizeof(d), t->timeout_ms);
			strbuf_addf(why, "timeout after %s", d);
		}
		if (t->at_deadline)
			strbuf_adds(why, " (the deadline)");
		break;
	case CURLE_PARTIAL_FILE:
		strbuf_addf(why, "body cut short: %s", t->errbuf);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code / 100 != 3) {
			strbuf_addf(why, "not an http reply: %s", t->errbuf);
			break;
		}
		to = http_header_find(t->resp.headers.buf, t->resp.headers.len,
		    "location", 8, &len);
		strbuf_addf(why, "redirect to '%.*s' refused: not http or https",
		    to ? (int)len : 1, to ? to : "?");
		break;
	case CURLE_GOT_NOTHING:
		strbuf_adds(why, "connection closed without a response");
		break;
	case CURLE_RECV_ERROR:
		if (oserr == ECONNRESET)
			strbuf_adds(why, "connection reset");
		else
			strbuf_addf(why, "receive error: %s", t->errbuf);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		host = host_of(t->easy);
		strbuf_addf(why, "cannot resolve host '%s'", host ? host : "?");
		curl_free(host);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		strbuf_addf(why, "tls error: %s", t->errbuf[0] ? t->errbuf :
		    curl_easy_strerror(rc));
		break;
	default:
		strbuf_adds(why, t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
		break;
	}
}

static void
add_failure(json_t *failures, const char *assert, json_t *actual,
    const char *message)
{
	json_t *f = json_object();

	json_put(f, "assert", json_strz(assert));
	json_put(f, "actual", actual);
	json_put(f, "message", json_strz(message));
	json_push(failures, f);
}

/* Check a complete reply against every expectation; fills failures. */
static void
check_reply(struct target *t, json_t *failures)
{
	const struct probe_config *cfg = t->cfg;
	struct probe_reply reply;
	struct strbuf msg = STRBUF_INIT, first = STRBUF_INIT, spec = STRBUF_INIT;
	json_t *actual = NULL, *first_actual = NULL;
	curl_off_t total = 0;
	size_t i;
	int any = 0;

	probe_reply_init(&reply);
	curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &total);
	reply.status = t->res->status;
	reply.time_ms = (double)total / 1000.0;
	reply.size = t->resp.size;
	reply.body = t->resp.body.buf;
	reply.body_len = t->resp.body.len;
	reply.headers = t->resp.headers.buf;
	reply.headers_len = t->resp.headers.len;
	if (!probe_status_match(&cfg->status, reply.status)) {
		strbuf_addf(&msg, "http %ld", reply.status);
		strbuf_addf(&spec, "--expect-status %s", cfg->status_text);
		add_failure(failures, spec.buf, json_integer(reply.status), msg.buf);
		strbuf_reset(&msg);
	}
	for (i = 0; i < cfg->nasserts; i++) {
		if (!probe_expr_eval(&cfg->asserts[i], &reply, &actual, &msg))
			add_failure(failures, cfg->asserts[i].text, actual, msg.buf);
		strbuf_reset(&msg);
	}
	/* --expect-version: any one holds; else the first failure shows. */
	for (i = 0; i < cfg->nversion && !any; i++) {
		if (probe_expr_eval(&cfg->version[i], &reply, &actual, &msg)) {
			any = 1;
		} else if (first_actual == NULL) {
			first_actual = actual;
			strbuf_add(&first, msg.buf, msg.len);
		} else {
			json_decref(actual);
		}
		strbuf_reset(&msg);
	}
	if (cfg->nversion && !any) {
		strbuf_reset(&spec);
		strbuf_addf(&spec, "--expect-version %s", cfg->version_text);
		add_failure(failures, spec.buf, first_actual, first.buf);
		first_actual = NULL;
	}
	json_decref(first_actual);
	probe_reply_release(&reply);
	strbuf_release(&msg);
	strbuf_release(&first);
	strbuf_release(&spec);
}

static void
record_timings(struct target *t)
{
	static const CURLINFO info[5] = {
		CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T,
		CURLINFO_APPCONNECT_TIME_T, CURLINFO_STARTTRANSFER_TIME_T,
		CURLINFO_TOTAL_TIME_T,
	};
	curl_off_t us;
	size_t i;

	for (i = 0; i < 5; i++) {
		us = 0;
		curl_easy_getinfo(t->easy, info[i], &us);
		t->res->timings[i] = (double)us / 1000.0;
	}
}

/* Decide what follows a failed or passing attempt. */
static void
schedule(struct target *t, int pass, int cut, long long now,
    struct strbuf *why)
{
	const struct probe_config *cfg = t->cfg;
	int more;

	if (pass && t->passes >= cfg->threshold &&
	    t->started - t->streak_start >= cfg->stable_for_ms) {
		t->done = 1;
		t->res->ok = 1;
		return;
	}
	t->next_at = t->started + cfg->interval_ms;
	if (t->next_at < now)
		t->next_at = now;
	/* An attempt the deadline ended leaves no time for another. */
	more = t->next_at < t->deadline_at && !cut;
	if (!pass && cfg->retries >= 0)
		more = more && t->failed <= cfg->retries;
	else if (!pass && cfg->deadline_ms == 0)
		more = 0;
	if (more)
		return;
	t->done = 1;
	if (pass && t->passes < cfg->threshold)
		strbuf_addf(why, "%ld consecutive passes of %ld before the deadline",
		    t->passes, cfg->threshold);
	else if (pass)
		strbuf_addf(why, "passes spanned %lldms of the %lldms asked "
		    "before the deadline", t->started - t->streak_start,
		    cfg->stable_for_ms);
}

static void
join_messages(const json_t *failures, struct strbuf *why)
{
	size_t i;
	json_t *f;

	json_array_foreach(failures, i, f) {
		if (i)
			strbuf_adds(why, "; ");
		strbuf_adds(why, json_string_value(json_object_get(f, "message")));
	}
}

static void
finish_attempt(struct target *t, CURLcode rc, long long start)
{
	const struct probe_config *cfg = t->cfg;
	struct probe_result *res = t->res;
	struct strbuf why = STRBUF_INIT;
	long code = 0;
	long long now = clock_ms();
	int answered, pass;

	t->running = 0;
	record_timings(t);
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
	/* A redirect -L refuses to follow is a complete (bad) reply too. */
	answered = rc == CURLE_OK || rc == CURLE_TOO_MANY_REDIRECTS ||
	    (rc == CURLE_UNSUPPORTED_PROTOCOL && code / 100 == 3);
	res->status = code;
	free(res->body_excerpt);
	res->body_excerpt = answered ? xstrndup(strbuf_str(&t->resp.body),
	    t->resp.body.len < 200 ? t->resp.body.len : 200) : NULL;
	json_array_clear(res->failures);
	if (rc == CURLE_TOO_MANY_REDIRECTS)
		strbuf_adds(&why, "too many redirects");
	else if (rc != CURLE_OK)
		transport_reason(t, rc, &why);
	else
		check_reply(t, res->failures);
	res->answered |= answered;
	join_messages(res->failures, &why);
	pass = why.len == 0;
	if (pass) {
		if (t->passes++ == 0)
			t->streak_start = t->started;
	} else {
		t->passes = 0;
		t->failed++;
	}
	if (cfg->verbose && pass)
		progress("'%s' attempt %ld: pass %ld of %ld, http %ld in %.0fms",
		    res->url, res->attempts, t->passes, cfg->threshold, code,
		    res->timings[4]);
	else if (cfg->verbose)
		progress("'%s' attempt %ld: %s (%.0fms)", res->url, res->attempts,
		    why.buf, res->timings[4]);
	schedule(t, pass, rc == CURLE_OPERATION_TIMEDOUT && t->at_deadline, now,
	    &why);
	if (t->done)
		res->elapsed_ms = (double)(now - start);
	if (t->done && !res->ok) {
		/* An attempt the deadline cut short says little on its own. */
		if (rc == CURLE_OPERATION_TIMEDOUT && t->at_deadline &&
		    t->last_failure)
			strbuf_addf(&why, "; before it: %s", t->last_failure);
		free(res->error);
		res->error = xstrdup(why.buf);
	}
	free(t->last_failure);
	t->last_failure = pass ? NULL : strbuf_detach(&why, NULL);
	strbuf_release(&why);
}

/*
 * No attempt runs past the deadline: its timeouts end there at most.
 * Returns 0, or -1 when libcurl refused the transfer.
 */
static int
start_attempt(CURLM *multi, struct target *t, long long now)
{
	const struct probe_config *cfg = t->cfg;
	long long left = t->deadline_at - now;

	t->at_deadline = left < cfg->timeout_ms;
	t->timeout_ms = !t->at_deadline ? cfg->timeout_ms : left > 0 ? left : 1;
	t->connect_timeout_ms = cfg->connect_timeout_ms < t->timeout_ms ?
	    cfg->connect_timeout_ms : t->timeout_ms;
	curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long)t->timeout_ms);
	curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)t->connect_timeout_ms);
	http_response_reset(&t->resp);
	t->errbuf[0] = '\0';
	t->socket_errno = 0;
	t->started = now;
	t->running = 1;
	t->res->attempts++;
	return curl_multi_add_handle(multi, t->easy) == CURLM_OK ? 0 : -1;
}

/* A target whose deadline came before its attempt could start (all
   transfers busy): done, with the reason of the attempt before, if any. */
static void
expire(struct target *t)
{
	t->done = 1;
	free(t->res->error);
	t->res->error = xstrdup(t->last_failure ? t->last_failure :
	    "no attempt before the deadline: as many transfers at once as the "
	    "descriptor limit allows were busy (ulimit -n)");
}

/*
 * Start the attempts that are due while *slots are free; the wait until
 * the next one, or -1 when libcurl refused one. The others wait for a
 * transfer to end.
 */
static long long
start_due(CURLM *multi, struct target *targets, size_t n, long long now,
    size_t *slots)
{
	long long wait = IDLE_WAIT_MS;
	size_t i;

	for (i = 0; i < n; i++) {
		if (targets[i].done || targets[i].running)
			continue;
		if (targets[i].next_at <= now && now >= targets[i].deadline_at) {
			expire(&targets[i]);
		} else if (targets[i].next_at <= now) {
			if (*slots == 0)
				continue;
			if (start_attempt(multi, &targets[i], now) != 0)
				return -1;
			(*slots)--;
		} else if (targets[i].next_at - now < wait)
			wait = targets[i].next_at - now;
	}
	return wait;
}

/* The descriptors open now (those in /proc/self/fd), or 3. */
static long
open_descriptors(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = -3;	/* ".", ".." and d's own */

	if (d == NULL)
		return 3;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/*
 * How many transfers may run at once: as many as the descriptor limit
 * leaves room for, at least one, at most n. Beyond that a transfer's
 * socket would fail, and a healthy server be blamed.
 */
static size_t
transfer_slots(size_t n)
{
	struct rlimit rl;
	long long room;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return n;
	room = ((long long)rl.rlim_cur - open_descriptors() - FDS_RESERVED) /
	    FDS_PER_TRANSFER;
	if (room < 1)
		return 1;
	return (unsigned long long)room < n ? (size_t)room : n;
}

int
probe_run(const struct probe_config *cfg, char *const *urls, size_t n,
    struct probe_result *results)
{
	struct probe_target *what = xcalloc(n ? n : 1, sizeof(*what));
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		what[i].url = urls[i];
		what[i].cfg = cfg;
	}
	rc = probe_run_targets(what, n, results, NULL);
	free(what);
	return rc;
}

/* Tell watch what the run waits for: the first URL not decided. */
static void
tell_watch(struct probe_watch *watch, const struct target *targets, size_t n,
    size_t left)
{
	size_t i;

	for (i = 0; watch && left && i < n; i++)
		if (!targets[i].done) {
			probe_watch_tell(watch, clock_ms(), left,
			    targets[i].res->url, targets[i].res->attempts,
			    targets[i].last_failure);
			return;
		}
}

int
probe_run_targets(const struct probe_target *what, size_t n,
    struct probe_result *results, struct probe_watch *watch)
{
	struct target *targets = xcalloc(n ? n : 1, sizeof(*targets));
	CURLM *multi = curl_multi_init();
	CURLMsg *m;
	struct target *t;
	long long start = clock_ms(), wait;
	size_t i, left = n, slots = transfer_slots(n);
	int running, queued, rc = -1;

	memset(results, 0, n * sizeof(*results));
	if (multi == NULL) {
		errmsg("cannot set up libcurl");
		goto cleanup;
	}
	/* Idle connections hold descriptors too. */
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)slots);
	for (i = 0; i < n; i++) {
		if (target_init(&targets[i], &what[i], &results[i]) != 0) {
			errmsg("cannot set up libcurl");
			goto cleanup;
		}
		targets[i].next_at = start;
		targets[i].deadline_at = what[i].cfg->deadline_ms > 0 ?
		    start + what[i].cfg->deadline_ms : LLONG_MAX;
	}
	while (left > 0) {
		wait = start_due(multi, targets, n, clock_ms(), &slots);
		if (wait < 0 ||
		    curl_multi_poll(multi, NULL, 0, (int)wait, NULL) != CURLM_OK ||
		    curl_multi_perform(multi, &running) != CURLM_OK) {
			errmsg("libcurl failed");
			goto cleanup;
		}
		while ((m = curl_multi_info_read(multi, &queued)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
			curl_multi_remove_handle(multi, m->easy_handle);
			finish_attempt(t, m->data.result, start);
			slots++;
		}
		for (left = 0, i = 0; i < n; i++)
			left += !targets[i].done;
		tell_watch(watch, targets, n, left);
	}
	rc = 0;
cleanup:
	if (watch)
		probe_watch_done(watch);
	for (i = 0; i < n; i++) {
		if (targets[i].running)
			curl_multi_remove_handle(multi, targets[i].easy);
		curl_easy_cleanup(targets[i].easy);
		http_response_release(&targets[i].resp);
		free(targets[i].last_failure);
	}
	curl_multi_cleanup(multi);
	free(targets);
	return rc;
}

json_t *
probe_result_json(const struct probe_result *r)
{
	static const char *const names[5] = {
		"dns", "connect", "tls", "first_byte", "total"
	};
	json_t *o = json_object(), *tm = json_object();
	size_t i;

	json_put(o, "url", json_strz(r->url));
	json_put(o, "ok", json_boolean(r->ok));
	json_put(o, "answered", json_boolean(r->answered));
	json_put(o, "attempts", json_integer(r->attempts));
	json_put(o, "status", r->status ? json_integer(r->status) : json_null());
	for (i = 0; i < 5; i++)
		json_put(tm, names[i], json_real(r->timings[i]));
	json_put(o, "timings", tm);
	json_put(o, "failures", json_incref(r->failures));
	json_put(o, "error", json_strz(r->error));
	return o;
}

void
probe_result_release(struct probe_result *r)
{
	json_decref(r->failures);
	free(r->url);
	free(r->error);
	free(r->body_excerpt);
	memset(r, 0, sizeof(*r));
}
