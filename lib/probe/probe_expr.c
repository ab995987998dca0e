/* probe_expr.c: parsing and evaluating health-probe's --assert. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/http.h"
#include "core/jsonout.h"
#include "probe/probe_expr.h"

#define SHOW_MAX 80	/* bytes of an actual value shown in a message */
#define BODY_CUT "larger than 1 MiB"	/* PROBE_BODY_MAX */
#define INEXACT "inexact: an integer beyond 64 bits in the body"

static const struct {
	const char *name;
	enum probe_subject subject;
} subjects[] = {
	{ "status", PROBE_SUBJ_STATUS }, { "time_ms", PROBE_SUBJ_TIME_MS },
	{ "size", PROBE_SUBJ_SIZE }, { "body", PROBE_SUBJ_BODY },
	{ "header", PROBE_SUBJ_HEADER }, { "json", PROBE_SUBJ_JSON },
};

/* Longest first, so that "<=" is not read as "<". */
static const struct {
	const char *text;
	enum probe_op op;
} ops[] = {
	{ "==", PROBE_OP_EQ }, { "!=", PROBE_OP_NE }, { "<=", PROBE_OP_LE },
	{ ">=", PROBE_OP_GE }, { "!~", PROBE_OP_NOMATCH }, { "<", PROBE_OP_LT },
	{ ">", PROBE_OP_GT }, { "~", PROBE_OP_MATCH },
	{ "exists", PROBE_OP_EXISTS }, { "missing", PROBE_OP_MISSING },
};

static const char *
op_text(enum probe_op op)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_op_char(char c)
{
	return c == '=' || c == '!' || c == '<' || c == '>' || c == '~';
}

static const char *
skip_blanks(const char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

void
probe_reply_init(struct probe_reply *r)
{
	memset(r, 0, sizeof(*r));
}

void
probe_reply_release(struct probe_reply *r)
{
	json_decref(r->json);
	r->json = NULL;
	r->json_state = 0;
	r->json_as_real = 0;
}

/* The compact JSON text of v, cut at SHOW_MAX bytes (malloc'd). */
static char *
show(const json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
	    JSON_REAL_PRECISION(15));
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	if (s == NULL)
		die_oom();
	if ((len = strlen(s)) <= SHOW_MAX)
		return s;
	/* Cut before a character, not inside one. */
	for (len = SHOW_MAX; len > 0 && (s[len] & 0xc0) == 0x80; len--)
		;
	strbuf_add(&sb, s, len);
	strbuf_adds(&sb, "...");
	free(s);
	return strbuf_detach(&sb, NULL);
}

static int
parse_subject(struct probe_expr *e, const char *s, const char **end,
    struct strbuf *err)
{
	const char *p = s, *perr;
	size_t i, len, used;

	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	len = (size_t)(p - s);
	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++)
		if (strlen(subjects[i].name) == len &&
		    memcmp(subjects[i].name, s, len) == 0)
			break;
	if (i == sizeof(subjects) / sizeof(subjects[0]) ||
	    (*p && !is_blank(*p) && !is_op_char(*p) && *p != '.' && *p != '[')) {
		for (p = s; *p && !is_blank(*p) && !is_op_char(*p); p++)
			;
		strbuf_addf(err, "unknown subject '%.*s' (status, time_ms, size, "
		    "body, header.NAME, json.PATH)", (int)(p - s), s);
		return -1;
	}
	e->subject = subjects[i].subject;
	if (e->subject == PROBE_SUBJ_HEADER) {
		if (*p != '.') {
			strbuf_adds(err, "expected header.NAME");
			return -1;
		}
		s = ++p;
		while (*p > ' ' && *p < 0x7f && !is_op_char(*p) &&
		    strchr("()<>@,;:\\\"/[]?={}", *p) == NULL)
			p++;
		if (p == s) {
			strbuf_adds(err, "expected a header name after 'header.'");
			return -1;
		}
		e->header = xstrndup(s, (size_t)(p - s));
	} else if (e->subject == PROBE_SUBJ_JSON) {
		if (jsonpath_parse(&e->path, p, strlen(p), &used, &perr) != 0) {
			strbuf_addf(err, "%s at '%s'", perr, p + used);
			return -1;
		}
		p += used;
	}
	if (*p && !is_blank(*p) && !is_op_char(*p)) {
		strbuf_addf(err, "unexpected '%s' after the subject", p);
		return -1;
	}
	*end = p;
	return 0;
}

