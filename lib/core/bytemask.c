/* bytemask.c: a byte's occurrences in 64 bytes, with SSE2 where there is. */
#include "core/bytemask.h"

#ifdef __SSE2__
#include <emmintrin.h>

uint64_t
bytemask64(const char *p, char c)
{
	const __m128i needle = _mm_set1_epi8(c);
	uint64_t m = 0;
	__m128i v;
	int k;

	for (k = 0; k < 4; k++) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		m |= (uint64_t)(uint16_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, needle)) << (16 * k);
	}
	return m;
}
#else
uint64_t
bytemask64(const char *p, char c)
{
	uint64_t m = 0;
	int k;

	for (k = 0; k < 64; k++)
		m |= (uint64_t)(p[k] == c) << k;
	return m;
}
#endif
