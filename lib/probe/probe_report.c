/* probe_report.c: JSON, TAP and JUnit reports of a run, and stderr lines. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "probe/probe_report.h"

/* The name people see: the check's, else the URL. */
static const char *
shown_name(const struct probe_report_item *it)
{
	return it->name ? it->name : it->res->url;
}

json_t *
probe_report_json(const struct probe_report_item *v, size_t n)
{
	json_t *doc = json_object(), *list = json_array(), *o, *res;
	size_t i;
	int all_ok = 1;

	json_put(doc, "schema", json_string("health-probe/1"));
	for (i = 0; i < n; i++) {
		all_ok &= v[i].res->ok;
		o = json_object();
		if (v[i].name)
			json_put(o, "name", json_strz(v[i].name));
		res = probe_result_json(v[i].res);
		if (json_object_update(o, res) != 0)
			die_oom();
		json_decref(res);
		json_push(list, o);
	}
	json_put(doc, "ok", json_boolean(all_ok));
	json_put(doc, "results", list);
	return doc;
}

/* Append value as one line of JSON, which YAML reads as it is. */
static void
yaml_value(struct strbuf *sb, const json_t *value)
{
	char *s = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);

	if (s == NULL)
		die_oom();
	strbuf_adds(sb, s);
	free(s);
}

/* A TAP description: '#' and '\' escaped, as TAP 13 asks. */
static void
tap_escape(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '#' || *s == '\\')
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, *s);
	}
}

int
probe_report_tap(FILE *out, const struct probe_report_item *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const struct probe_result *r;
	const json_t *f;
	size_t i, j;
	int rc;

	strbuf_addf(&sb, "TAP version 13\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		r = v[i].res;
		strbuf_addf(&sb, "%s %zu - ", r->ok ? "ok" : "not ok", i + 1);
		tap_escape(&sb, shown_name(&v[i]));
		strbuf_addc(&sb, '\n');
		if (r->ok)
			continue;
		strbuf_adds(&sb, "  ---\n  url: ");
		json_quotez(&sb, r->url);
		strbuf_addf(&sb, "\n  attempts: %ld\n  status: ", r->attempts);
		if (r->status)
			strbuf_addf(&sb, "%ld", r->status);
		else
			strbuf_adds(&sb, "null");
		strbuf_addf(&sb, "\n  elapsed_ms: %.0f\n  error: ", r->elapsed_ms);
		json_quotez(&sb, r->error);
		strbuf_adds(&sb, "\n  failures:");
		if (json_array_size(r->failures) == 0)
			strbuf_adds(&sb, " []");
		json_array_foreach(r->failures, j, f) {
			strbuf_adds(&sb, "\n    - assert: ");
			yaml_value(&sb, json_object_get(f, "assert"));
			strbuf_adds(&sb, "\n      actual: ");
			yaml_value(&sb, json_object_get(f, "actual"));
			strbuf_adds(&sb, "\n      message: ");
			yaml_value(&sb, json_object_get(f, "message"));
		}
		strbuf_adds(&sb, "\n  ...\n");
	}
	rc = fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0 ?
	    0 : -1;
	strbuf_release(&sb);
	return rc;
}

/*
 * Text for an XML attribute or element: the five markup characters as
 * entities, and what XML 1.0 cannot hold (most control characters,
 * bytes that are not UTF-8) as U+FFFD.
 */
static void
xml_escape(struct strbuf *sb, const char *s)
{
	char *clean = utf8_sanitize(s, strlen(s), NULL);
	const unsigned char *p;

	for (p = (const unsigned char *)clean; *p != '\0'; p++) {
		switch (*p) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&apos;"); break;
		case '\t': case '\n': strbuf_addc(sb, (char)*p); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_adds(sb, "&#xFFFD;");
			else
				strbuf_addc(sb, (char)*p);
		}
	}
	free(clean);
}

/* The body of a failure element: where, how many attempts, each failure. */
static void
junit_details(struct strbuf *sb, const struct probe_result *r)
{
	struct strbuf text = STRBUF_INIT;
	const json_t *f;
	size_t i;

	strbuf_addf(&text, "url: %s\nattempts: %ld\nstatus: %ld\n", r->url,
	    r->attempts, r->status);
	json_array_foreach(r->failures, i, f) {
		strbuf_adds(&text, "failed: ");
		strbuf_adds(&text, json_string_value(json_object_get(f, "message")));
		strbuf_addc(&text, '\n');
	}
	xml_escape(sb, text.buf);
	strbuf_release(&text);
}

int
probe_report_junit(FILE *out, const struct probe_report_item *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT, cases = STRBUF_INIT;
	const struct probe_result *r;
	size_t i, failures = 0, errors = 0;
	double longest = 0;
	int rc;

	for (i = 0; i < n; i++) {
		r = v[i].res;
		if (r->elapsed_ms > longest)
			longest = r->elapsed_ms;
		strbuf_adds(&cases, "    <testcase classname=\"health-probe\" name=\"");
		xml_escape(&cases, shown_name(&v[i]));
		strbuf_addf(&cases, "\" time=\"%.3f\"", r->elapsed_ms / 1000);
		if (r->ok) {
			strbuf_adds(&cases, "/>\n");
			continue;
		}
		if (r->answered)
			failures++;
		else
			errors++;
		strbuf_addf(&cases, ">\n      <%s message=\"",
		    r->answered ? "failure" : "error");
		xml_escape(&cases, r->error ? r->error : "");
		strbuf_adds(&cases, "\">");
		junit_details(&cases, r);
		strbuf_addf(&cases, "</%s>\n    </testcase>\n",
		    r->answered ? "failure" : "error");
	}
	/* The probes ran at once: the suite took as long as the longest. */
	strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"health-probe\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"%zu\" time=\"%.3f\">\n"
	    "  <testsuite name=\"health-probe\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"%zu\" skipped=\"0\" time=\"%.3f\">\n",
	    n, failures, errors, longest / 1000, n, failures, errors,
	    longest / 1000);
	strbuf_add(&sb, cases.buf, cases.len);
	strbuf_adds(&sb, "  </testsuite>\n</testsuites>\n");
	rc = fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0 ?
	    0 : -1;
	strbuf_release(&sb);
	strbuf_release(&cases);
	return rc;
}

void
probe_report_lines(const struct probe_report_item *v, size_t n)
{
	const struct probe_result *r;
	char attempts[32] = "";
	size_t i, failed = 0;

	for (i = 0; i < n; i++) {
		r = v[i].res;
		if (r->attempts != 1)
			snprintf(attempts, sizeof(attempts), ", %ld attempts",
			    r->attempts);
		else
			attempts[0] = '\0';
		if (r->ok) {
			progress("ok   %s (%.0fms%s)", shown_name(&v[i]),
			    r->elapsed_ms, attempts);
			continue;
		}
		failed++;
		errmsg("FAIL %s (%.0fms%s): %s", shown_name(&v[i]),
		    r->elapsed_ms, attempts, r->error);
	}
	if (failed)
		errmsg("%zu passed, %zu failed", n - failed, failed);
	else
		progress("%zu passed, 0 failed", n);
}