static int
parse_op(struct probe_expr *e, const char *s, const char **end,
    struct strbuf *err)
{
	size_t i, n, len;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		n = strlen(ops[i].text);
		if (strncmp(s, ops[i].text, n) != 0)
			continue;
		if (ops[i].text[0] >= 'a' && s[n] && !is_blank(s[n]))
			continue;
		/* Else "!==" would be != the bare word "=...", which holds. */
		if (is_op_char(s[n])) {
			for (len = n; is_op_char(s[len]); len++)
				;
			strbuf_addf(err, "unknown operator '%.*s' (use %s)",
			    (int)len, s, ops[i].text);
			return -1;
		}
		e->op = ops[i].op;
		*end = s + n;
		return 0;
	}
	if (*s == '=')
		strbuf_adds(err, "use == to compare");
	else if (*s)
		strbuf_addf(err, "unknown operator at '%s' (== != < <= > >= ~ !~ "
		    "exists missing)", s);
	else
		strbuf_adds(err, "expected an operator after the subject");
	return -1;
}

/*
 * The len bytes at s as JSON: "\u0000" is valid in a string, and when
 * an integer is beyond 64 bits every number is read as a real (then
 * *as_real is set, unless as_real is NULL).
 */
static json_t *
load_json(const char *s, size_t len, size_t flags, int *as_real,
    json_error_t *err)
{
	json_t *v;

	flags |= JSON_ALLOW_NUL;
	v = json_loadb(s, len, flags, err);

	if (v == NULL && json_error_code(err) == json_error_numeric_overflow) {
		v = json_loadb(s, len, flags | JSON_DECODE_INT_AS_REAL, err);
		if (v && as_real)
			*as_real = 1;
	}
	return v;
}

/* A JSON literal, or else a bare word taken as a string. */
static int
parse_value(struct probe_expr *e, const char *s, struct strbuf *err)
{
	size_t len = strlen(s);
	json_error_t jerr;
	char *end;

	while (len && is_blank(s[len - 1]))
		len--;
	if (len == 0) {
		strbuf_addf(err, "expected a value after '%s'", op_text(e->op));
		return -1;
	}
	e->value = load_json(s, len, JSON_DECODE_ANY, NULL, &jerr);
	if (e->value && (json_is_string(e->value) ||
	    (e->op != PROBE_OP_MATCH && e->op != PROBE_OP_NOMATCH)))
		return 0;
	if (e->value) {
		/* A regular expression is text: ~ 3 means ~ "3". */
		json_decref(e->value);
		e->value = json_text(s, len);
		return 0;
	}
	if (strchr("\"[{", *s)) {
		strbuf_addf(err, "malformed JSON value '%.*s': %s", (int)len, s,
		    jerr.text);
		return -1;
	}
	if ((*s == '-' || (*s >= '0' && *s <= '9')) &&
	    (errno = 0, strtod(s, &end), end == s + len)) {
		if (errno == ERANGE)
			strbuf_addf(err, "number '%.*s' out of range", (int)len, s);
		else
			strbuf_addf(err, "malformed number '%.*s' (JSON numbers: "
			    "3, -0.5, 1e3; quote it for a string)", (int)len, s);
		return -1;
	}
	e->value = json_text(s, len);
	return 0;
}

/* Reject what can never hold, whatever the reply. */
static int
check_types(struct probe_expr *e, struct strbuf *err)
{
	int number = e->subject <= PROBE_SUBJ_SIZE;
	int string = e->subject == PROBE_SUBJ_BODY || e->subject == PROBE_SUBJ_HEADER;
	int ordering = e->op >= PROBE_OP_LT && e->op <= PROBE_OP_GE;
	int regex = e->op == PROBE_OP_MATCH || e->op == PROBE_OP_NOMATCH;
	int presence = e->op == PROBE_OP_EXISTS || e->op == PROBE_OP_MISSING;
	char *v = e->value ? show(e->value) : NULL;
	int rc = -1;

	if (presence && e->subject != PROBE_SUBJ_HEADER &&
	    e->subject != PROBE_SUBJ_JSON)
		strbuf_addf(err, "'%s' always exists: exists and missing are for "
		    "header.NAME and json.PATH", e->subject_text);
	else if (number && regex)
		strbuf_addf(err, "'%s' is a number: ~ and !~ are for strings",
		    e->subject_text);
	else if (number && !presence && !json_is_number(e->value))
		strbuf_addf(err, "'%s' is a number: compare it with a number, "
		    "not %s", e->subject_text, v);
	else if (string && ordering)
		strbuf_addf(err, "'%s' is a string: < <= > >= are for numbers",
		    e->subject_text);
	else if (string && !presence && !json_is_string(e->value))
		strbuf_addf(err, "'%s' is a string: quote the value (\"%s\")",
		    e->subject_text, v);
	else if (ordering && !json_is_number(e->value))
		strbuf_addf(err, "%s needs a number, not %s", op_text(e->op), v);
	else
		rc = 0;
	free(v);
	return rc;
}

