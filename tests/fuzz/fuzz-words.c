/* fuzz-words.c: splitting any line, and quoting each word it gives back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct words w = WORDS_INIT, again = WORDS_INIT;
	struct words_error e;
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	size_t i;

	strbuf_add(&line, data, size);
	if (words_split(&w, line.buf, size > 0 && data[0] == '$' ?
	    WORDS_KEEP_DOLLAR : 0, &e) != 0) {
		if (e.col == 0 || e.col > strlen(line.buf) || e.msg == NULL)
			__builtin_trap();
		goto cleanup;
	}
	/* Every word quoted and split again is the same word. */
	for (i = 0; i < w.argc; i++) {
		strbuf_reset(&sb);
		words_quote(&sb, w.argv[i]);
		if (words_split(&again, sb.buf, 0, &e) != 0 ||
		    again.argc != 1 || strcmp(again.argv[0], w.argv[i]) != 0)
			__builtin_trap();
		words_release(&again);
	}
	if (w.argv != NULL && w.argv[w.argc] != NULL)
		__builtin_trap();
cleanup:
	words_release(&w);
	words_release(&again);
	strbuf_release(&sb);
	strbuf_release(&line);
	return 0;
}
