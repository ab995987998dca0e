/*
 * probe_status.h: the expected-status spec of health-probe.
 *
 * A spec is a comma-separated list of items, each a status (200), a class
 * (2xx) or an inclusive range (200-299), statuses from 100 to 599:
 * "200", "2xx", "200-299", "200,204", "2xx,301". No spaces.
 */
#ifndef RELTOOLS_PROBE_STATUS_H
#define RELTOOLS_PROBE_STATUS_H

#include <stddef.h>

#define PROBE_STATUS_MAX_RANGES 32

struct probe_status {
	size_t n;
	struct { int lo, hi; } range[PROBE_STATUS_MAX_RANGES];
};

/*
 * Parse the len bytes at s into *spec. Returns 0, or -1 and points *err
 * at a static message saying what is wrong.
 */
int probe_status_parse(struct probe_status *spec, const char *s, size_t len,
    const char **err);

/* 1 if status matches spec, else 0. */
int probe_status_match(const struct probe_status *spec, long status);

#endif
