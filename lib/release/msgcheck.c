/* msgcheck.c: conventional commit messages, for a history or a hook. */
#include <ctype.h>
#include <string.h>

#include "release/msgcheck.h"

/* git commit --fixup, --squash and --fixup=amend: headers. */
static const char *const squash_marks[] = { "fixup! ", "squash! ",
    "amend! ", NULL };

/* The headers git merge writes: "Merge branch 'topic'" and the like. */
static const char *const merge_marks[] = { "Merge branch '",
    "Merge branches '", "Merge remote-tracking branch '",
    "Merge remote-tracking branches '", "Merge tag '", "Merge tags '",
    "Merge commit '", NULL };

static int
starts_with_any(const char *s, const char *const *marks)
{
	for (; *marks; marks++)
		if (strncmp(s, *marks, strlen(*marks)) == 0)
			return 1;
	return 0;
}

const char *
msgcheck_problem(const struct cc_commit *c, unsigned flags)
{
	int hook = (flags & MSGCHECK_HOOK) != 0;

	if (starts_with_any(c->header, squash_marks))
		return hook ? NULL : "a fixup!, squash! or amend! commit: it "
		    "was to be squashed (git rebase --autosquash) before it "
		    "landed";
	if (c->conventional || c->revert)
		return NULL;
	if (hook && starts_with_any(c->header, merge_marks))
		return NULL;
	return c->problem;
}

static const char scissors[] =
    "# ------------------------ >8 ------------------------\n";

/* Where the scissors line starts, or len: at the start or after '\n'. */
static size_t
scissors_at(const char *buf, size_t len)
{
	size_t n = sizeof(scissors) - 1, i;

	for (i = 0; i + n <= len; i++)
		if ((i == 0 || buf[i - 1] == '\n') &&
		    memcmp(buf + i, scissors, n) == 0)
			return i;
	return len;
}

void
msgcheck_strip(const char *buf, size_t len, struct strbuf *out)
{
	const char *line, *nl, *end = buf + scissors_at(buf, len);
	size_t n, blanks = 0, written = 0;

	for (line = buf; line < end; line = nl ? nl + 1 : end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = (size_t)((nl ? nl : end) - line);
		if (n && line[0] == '#')
			continue;
		while (n && isspace((unsigned char)line[n - 1]))
			n--;
		if (n == 0) {
			blanks++;
			continue;
		}
		if (written && blanks)
			strbuf_addc(out, '\n');
		blanks = 0;
		strbuf_add(out, line, n);
		strbuf_addc(out, '\n');
		written++;
	}
}
