/* diag.c: program-name-prefixed diagnostics on stderr. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"

const char *progname = "reltools";
static int quiet;

void
set_progname(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

void
set_quiet(int q)
{
	quiet = q;
}

static int
use_colour(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDERR_FILENO) && (nc == NULL || *nc == '\0');
}

/* "PROG: LABELMSG", then ": CAUSE" when cause is not NULL. */
static void
vreport(const char *label, const char *fmt, va_list ap, const char *cause)
{
	fprintf(stderr, "%s: %s", progname, label);
	vfprintf(stderr, fmt, ap);
	if (cause)
		fprintf(stderr, ": %s", cause);
	fputc('\n', stderr);
}

void
errmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, NULL);
	va_end(ap);
}

void
errmsg_errno(const char *fmt, ...)
{
	const char *cause = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, cause);
	va_end(ap);
}

void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void
progress(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap, NULL);
	va_end(ap);
}

void
diag_at(const char *file, unsigned long line, unsigned long col,
    const char *severity, const char *fmt, ...)
{
	va_list ap;
	int colour = use_colour();
	const char *on = "";

	if (colour)
		on = strcmp(severity, "error") == 0 ? "\033[1;31m" : "\033[1;35m";
	fprintf(stderr, "%s:%lu:%lu: %s%s:%s ", file, line, col, on, severity,
	    colour ? "\033[0m" : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, NULL);
	va_end(ap);
	exit(status);
}

void
die_oom(void)
{
	fprintf(stderr, "%s: out of memory\n", progname);
	exit(EXIT_ENV);
}
