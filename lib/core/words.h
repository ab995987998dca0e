/*
 * words.h: a line split into words as a POSIX shell splits it, with no
 * expansion of any kind.
 *
 * deploy-slot's commands (START_CMD, HOOK_*, ...) and health-probe's
 * checks files are written as a person types a command, then run with
 * execve: nothing is ever handed to a shell. Quoting works as in sh:
 * 'single quotes' keep every byte; "double quotes" keep every byte but a
 * backslash before $ ` " \ or a newline; a backslash outside quotes keeps
 * the next byte (and joins lines before a newline). Blanks (space, tab,
 * newline) outside quotes separate words; '' and "" make an empty word.
 * An unquoted '#' at the start of a word begins a comment to the end of
 * the line.
 *
 * Because nothing is expanded, text a shell would treat specially is
 * refused where it stands unquoted, rather than passed on as a surprise:
 * the operators | & ; < > ( ) and `, and (unless WORDS_KEEP_DOLLAR) $.
 *
 *	struct words w = WORDS_INIT;
 *	struct words_error e;
 *
 *	if (words_split(&w, "./app --port 8081 'a b'", 0, &e) != 0)
 *		errmsg("column %zu: %s", e.col, e.msg);
 *	else
 *		...w.argv[0] .. w.argv[w.argc - 1], w.argv[w.argc] == NULL...
 *	words_release(&w);
 */
#ifndef RELTOOLS_WORDS_H
#define RELTOOLS_WORDS_H

#include <stddef.h>

struct words {
	char **argv;	/* argc words, then NULL; each a NUL-terminated copy */
	size_t *col;	/* argc 1-based byte columns: where each word starts
			   in its line (its opening quote, if quoted) */
	size_t argc;
	size_t alloc;
};

#define WORDS_INIT { NULL, NULL, 0, 0 }

/* Flags of words_split(). */
enum {
	/* An unquoted '$' is an ordinary byte (health-probe's $VAR). */
	WORDS_KEEP_DOLLAR = 1
};

struct words_error {
	size_t col;		/* 1-based byte column of the offending byte */
	const char *msg;	/* a static English sentence fragment */
};

/*
 * Split the NUL-terminated line into words appended to w. Returns 0, or
 * -1 with err filled (unterminated quote, an unquoted operator, or a NUL
 * byte cannot occur) and w holding the words before the error. A line of
 * only blanks and a comment gives no words.
 */
int words_split(struct words *w, const char *line, int flags,
    struct words_error *err);

/*
 * Quote one word for a POSIX shell (for ssh, whose remote side runs the
 * command through the user's shell): appended to out in single quotes,
 * each ' written as '\''. The result, read by sh, is the word exactly.
 */
struct strbuf;
void words_quote(struct strbuf *out, const char *word);

/* Free every word and the vector; w is left empty and reusable. */
void words_release(struct words *w);

#endif
