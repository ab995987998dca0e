/* checks.c: reading a checks file (see checks.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "probe/checks.h"

static const struct option check_longopts[] = {
	PROBE_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* The line being read. */
struct line {
	const char *text;	/* NUL-terminated, without its newline */
	unsigned long no;
	struct words *words;
};

/* The error is at line l, column col: its message is in err. */
static int
at(struct checks_error *err, const struct line *l, size_t col)
{
	err->line = l->no;
	err->col = col;
	return -1;
}

static int
fail(struct checks_error *err, const struct line *l, size_t col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
fail(struct checks_error *err, const struct line *l, size_t col,
    const char *fmt, ...)
{
	va_list ap;

	at(err, l, col);
	va_start(ap, fmt);
	strbuf_vaddf(&err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* The column of word (a member of the line's words), 1 when NULL. */
static size_t
col_of(const struct line *l, const char *word)
{
	size_t i;

	for (i = 0; word && i < l->words->argc; i++)
		if (l->words->argv[i] == word)
			return l->words->col[i];
	return 1;
}

/* Where the $NAME at off in word stands in the line, if it can be told. */
static size_t
var_col(const struct line *l, const char *word, size_t off)
{
	size_t col = col_of(l, word);
	const char *ref = word + off, *at;
	char *token = xstrndup(ref, 1 + probe_vars_name_len(ref + 1));

	at = strstr(l->text + col - 1, token);
	free(token);
	return at ? (size_t)(at - l->text) + 1 : col;
}

/* Check's URL from its operand: a full URL, or base URL and /path. */
static int
resolve_url(struct check *c, const char *operand, const struct line *l,
    const struct checks_options *o, struct checks_error *err)
{
	struct strbuf url = STRBUF_INIT;
	size_t col = col_of(l, operand), len;
	int rc = 0;

	if (operand[0] == '/') {
		if (o->base_url == NULL) {
			return fail(err, l, col, "the path '%s' needs --base-url "
			    "(or give a full URL)", operand);
		}
		len = strlen(o->base_url);
		while (len > 0 && o->base_url[len - 1] == '/')
			len--;
		strbuf_add(&url, o->base_url, len);
	} else if (strstr(operand, "://") == NULL) {
		return fail(err, l, col, "'%s' is neither a URL nor a path "
		    "starting with '/'", operand);
	}
	strbuf_adds(&url, operand);
	if (probe_args_check_url(url.buf, &err->msg) != 0)
		rc = at(err, l, col);
	c->url = strbuf_detach(&url, NULL);
	return rc;
}

/* The check before c named as c is, or NULL. */
static const struct check *
find_earlier(const struct checks *all, const struct check *c)
{
	const struct check *o;

	for (o = all->v; o < c; o++)
		if (strcmp(o->name, c->name) == 0)
			return o;
	return NULL;
}

/* Read one line's check into c, whose words l holds. */
static int
read_check(struct checks *all, struct check *c, struct line *l,
    const struct checks_options *o, struct checks_error *err)
{
	struct probe_args *pa = &c->args;
	const struct check *same;
	char **argv;
	int argc = (int)c->words.argc, rc = -1;

	c->name = c->words.argv[0];
	c->line = l->no;
	if (c->name[0] == '\0')
		return fail(err, l, c->words.col[0], "a check's name is empty");
	if (c->name[0] == '-')
		return fail(err, l, c->words.col[0], "a check starts with its "
		    "name, not with '%s'", c->name);
	if ((same = find_earlier(all, c)) != NULL)
		return fail(err, l, c->words.col[0], "a check named '%s' is on "
		    "line %lu already", c->name, same->line);
	/* getopt_long reorders its argv: the words keep their order. */
	argv = xmalloc(((size_t)argc + 1) * sizeof(*argv));
	memcpy(argv, c->words.argv, ((size_t)argc + 1) * sizeof(*argv));
	pa->longopts = check_longopts;
	pa->shortopts = ":" PROBE_SHORTOPTS;
	pa->vars = o->vars;
	if (probe_args_parse(pa, argc, argv) != 0) {
		fail(err, l, pa->err_off ? var_col(l, pa->err_word, pa->err_off) :
		    col_of(l, pa->err_word), "%s", pa->err.buf);
		goto cleanup;
	}
	if (optind == argc) {
		fail(err, l, c->words.col[0], "check '%s' has no URL or path",
		    c->name);
		goto cleanup;
	}
	if (argc - optind > 1) {
		fail(err, l, col_of(l, argv[optind + 1]), "'%s': one URL or "
		    "path a check (quote a word with blanks)", argv[optind + 1]);
		goto cleanup;
	}
	if (resolve_url(c, argv[optind], l, o, err) != 0)
		goto cleanup;
	if (o->read_only && !probe_method_reads(pa->cfg.method)) {
		fail(err, l, col_of(l, pa->method_word), "--read-only: check "
		    "'%s' sends %s (only GET, HEAD and OPTIONS are allowed)",
		    c->name, pa->cfg.method);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(argv);
	return rc;
}

int
checks_parse(struct checks *all, const char *text, size_t len,
    const struct checks_options *o, struct checks_error *err)
{
	struct strbuf buf = STRBUF_INIT;
	struct words_error we;
	struct check *c;
	struct line l = { NULL, 0, NULL };
	const char *p = text, *end = text + len, *nl, *nul;
	size_t n;
	int rc = -1;

	for (; p < end; p = nl + 1) {
		l.no++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		strbuf_reset(&buf);
		strbuf_add(&buf, p, n);
		l.text = strbuf_str(&buf);
		if ((nul = memchr(p, '\0', n)) != NULL) {
			fail(err, &l, (size_t)(nul - p) + 1, "a NUL byte");
			goto cleanup;
		}
		if (!utf8_valid(p, n)) {
			for (nul = p; utf8_seq_len((const unsigned char *)nul,
			    (size_t)(p + n - nul)) != 0; )
				nul += utf8_seq_len((const unsigned char *)nul,
				    (size_t)(p + n - nul));
			fail(err, &l, (size_t)(nul - p) + 1, "not UTF-8");
			goto cleanup;
		}
		ALLOC_GROW(all->v, all->n + 1, all->alloc);
		c = &all->v[all->n];
		memset(c, 0, sizeof(*c));
		l.words = &c->words;
		if (words_split(&c->words, l.text, WORDS_KEEP_DOLLAR, &we) != 0) {
			fail(err, &l, we.col, "%s", we.msg);
			words_release(&c->words);
			goto cleanup;
		}
		if (c->words.argc == 0)
			continue;
		all->n++;
		if (read_check(all, c, &l, o, err) != 0)
			goto cleanup;
	}
	if (all->n == 0) {
		l.no = l.no ? l.no : 1;
		fail(err, &l, 1, "no checks in the file");
		goto cleanup;
	}
	rc = 0;
cleanup:
	strbuf_release(&buf);
	return rc;
}

void
checks_release(struct checks *all)
{
	size_t i;

	for (i = 0; i < all->n; i++) {
		probe_args_release(&all->v[i].args);
		words_release(&all->v[i].words);
		free(all->v[i].url);
	}
	free(all->v);
	all->v = NULL;
	all->n = all->alloc = 0;
}
