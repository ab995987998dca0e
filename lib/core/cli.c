/* cli.c: shared option handling. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/strbuf.h"

void
cli_init(struct cli *cli, const char *argv0, const char *usage,
    const struct cli_help *help, const struct option *longopts)
{
	memset(cli, 0, sizeof(*cli));
	set_progname(argv0);
	cli->usage = usage;
	cli->help = help;
	cli->longopts = longopts;
	opterr = 0;	/* we word the errors ourselves */
}

static void
print_usage(FILE *out, const char *usage)
{
	const char *p = usage, *nl;
	int first = 1;

	/* Each SYNOPSIS line of the usage gets the "usage:" column. */
	while (*p) {
		nl = strchr(p, '\n');
		fprintf(out, "%s%s %.*s\n", first ? "usage: " : "       ",
		    progname, (int)(nl ? nl - p : (long)strlen(p)), p);
		first = 0;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* The usage, a blank line, then each option and what it does, aligned. */
static void
print_help(FILE *out, const struct cli *cli)
{
	const struct cli_help *h;
	int width = 0, len;

	print_usage(out, cli->usage);
	if (cli->help == NULL || cli->help->option == NULL)
		return;
	for (h = cli->help; h->option; h++)
		if ((len = (int)strlen(h->option)) > width)
			width = len;
	fputc('\n', out);
	for (h = cli->help; h->option; h++)
		fprintf(out, "    %-*s  %s\n", width, h->option, h->what);
}

void
cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(stderr, cli->usage);
	exit(EXIT_USAGE);
}


/* Is arg a group of short options ("-abc") holding c after its dash? */
static int
short_group_has(const char *arg, int c)
{
	return arg && arg[0] == '-' && arg[1] != '-' && arg[1] != '\0' &&
	    strchr(arg + 1, c) != NULL;
}

/*
 * The length of NAME when arg is "--NAME=VALUE" for a long option of the
 * tool whose value is c (NAME may abbreviate it), else 0: getopt_long
 * reports such an option given a value it does not take as c.
 */
static size_t
long_given_value(const struct option *longopts, const char *arg, int c)
{
	const struct option *o;
	const char *eq;
	size_t len;

	if (strncmp(arg, "--", 2) != 0 || (eq = strchr(arg, '=')) == NULL)
		return 0;
	len = (size_t)(eq - arg - 2);
	for (o = longopts; len && o && o->name; o++)
		if (o->val == c && strncmp(arg + 2, o->name, len) == 0 &&
		    len <= strlen(o->name))
			return len;
	return 0;
}

/*
 * Was optopt, getopt's unknown character, a short option? The index of
 * its group in argv, or -1. getopt moves optind past a group only after
 * its last option: an error inside "-Zq" leaves argv[optind] on the
 * group, after "-qZ" argv[optind - 1].
 */
static int
unknown_short(char **argv)
{
	const char *last = argv[optind - 1];

	if (optopt <= 0 || optopt >= 0x100)
		return -1;
	if (short_group_has(last, optopt) &&
	    last[strlen(last) - 1] == optopt)
		return optind - 1;
	return short_group_has(argv[optind], optopt) ? optind : -1;
}

int
cli_option_error(const struct option *longopts, int opt, char **argv,
    struct strbuf *msg)
{
	const char *bad = argv[optind - 1];
	size_t len;
	int at;

	if (opt == ':') {
		strbuf_addf(msg, "option '%s' needs a value", bad);
	} else if ((len = long_given_value(longopts, bad, optopt)) != 0) {
		strbuf_addf(msg, "option '%.*s' takes no value", (int)len + 2,
		    bad);
	} else if ((at = unknown_short(argv)) >= 0) {
		strbuf_addf(msg, "unknown option '-%c'", optopt);
		return at;
	} else {
		strbuf_addf(msg, "unknown option '%s'", bad);
	}
	return optind - 1;
}

void
cli_common_option(struct cli *cli, int opt, char **argv)
{
	struct strbuf msg = STRBUF_INIT;

	switch (opt) {
	case 'h':
		print_help(stdout, cli);
		exit(fflush(stdout) == 0 ? EXIT_OK : EXIT_ENV);
	case 'q':
		cli->quiet = 1;
		set_quiet(1);
		return;
	case CLI_OPT_VERSION:
		printf("%s %s\n", progname, RELTOOLS_VERSION);
		exit(fflush(stdout) == 0 ? EXIT_OK : EXIT_ENV);
	case CLI_OPT_PRETTY:
		cli->pretty = 1;
		return;
	default:
		cli_option_error(cli->longopts, opt, argv, &msg);
		cli_usage_error(cli, "%s", msg.buf);
	}
}

void
cli_done(struct cli *cli)
{
	cli->pretty = json_pretty_wanted(cli->pretty);
}

int
cli_parse_duration(const char *s, long long *ms)
{
	char *end;
	double v;
	double scale;
	size_t digits;

	/* Plain decimals only: strtod would also take "0x10", "1e3", "inf". */
	if (s == NULL)
		return -1;
	digits = strspn(s, "0123456789");
	if (s[digits] == '.')
		digits += 1 + strspn(s + digits + 1, "0123456789");
	if (digits == 0 || strcmp(s, ".") == 0 || strchr(s, '.') == s + digits - 1)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end != s + digits)
		return -1;
	if (*end == '\0' || strcmp(end, "s") == 0)
		scale = 1000;
	else if (strcmp(end, "ms") == 0)
		scale = 1;
	else if (strcmp(end, "m") == 0)
		scale = 60000;
	else if (strcmp(end, "h") == 0)
		scale = 3600000;
	else
		return -1;
	v *= scale;
	if (v < 0 || v > 1e15)
		return -1;
	*ms = (long long)(v + 0.5);
	return 0;
}

int
cli_parse_count(const char *s, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = v;
	return 0;
}