int
probe_expr_parse(struct probe_expr *e, const char *text, struct strbuf *err)
{
	const char *s = skip_blanks(text), *subj = s;
	char buf[256];
	int rc;

	memset(e, 0, sizeof(*e));
	if (parse_subject(e, s, &s, err) != 0)
		goto fail;
	e->subject_text = xstrndup(subj, (size_t)(s - subj));
	if (parse_op(e, skip_blanks(s), &s, err) != 0)
		goto fail;
	s = skip_blanks(s);
	if (e->op == PROBE_OP_EXISTS || e->op == PROBE_OP_MISSING) {
		if (*s) {
			strbuf_addf(err, "unexpected '%s' after '%s'", s,
			    op_text(e->op));
			goto fail;
		}
	} else if (parse_value(e, s, err) != 0) {
		goto fail;
	}
	if (check_types(e, err) != 0)
		goto fail;
	if (e->op == PROBE_OP_MATCH || e->op == PROBE_OP_NOMATCH) {
		rc = regcomp(&e->re, json_string_value(e->value),
		    REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &e->re, buf, sizeof(buf));
			strbuf_addf(err, "bad regular expression: %s", buf);
			regfree(&e->re);
			goto fail;
		}
	}
	e->text = xstrdup(text);
	return 0;
fail:
	probe_expr_release(e);
	return -1;
}

void
probe_expr_release(struct probe_expr *e)
{
	if (e->text && (e->op == PROBE_OP_MATCH || e->op == PROBE_OP_NOMATCH))
		regfree(&e->re);
	free(e->text);
	free(e->subject_text);
	free(e->header);
	jsonpath_release(&e->path);
	json_decref(e->value);
	memset(e, 0, sizeof(*e));
}

static int
body_cut(const struct probe_reply *r)
{
	return r->size > r->body_len;
}

/* The parsed body, or NULL when it is not JSON. */
static json_t *
reply_json(struct probe_reply *r)
{
	json_error_t err;

	if (r->json_state == 0 && !body_cut(r))
		r->json = load_json(r->body, r->body_len,
		    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &r->json_as_real,
		    &err);
	r->json_state = r->json ? 1 : -1;
	return r->json;
}

/* Compare integer i with real d exactly, not as two doubles. */
static int
cmp_int_real(json_int_t i, double d)
{
	json_int_t whole;
	double frac;

	if (d >= 0x1p63)
		return -1;
	if (d < -0x1p63)
		return 1;
	whole = (json_int_t)d;	/* toward zero, exact */
	if (i != whole)
		return (i > whole) - (i < whole);
	frac = d - (double)whole;
	return (frac < 0) - (frac > 0);
}

static int
cmp_numbers(const json_t *a, const json_t *b)
{
	double x, y;

	if (json_is_integer(a) && json_is_integer(b))
		return (json_integer_value(a) > json_integer_value(b)) -
		    (json_integer_value(a) < json_integer_value(b));
	if (json_is_integer(a))
		return cmp_int_real(json_integer_value(a), json_real_value(b));
	if (json_is_integer(b))
		return -cmp_int_real(json_integer_value(b), json_real_value(a));
	x = json_real_value(a);
	y = json_real_value(b);
	return (x > y) - (x < y);
}

/*
 * 1 if a equals b, 0 if not, -1 if they cannot be compared (different
 * types; null compares with anything and equals only null). Numbers are
 * equal by value (1 and 1.0 alike), in arrays and objects too.
 */
static int
json_same(const json_t *a, const json_t *b)
{
	const char *key;
	json_t *m, *n;
	size_t i;

	if (json_is_null(a) || json_is_null(b))
		return json_is_null(a) && json_is_null(b);
	if (json_is_number(a) && json_is_number(b))
		return cmp_numbers(a, b) == 0;
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_typeof(a) == json_typeof(b);
	if (json_typeof(a) != json_typeof(b))
		return -1;
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (i = 0; i < json_array_size(a); i++)
			if (json_same(json_array_get(a, i),
			    json_array_get(b, i)) != 1)
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, key, m)
			if ((n = json_object_get(b, key)) == NULL ||
			    json_same(m, n) != 1)
				return 0;
		return 1;
	}
	return json_equal(a, b);
}

static int
matches(const regex_t *re, const char *s, size_t len)
{
	regmatch_t m[1];

	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)len;
	return regexec(re, s, 1, m, REG_STARTEND) == 0;
}

static int
holds(const struct probe_expr *e, const json_t *v)
{
	int same, c;

	switch (e->op) {
	case PROBE_OP_EQ:
		return json_same(v, e->value) == 1;
	case PROBE_OP_NE:
		return json_same(v, e->value) == 0;
	case PROBE_OP_MATCH:
	case PROBE_OP_NOMATCH:
		if (!json_is_string(v))
			return 0;
		same = matches(&e->re, json_string_value(v), json_string_length(v));
		return e->op == PROBE_OP_MATCH ? same : !same;
	default:
		if (!json_is_number(v))
			return 0;
		c = cmp_numbers(v, e->value);
		return e->op == PROBE_OP_LT ? c < 0 : e->op == PROBE_OP_LE ? c <= 0 :
		    e->op == PROBE_OP_GT ? c > 0 : c >= 0;
	}
}

