/* gate.c: health gate and verification with probe_run(). */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/jsonout.h"
#include "deploy/gate.h"
#include "deploy/slot.h"
#include "probe/probe.h"

static int
word_byte(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

void
deploy_assert_text(struct strbuf *out, const char *text, const char *version)
{
	const char *p;
	int quoted = 0;

	for (p = text; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted && *p == '\\' && p[1] != '\0') {
			strbuf_add(out, p, 2);
			p++;
			continue;
		} else if (!quoted && strncmp(p, "VERSION", 7) == 0 &&
		    (p == text || !word_byte(p[-1])) && !word_byte(p[7])) {
			json_quotez(out, version);
			p += 6;
			continue;
		}
		strbuf_addc(out, *p);
	}
}

static int
add_asserts(struct probe_config *cfg, char *const *texts, size_t n,
    const char *version, char **error)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;
	int rc = 0;

	cfg->asserts = xcalloc(n ? n : 1, sizeof(*cfg->asserts));
	for (i = 0; i < n; i++) {
		strbuf_reset(&text);
		deploy_assert_text(&text, texts[i], version);
		if (probe_expr_parse(&cfg->asserts[i], strbuf_str(&text), &err) != 0) {
			strbuf_reset(&text);
			strbuf_addf(&text, "'%s': %s", texts[i], err.buf);
			*error = strbuf_detach(&text, NULL);
			rc = 1;
			break;
		}
		cfg->nasserts++;
	}
	strbuf_release(&text);
	strbuf_release(&err);
	return rc;
}

static int
probe_one(struct probe_config *cfg, const char *what, const char *url,
    char **error)
{
	struct probe_result res;
	struct strbuf why = STRBUF_INIT;
	char *urls[1];
	int rc;

	memset(&res, 0, sizeof(res));
	urls[0] = (char *)url;
	if (probe_run(cfg, urls, 1, &res) != 0) {
		*error = xstrdup("cannot set up libcurl");
		rc = -1;
		goto cleanup;
	}
	rc = res.ok ? 0 : 1;
	if (!res.ok) {
		strbuf_addf(&why, "%s failed after %ld attempt%s", what,
		    res.attempts, res.attempts == 1 ? "" : "s");
		if (res.status)
			strbuf_addf(&why, ", last status %ld", res.status);
		strbuf_addf(&why, ": %s", res.error ? res.error : "no reason");
		if (res.body_excerpt && *res.body_excerpt)
			strbuf_addf(&why, "; body: %s", res.body_excerpt);
		*error = strbuf_detach(&why, NULL);
	}
cleanup:
	probe_result_release(&res);
	strbuf_release(&why);
	return rc;
}

static void
asserts_release(struct probe_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nasserts; i++)
		probe_expr_release(&cfg->asserts[i]);
	free(cfg->asserts);
}

static void
config_init(struct probe_config *cfg, long long deadline_ms, int quiet)
{
	const char *err;

	memset(cfg, 0, sizeof(*cfg));
	probe_status_parse(&cfg->status, "2xx", 3, &err);
	cfg->status_text = "2xx";
	cfg->deadline_ms = deadline_ms;
	cfg->timeout_ms = deadline_ms < 5000 ? deadline_ms : 5000;
	cfg->connect_timeout_ms = cfg->timeout_ms;
	cfg->retries = -1;
	cfg->verbose = !quiet;
}

volatile sig_atomic_t deploy_gate_stop;

int
deploy_gate(const struct deploy_config *c, int port, long pid,
    long long pid_start, int quiet, char **error)
{
	struct probe_config cfg;
	struct strbuf url = STRBUF_INIT;
	long long until = clock_ms() + c->gate_timeout_ms, left, round;
	int rc;

	*error = NULL;
	config_init(&cfg, c->gate_timeout_ms, quiet);
	cfg.interval_ms = 100;
	cfg.threshold = c->gate_threshold;
	/*
	 * In rounds, each long enough for the passes it needs, so that a
	 * slot that died is seen at the end of one rather than at
	 * GATE_TIMEOUT.
	 */
	round = 2 * cfg.threshold * cfg.interval_ms;
	if (round < 2000)
		round = 2000;
	strbuf_addf(&url, "http://127.0.0.1:%d%s", port, c->health_path);
	rc = add_asserts(&cfg, c->health_asserts, c->nhealth_asserts, "",
	    error);
	while (rc == 0) {
		left = until - clock_ms();
		cfg.deadline_ms = pid > 0 && left > round ? round :
		    left > 0 ? left : 1;
		cfg.timeout_ms = cfg.deadline_ms < 5000 ? cfg.deadline_ms : 5000;
		cfg.connect_timeout_ms = cfg.timeout_ms;
		rc = probe_one(&cfg, "gate", url.buf, error);
		/* Not another round too short to pass. */
		if (rc != 1 || pid <= 0 || deploy_gate_stop ||
		    !deploy_pid_ours(pid, pid_start) ||
		    until - clock_ms() < cfg.threshold * cfg.interval_ms)
			break;
		free(*error);
		*error = NULL;
		rc = 0;
	}
	asserts_release(&cfg);
	strbuf_release(&url);
	return rc;
}

int
deploy_verify(const struct deploy_config *c, const char *version, int quiet,
    char **error)
{
	struct probe_config cfg;
	struct strbuf url = STRBUF_INIT;
	size_t len = strlen(c->public_url);
	int rc;

	*error = NULL;
	config_init(&cfg, c->verify_timeout_ms, quiet);
	cfg.interval_ms = 100;
	cfg.threshold = 3;
	cfg.fresh_connect = 1;
	strbuf_add(&url, c->public_url,
	    len > 0 && c->public_url[len - 1] == '/' ? len - 1 : len);
	strbuf_adds(&url, c->verify_path);
	rc = add_asserts(&cfg, c->verify_asserts, c->nverify_asserts, version,
	    error);
	if (rc == 0)
		rc = probe_one(&cfg, "verify", url.buf, error);
	asserts_release(&cfg);
	strbuf_release(&url);
	return rc;
}

int
deploy_health_now(const struct deploy_config *c, int port)
{
	struct probe_config cfg;
	struct strbuf url = STRBUF_INIT;
	char *error = NULL;
	int rc;

	config_init(&cfg, 2000, 1);
	cfg.retries = 0;
	cfg.interval_ms = 100;
	cfg.threshold = 1;
	strbuf_addf(&url, "http://127.0.0.1:%d%s", port, c->health_path);
	rc = add_asserts(&cfg, c->health_asserts, c->nhealth_asserts, "",
	    &error);
	if (rc == 0)
		rc = probe_one(&cfg, "health", url.buf, &error);
	asserts_release(&cfg);
	strbuf_release(&url);
	free(error);
	return rc == 0;
}
