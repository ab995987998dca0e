/*
 * clock.h: milliseconds on the monotonic clock, for deadlines and polls
 * that a change of the wall clock must not stretch or cut.
 */
#ifndef RELTOOLS_CLOCK_H
#define RELTOOLS_CLOCK_H

/* Milliseconds since an arbitrary fixed point (CLOCK_MONOTONIC). */
long long clock_ms(void);

/* Sleep ms milliseconds (none when ms <= 0), resuming after signals. */
void clock_sleep_ms(long long ms);

#endif
