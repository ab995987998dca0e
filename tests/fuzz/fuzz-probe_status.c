/*
 * fuzz-probe_status.c: expected-status specs on any bytes. A spec that
 * parses matches only statuses from 100 to 599, and matches each status
 * of a single-status item.
 */
#include <stdint.h>
#include <stdlib.h>

#include "probe/probe_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_status s;
	const char *err = NULL;
	size_t i;

	if (probe_status_parse(&s, (const char *)data, size, &err) != 0) {
		if (err == NULL)
			__builtin_trap();
		return 0;
	}
	if (s.n == 0 || probe_status_match(&s, 99) || probe_status_match(&s, 600))
		__builtin_trap();
	for (i = 0; i < s.n; i++)
		if (s.range[i].lo > s.range[i].hi ||
		    !probe_status_match(&s, s.range[i].lo) ||
		    !probe_status_match(&s, s.range[i].hi))
			__builtin_trap();
	return 0;
}
