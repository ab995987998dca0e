/* test-words.c: sh-style splitting with no expansion, and quoting back. */
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/words.h"
#include "tap.h"

/* The words of line joined by '|', or "ERR@COL" on an error. */
static const char *
split(const char *line, int flags)
{
	static char out[512];
	struct words w = WORDS_INIT;
	struct words_error e;
	size_t i, n = 0;

	out[0] = '\0';
	if (words_split(&w, line, flags, &e) != 0)
		snprintf(out, sizeof(out), "ERR@%zu", e.col);
	else
		for (i = 0; i < w.argc; i++)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
			    i ? "|" : "", w.argv[i]);
	words_release(&w);
	return out;
}

int
main(void)
{
	static const char *const roundtrip[] = {
		"", "a b", "it's", "'", "\\", "$HOME", "\"q\"", "a\nb", "#x",
	};
	struct strbuf sb = STRBUF_INIT;
	struct words w = WORDS_INIT;
	struct words_error e;
	size_t i;

	is_str(split("./app --port 8081", 0), "./app|--port|8081", "plain words");
	is_str(split("  a\t b \n", 0), "a|b", "blanks separate");
	is_str(split("'a b' \"c d\" e\\ f", 0), "a b|c d|e f", "three quotings");
	is_str(split("'' \"\" x", 0), "||x", "empty quoted words are words");
	is_str(split("a'b'\"c\"d", 0), "abcd", "quotes join within a word");
	is_str(split("'\\n$x'", 0), "\\n$x", "single quotes keep every byte");
	is_str(split("\"\\$ \\` \\\" \\\\ \\n\"", 0), "$ ` \" \\ \\n",
	    "double quotes: backslash escapes only $ ` \" \\");
	is_str(split("a\\\nb", 0), "ab", "backslash-newline joins");
	is_str(split("a # comment 'x", 0), "a", "comment at a word start");
	is_str(split("a#b", 0), "a#b", "# inside a word is a byte");
	is_str(split("# all comment", 0), "", "a comment line has no words");
	is_str(split("'abc", 0), "ERR@1", "unterminated single quote");
	is_str(split("x \"abc", 0), "ERR@3", "unterminated double quote");
	is_str(split("abc\\", 0), "ERR@4", "trailing backslash");
	is_str(split("a | b", 0), "ERR@3", "a pipe is refused");
	is_str(split("a>b", 0), "ERR@2", "a redirection is refused");
	is_str(split("a;b", 0), "ERR@2", "a semicolon is refused");
	is_str(split("`id`", 0), "ERR@1", "a backquote is refused");
	is_str(split("--port $PORT", 0), "ERR@8", "an unquoted $ is refused");
	is_str(split("'$PORT' \"$X\"", 0), "$PORT|$X", "a quoted $ is a byte");
	is_str(split("== $VERSION", WORDS_KEEP_DOLLAR), "==|$VERSION",
	    "WORDS_KEEP_DOLLAR keeps $");
	is_str(split("'a|b' \"c;d\" e\\&f", 0), "a|b|c;d|e&f",
	    "quoted operators are bytes");

	ok(words_split(&w, "ab  'c d'\t\\\ne\"f\" \\\ng", 0, &e) == 0 &&
	    w.argc == 4 && w.col[0] == 1 && w.col[1] == 5 && w.col[2] == 13 &&
	    w.col[3] == 20, "each word's column: where it starts");
	words_release(&w);

	for (i = 0; i < sizeof(roundtrip) / sizeof(roundtrip[0]); i++) {
		strbuf_reset(&sb);
		words_quote(&sb, roundtrip[i]);
		is_str(split(sb.buf, 0), roundtrip[i], "quote then split: %zu", i);
	}
	strbuf_reset(&sb);
	words_quote(&sb, "it's");
	is_str(sb.buf, "'it'\\''s'", "quote: ' as '\\''");
	strbuf_release(&sb);
	return tap_done();
}
