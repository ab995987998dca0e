/*
 * words.c: sh-style word splitting without expansion (see words.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/words.h"
#include "core/xalloc.h"

static void
push_word(struct words *w, struct strbuf *word, size_t col)
{
	size_t had = w->alloc;

	ALLOC_GROW(w->argv, w->argc + 2, w->alloc);
	if (w->alloc != had)
		w->col = xrealloc(w->col, w->alloc * sizeof(*w->col));
	w->col[w->argc] = col;
	w->argv[w->argc++] = strbuf_detach(word, NULL);
	w->argv[w->argc] = NULL;
}

static int
fail(struct words_error *err, const char *line, const char *at,
    const char *msg)
{
	err->col = (size_t)(at - line) + 1;
	err->msg = msg;
	return -1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int
words_split(struct words *w, const char *line, int flags,
    struct words_error *err)
{
	struct strbuf word = STRBUF_INIT;
	const char *p = line, *open, *start = line;
	int in_word = 0, ret = -1;

	while (*p != '\0') {
		char c = *p;

		if (!in_word && !is_blank(c))
			start = p;
		if (is_blank(c)) {
			if (in_word)
				push_word(w, &word, (size_t)(start - line) + 1);
			in_word = 0;
			p++;
		} else if (c == '#' && !in_word) {
			break;
		} else if (c == '\'') {
			open = p++;
			while (*p != '\0' && *p != '\'')
				strbuf_addc(&word, *p++);
			if (*p == '\0') {
				fail(err, line, open, "unterminated single quote");
				goto cleanup;
			}
			p++;
			in_word = 1;
		} else if (c == '"') {
			open = p++;
			while (*p != '\0' && *p != '"') {
				if (*p == '\\' && p[1] == '\n') {
					p += 2;
					continue;
				}
				if (*p == '\\' && p[1] != '\0' &&
				    strchr("$`\"\\", p[1]) != NULL)
					p++;
				strbuf_addc(&word, *p++);
			}
			if (*p == '\0') {
				fail(err, line, open, "unterminated double quote");
				goto cleanup;
			}
			p++;
			in_word = 1;
		} else if (c == '\\') {
			if (p[1] == '\0') {
				fail(err, line, p, "backslash at the end of the line");
				goto cleanup;
			}
			if (p[1] != '\n') {
				strbuf_addc(&word, p[1]);
				in_word = 1;
			}
			p += 2;
		} else if (strchr("|&;<>()`", c) != NULL) {
			fail(err, line, p, "shell operator: quote it, or run "
			    "the command through sh -c explicitly");
			goto cleanup;
		} else if (c == '$' && !(flags & WORDS_KEEP_DOLLAR)) {
			fail(err, line, p, "'$' is not expanded here: quote it, "
			    "or read the value from the environment");
			goto cleanup;
		} else {
			strbuf_addc(&word, c);
			in_word = 1;
			p++;
		}
	}
	if (in_word)
		push_word(w, &word, (size_t)(start - line) + 1);
	ret = 0;
cleanup:
	strbuf_release(&word);
	return ret;
}

void
words_quote(struct strbuf *out, const char *word)
{
	strbuf_addc(out, '\'');
	for (; *word != '\0'; word++) {
		if (*word == '\'')
			strbuf_adds(out, "'\\''");
		else
			strbuf_addc(out, *word);
	}
	strbuf_addc(out, '\'');
}

void
words_release(struct words *w)
{
	size_t i;

	for (i = 0; i < w->argc; i++)
		free(w->argv[i]);
	free(w->argv);
	free(w->col);
	w->argv = NULL;
	w->col = NULL;
	w->argc = w->alloc = 0;
}
