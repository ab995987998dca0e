/*
 * cli.h: the option conventions every tool keeps (the OPTIONS of each
 * man page).
 *
 * -h/--help prints on stdout the usage (the SYNOPSIS lines), then one
 * line per option saying what it does, and exits 0; --version prints
 * "TOOL VERSION"; -q/--quiet silences progress; --pretty indents JSON.
 * Unknown options and missing arguments print the error and the usage on
 * stderr and exit 2 (cli_usage_error()); a bad value prints the error
 * alone and exits 2 (die(EXIT_USAGE, ...) of diag.h). Tools put CLI_COMMON_LONGOPTS in
 * their getopt_long table, add CLI_COMMON_SHORTOPTS to their short
 * options, give their help lines to cli_init() ending with
 * CLI_COMMON_HELP, and pass every option they do not handle themselves
 * to cli_common_option().
 */
#ifndef RELTOOLS_CLI_H
#define RELTOOLS_CLI_H

#include <getopt.h>

enum {
	CLI_OPT_VERSION = 0x100,
	CLI_OPT_PRETTY,
	CLI_OPT_TOOL	/* first value free for a tool's own long options */
};

#define CLI_COMMON_SHORTOPTS ":hq"
#define CLI_COMMON_LONGOPTS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }, \
	{ "pretty", no_argument, NULL, CLI_OPT_PRETTY }

/* One line of --help: an option as the man page shows it, and what it
   does. A table of them ends with { NULL, NULL }. */
struct cli_help {
	const char *option;	/* "-C dir", "-q, --quiet" */
	const char *what;	/* "use the repository that contains dir" */
};

#define CLI_COMMON_HELP \
	{ "--pretty", "indent the JSON output (also on a terminal)" }, \
	{ "-q, --quiet", "print no progress on standard error" }, \
	{ "-h, --help", "print this help and exit" }, \
	{ "--version", "print the program name and version and exit" }, \
	{ NULL, NULL }

struct cli {
	const char *usage;	/* the SYNOPSIS lines, without "usage: " */
	const struct cli_help *help;	/* the option lines of --help */
	const struct option *longopts;	/* the tool's getopt_long table */
	int pretty;		/* resolved: --pretty or stdout a terminal */
	int quiet;
};

/*
 * Set the program name, usage, help lines and long options (the table
 * given to getopt_long, for naming errors); call first in main().
 */
void cli_init(struct cli *cli, const char *argv0, const char *usage,
    const struct cli_help *help, const struct option *longopts);

/*
 * Handle opt, the value getopt_long() returned, when it is a common option
 * or an error ('?' or ':'). Exits for --help, --version and errors.
 */
void cli_common_option(struct cli *cli, int opt, char **argv);

/*
 * Word the error getopt_long() reported as opt ('?' or ':') while reading
 * argv with the table longopts, appended to msg: "unknown option '--x'",
 * "unknown option '-x'", "option '--a' needs a value", "option '--k'
 * takes no value". Returns the index in argv of the word at fault. For
 * option words read other than from the command line (a checks file).
 */
struct strbuf;
int cli_option_error(const struct option *longopts, int opt, char **argv,
    struct strbuf *msg);

/* An unknown option or command, a missing argument: print "PROG: MSG"
   and the usage on stderr, exit 2. */
void cli_usage_error(const struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Call after the getopt loop: resolves pretty. */
void cli_done(struct cli *cli);

/*
 * Parse a duration: "250ms", "5s", "2m", "1h", or a bare number of
 * seconds ("1.5"). Returns 0 and sets *ms, or -1 when malformed.
 */
int cli_parse_duration(const char *s, long long *ms);

/* Parse a non-negative decimal integer that fits in a long; 0 or -1. */
int cli_parse_count(const char *s, long *out);

#endif