/*
 * Every value of header name in r joined with ", " (RFC 9110 5.3), NULL
 * and *why when there is none.
 */
static json_t *
header_value(const char *name, const struct probe_reply *r, const char **why)
{
	const char *h, *p = r->headers ? r->headers : "";
	const char *end = p + r->headers_len;
	size_t hlen, name_len = strlen(name);
	struct strbuf all = STRBUF_INIT;
	json_t *v;
	int found = 0;

	while ((h = http_header_find(p, (size_t)(end - p), name,
	    name_len, &hlen)) != NULL) {
		if (found++)
			strbuf_adds(&all, ", ");
		strbuf_add(&all, h, hlen);
		p = h + hlen;
	}
	if (!found) {
		*why = "missing";
		return NULL;
	}
	v = json_stringn_nocheck(all.buf, all.len);
	strbuf_release(&all);
	return v;
}

/* The subject's value in r (a new reference), NULL and *why when none. */
static json_t *
subject_value(const struct probe_expr *e, struct probe_reply *r,
    const char **why)
{
	json_t *doc, *v;

	switch (e->subject) {
	case PROBE_SUBJ_STATUS:
		return json_integer(r->status);
	case PROBE_SUBJ_TIME_MS:
		return json_real(r->time_ms);
	case PROBE_SUBJ_SIZE:
		return json_integer((json_int_t)r->size);
	case PROBE_SUBJ_BODY:
		if (body_cut(r) && e->op != PROBE_OP_MATCH) {
			*why = BODY_CUT;
			return NULL;
		}
		return json_stringn_nocheck(r->body ? r->body : "", r->body_len);
	case PROBE_SUBJ_HEADER:
		return header_value(e->header, r, why);
	case PROBE_SUBJ_JSON:
		if ((doc = reply_json(r)) == NULL) {
			*why = body_cut(r) ? "body " BODY_CUT : "body is not JSON";
			return NULL;
		}
		if ((v = jsonpath_get(&e->path, doc)) != NULL)
			return json_incref(v);
		*why = "missing";
		return NULL;
	}
	return NULL;
}

/*
 * Does v hold a number (big: a real from 2^53 on, which stands for several
 * integers), itself or in its arrays and objects?
 */
static int
holds_number(const json_t *v, int big)
{
	const char *key;
	json_t *m;
	size_t i;
	double d;

	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (holds_number(m, big))
				return 1;
	} else if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, m)
			if (holds_number(m, big))
				return 1;
	} else if (json_is_number(v)) {
		d = json_number_value(v);
		return !big || (json_is_real(v) && (d >= 0x1p53 ||
		    d <= -0x1p53));
	}
	return 0;
}

/*
 * Is v, from a body whose numbers were read as reals, compared with a
 * value holding a number while it holds one that may not be the one sent?
 */
static int
inexact(const struct probe_expr *e, const struct probe_reply *r,
    const json_t *v)
{
	return r->json_as_real && e->subject == PROBE_SUBJ_JSON &&
	    e->op <= PROBE_OP_GE && e->value && holds_number(e->value, 0) &&
	    holds_number(v, 1);
}

int
probe_expr_eval(const struct probe_expr *e, struct probe_reply *r,
    json_t **actual, struct strbuf *msg)
{
	const char *why = NULL;
	json_t *v = subject_value(e, r, &why), *shown;
	char *a, *want;
	int pass = 0;

	if (v != NULL && inexact(e, r, v))
		why = INEXACT;
	else if (e->op == PROBE_OP_EXISTS)
		pass = v != NULL;
	else if (e->op == PROBE_OP_MISSING)
		pass = v == NULL && strcmp(why, "missing") == 0;
	else
		pass = v != NULL && holds(e, v);
	if (pass) {
		json_decref(v);
		return 1;
	}
	/* Bytes that are not UTF-8 stay raw for matching, not for showing. */
	shown = v && json_is_string(v) ?
	    json_text(json_string_value(v), json_string_length(v)) : json_incref(v);
	json_decref(v);
	a = shown && why == NULL ? show(shown) : NULL;
	strbuf_addf(msg, "%s (%s) %s", e->subject_text, a ? a : why,
	    op_text(e->op));
	if (e->value) {
		want = show(e->value);
		strbuf_addf(msg, " %s", want);
		free(want);
	}
	free(a);
	*actual = shown ? shown : json_null();
	return 0;
}
