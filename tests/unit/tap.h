/*
 * tap.h: a minimal TAP producer for the C unit tests of lib/.
 *
 *	ok(cond, "name %d", i);
 *	is_str(got, "want", "name");
 *	return tap_done();	(prints the plan, exit status 1 on failure)
 */
#ifndef RELTOOLS_TAP_H
#define RELTOOLS_TAP_H

int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int is_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int is_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int tap_done(void);

#endif
