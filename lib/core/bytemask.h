/*
 * bytemask.h: where one byte value occurs in a block of 64 bytes, as the
 * bits of a word, for scanners that visit every occurrence in order:
 *
 *	for (m = bytemask64(p, '\n'); m; m &= m - 1)
 *		line_ends_at(p + __builtin_ctzll(m));
 *
 * Why: a file of short lines costs one memchr() call a line, and each call
 * costs more than its scan; one mask covers two lines or so.
 */
#ifndef RELTOOLS_BYTEMASK_H
#define RELTOOLS_BYTEMASK_H

#include <stdint.h>

/* Bit k set when p[k] == c, for k in 0..63 (all 64 bytes are read). */
uint64_t bytemask64(const char *p, char c);

#endif
