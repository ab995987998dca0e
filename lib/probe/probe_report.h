/*
 * probe_report.h: a run's outcome as health-probe reports it. On stdout
 * one document: the JSON of OUTPUT in man/health-probe.1, TAP version 13
 * (one test a probe, a YAML block for a failure) or JUnit XML (one
 * testcase a probe: <failure> when it answered but failed an expectation,
 * <error> when it never answered). On stderr a line a check and a summary.
 */
#ifndef RELTOOLS_PROBE_REPORT_H
#define RELTOOLS_PROBE_REPORT_H

#include <stdio.h>
#include <jansson.h>

#include "probe/probe.h"

/* One probe reported: its check's name, or NULL for a URL given alone. */
struct probe_report_item {
	const char *name;
	const struct probe_result *res;
};

/* The JSON document (schema, ok, results with each name when given). */
json_t *probe_report_json(const struct probe_report_item *v, size_t n);

/* TAP and JUnit on out; 0, or -1 on an I/O error (errno set). */
int probe_report_tap(FILE *out, const struct probe_report_item *v, size_t n);
int probe_report_junit(FILE *out, const struct probe_report_item *v,
    size_t n);

/*
 * On stderr, a line a check, "ok NAME (TIME)" as progress and "FAIL NAME
 * (TIME, N attempts): WHY" as an error, then "N passed, N failed".
 */
void probe_report_lines(const struct probe_report_item *v, size_t n);

#endif
