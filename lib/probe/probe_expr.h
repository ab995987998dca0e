/*
 * probe_expr.h: health-probe's assertions, parsed once and evaluated
 * against every reply.
 *
 *	SUBJECT OP [VALUE]
 *
 * Subjects: status, time_ms, size (numbers); body, header.NAME (strings;
 * NAME case-insensitive); json.PATH (any JSON value, PATH as jsonpath.h).
 * Operators: == != < <= > >= ~ !~ (POSIX extended regex) exists missing.
 * Values: a JSON literal (200, "healthy", true, null, [1,2]) or a bare
 * word, taken as a string (healthy, 1.2.0). White space around the
 * operator is optional except before exists and missing.
 *
 * Types are never coerced. What can be known when parsing is an error
 * then (status == "200", body < 3, size ~ x); what depends on the reply
 * is a failure: a number against a string, a missing path, a body that is
 * not JSON (a duplicate member name makes it so: which one the service
 * meant is unknown). == and != compare numbers as numbers (3 == 3.0, an
 * integer against a real exactly; an integer beyond 64 bits in a body
 * makes every number in it a real, and then no comparison of a number
 * with a number holds on one from 2^53 on: it may be inexact), strings
 * byte for byte, a repeated header.NAME as its values joined with ", "
 * (RFC 9110), everything else by JSON equality; against null, != holds
 * for any other value. The ordering operators need numbers on both sides;
 * ~ and !~ need strings.
 */
#ifndef RELTOOLS_PROBE_EXPR_H
#define RELTOOLS_PROBE_EXPR_H

#include <regex.h>
#include <stddef.h>
#include <jansson.h>

#include "probe/jsonpath.h"
#include "core/strbuf.h"

enum probe_subject {
	PROBE_SUBJ_STATUS, PROBE_SUBJ_TIME_MS, PROBE_SUBJ_SIZE,
	PROBE_SUBJ_BODY, PROBE_SUBJ_HEADER, PROBE_SUBJ_JSON
};

enum probe_op {
	PROBE_OP_EQ, PROBE_OP_NE, PROBE_OP_LT, PROBE_OP_LE, PROBE_OP_GT,
	PROBE_OP_GE, PROBE_OP_MATCH, PROBE_OP_NOMATCH, PROBE_OP_EXISTS,
	PROBE_OP_MISSING
};

struct probe_expr {
	char *text;		/* as given */
	char *subject_text;	/* "json.status", as given */
	enum probe_subject subject;
	char *header;		/* header.NAME: NAME */
	struct jsonpath path;	/* json.PATH */
	enum probe_op op;
	json_t *value;		/* NULL for exists and missing */
	regex_t re;		/* for ~ and !~ */
};

/*
 * Body bytes kept for assertions. A longer body is not parsed as JSON
 * (json.PATH fails with "body larger than 1 MiB") and only `body ~`
 * can hold on it, matching in the bytes kept: what the rest says is
 * unknown, so ==, != and !~ fail.
 */
#define PROBE_BODY_MAX (1024 * 1024)

/* What an assertion is evaluated against: one complete reply. */
struct probe_reply {
	long status;
	double time_ms;
	size_t size;		/* body bytes received */
	const char *body;	/* the first PROBE_BODY_MAX bytes of the body */
	size_t body_len;
	const char *headers;	/* http_response.headers */
	size_t headers_len;
	json_t *json;		/* the parsed body, once asked for */
	int json_state;		/* 0 not yet parsed, 1 parsed, -1 not JSON */
	int json_as_real;	/* an integer beyond 64 bits: all numbers reals */
};

/* Ready r for a reply (json_state 0, json NULL). */
void probe_reply_init(struct probe_reply *r);
void probe_reply_release(struct probe_reply *r);

/*
 * Parse the NUL-terminated text into *e. Returns 0, or -1 with a message
 * for people in err ("unknown subject 'foo'"), *e left empty.
 */
int probe_expr_parse(struct probe_expr *e, const char *text,
    struct strbuf *err);

/*
 * Evaluate e against r. Returns 1 when it holds. Otherwise 0, *actual set
 * to the subject's value (a new reference; JSON null when there is none)
 * and msg to the reason for people: `json.status ("degraded") ==
 * "healthy"`, `json.a (missing) exists`, `json.a (body is not JSON) == 1`.
 */
int probe_expr_eval(const struct probe_expr *e, struct probe_reply *r,
    json_t **actual, struct strbuf *msg);

void probe_expr_release(struct probe_expr *e);

#endif
