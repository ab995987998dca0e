/*
 * gate.h: the health gate on a slot's own port and the verification
 * through the public address, both with health-probe's engine (probe/).
 *
 * The gate probes http://127.0.0.1:PORT HEALTH_PATH until
 * GATE_SUCCESS_THRESHOLD consecutive attempts pass (status 2xx and every
 * HEALTH_ASSERT) or GATE_TIMEOUT ends; a refused connection is retried.
 * Verification probes PUBLIC_URL VERIFY_PATH on a fresh connection each
 * time until 3 consecutive attempts pass every VERIFY_ASSERT, VERSION in
 * them standing for the version deployed as a JSON string, or
 * VERIFY_TIMEOUT ends. The caller owns curl_global_init().
 */
#ifndef RELTOOLS_DEPLOY_GATE_H
#define RELTOOLS_DEPLOY_GATE_H

#include <signal.h>

#include "core/strbuf.h"
#include "deploy/config.h"

/*
 * Append text to out with each word VERSION outside double quotes
 * replaced by version as a JSON string: `json.version == VERSION` with
 * version 1.2.0 gives `json.version == "1.2.0"`, whatever bytes version
 * holds.
 */
void deploy_assert_text(struct strbuf *out, const char *text,
    const char *version);

/*
 * Gate the slot listening on port, started as pid at pid_start
 * (deploy_pid_start(); pid 0: by a START_CMD
 * that returned; a slot whose pid dies fails the gate then, not at
 * GATE_TIMEOUT). Returns 0 when it passed; 1 when it did not, *error a
 * malloc'd reason quoting the last status and failure; -1 when libcurl
 * could not be set up. Each failed attempt is told on stderr unless
 * quiet.
 */
int deploy_gate(const struct deploy_config *c, int port, long pid,
    long long pid_start, int quiet, char **error);

/* Set nonzero (by a signal handler) to end deploy_gate() at the end of
   the round in progress, as failed. */
extern volatile sig_atomic_t deploy_gate_stop;

/* Verify that version serves through PUBLIC_URL; returns as deploy_gate(). */
int deploy_verify(const struct deploy_config *c, const char *version,
    int quiet, char **error);

/* One attempt at the slot's health check now (status): 1 passed, else 0. */
int deploy_health_now(const struct deploy_config *c, int port);

#endif
