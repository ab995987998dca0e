/*
 * diag.h: diagnostics for people on stderr, and the exit statuses every
 * tool shares.
 *
 * Every line is prefixed with the program name ("rel-tag: tag 'v1.0.0'
 * already exists"); messages are lower-case without a final full stop.
 */
#ifndef RELTOOLS_DIAG_H
#define RELTOOLS_DIAG_H

#include <stddef.h>

/* Exit statuses (EXIT STATUS in each tool's man page). */
enum {
	EXIT_OK = 0,    /* success, or yes */
	EXIT_NO = 1,    /* a negative answer: a check failed, lint errors */
	EXIT_USAGE = 2, /* usage error or invalid input; nothing changed */
	EXIT_ENV = 3    /* the environment failed: I/O, git, network */
};

/* The program name used as prefix; set once from argv[0] by main(). */
extern const char *progname;
void set_progname(const char *argv0);

/* Silence progress() (the -q option). */
void set_quiet(int quiet);

/* "PROG: MSG": an error for people. */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROG: MSG: " and strerror(errno), errno as it was on entry. */
void errmsg_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROG: warning: MSG". */
void warnmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROG: MSG" unless quiet: progress for people. */
void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Compiler-form diagnostic about a place in a file:
 * "FILE:LINE:COL: SEVERITY: MSG" (no program prefix, so editors can jump).
 * SEVERITY is "error" or "warning"; coloured only on a terminal without
 * NO_COLOR.
 */
void diag_at(const char *file, unsigned long line, unsigned long col,
    const char *severity, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* errmsg(), then exit(status). */
void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Out of memory: says so and exits EXIT_ENV. */
void die_oom(void) __attribute__((noreturn));

#endif
