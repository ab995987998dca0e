/* probe_status.c: expected-status specs ("2xx", "200-299", "200,204"). */
#include <string.h>

#include "probe/probe_status.h"

/* A three-digit status at s from 100 to 599, or -1. */
static int
three_digits(const char *s, size_t len)
{
	int v = 0;
	size_t i;

	if (len != 3)
		return -1;
	for (i = 0; i < 3; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 100 && v <= 599 ? v : -1;
}

static int
parse_item(const char *s, size_t len, int *lo, int *hi, const char **err)
{
	const char *dash = memchr(s, '-', len);

	if (len == 3 && s[0] >= '1' && s[0] <= '5' &&
	    (s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) {
		*lo = (s[0] - '0') * 100;
		*hi = *lo + 99;
		return 0;
	}
	if (dash) {
		*lo = three_digits(s, (size_t)(dash - s));
		*hi = three_digits(dash + 1, len - (size_t)(dash - s) - 1);
		if (*lo < 0 || *hi < 0) {
			*err = "a range is two statuses from 100 to 599 (200-299)";
			return -1;
		}
		if (*lo > *hi) {
			*err = "a range must not run backwards";
			return -1;
		}
		return 0;
	}
	if ((*lo = *hi = three_digits(s, len)) < 0) {
		*err = "expected a status from 100 to 599, a class (2xx) or a range (200-299)";
		return -1;
	}
	return 0;
}

int
probe_status_parse(struct probe_status *spec, const char *s, size_t len,
    const char **err)
{
	const char *end = s + len, *comma;
	size_t item;

	spec->n = 0;
	for (;;) {
		comma = memchr(s, ',', (size_t)(end - s));
		item = comma ? (size_t)(comma - s) : (size_t)(end - s);
		if (spec->n == PROBE_STATUS_MAX_RANGES) {
			*err = "too many items";
			return -1;
		}
		if (parse_item(s, item, &spec->range[spec->n].lo,
		    &spec->range[spec->n].hi, err) != 0)
			return -1;
		spec->n++;
		if (comma == NULL)
			return 0;
		s = comma + 1;
	}
}

int
probe_status_match(const struct probe_status *spec, long status)
{
	size_t i;

	for (i = 0; i < spec->n; i++)
		if (status >= spec->range[i].lo && status <= spec->range[i].hi)
			return 1;
	return 0;
}
