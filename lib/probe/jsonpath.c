/* jsonpath.c: .a.b[0].c paths into JSON documents. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "probe/jsonpath.h"
#include "core/strbuf.h"

static int
ends_path(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '=' || c == '!' || c == '<' || c == '>' || c == '~';
}

static int
bare_char(unsigned char c)
{
	return c > 0x20 && c != 0x7f && !ends_path(c) &&
	    c != '.' && c != '[' && c != ']' && c != '"';
}

static struct jsonpath_step *
new_step(struct jsonpath *p)
{
	p->step = xrealloc(p->step, (p->n + 1) * sizeof(*p->step));
	memset(&p->step[p->n], 0, sizeof(*p->step));
	return &p->step[p->n++];
}

/* A JSON string at s (starting with '"'); its bytes into step. */
static int
quoted_key(struct jsonpath_step *step, const char *s, size_t len,
    size_t *used)
{
	size_t i;
	json_t *v;

	for (i = 1; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	if (i >= len)
		return -1;
	v = json_loadb(s, i + 1, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (v == NULL || !json_is_string(v)) {
		json_decref(v);
		return -1;
	}
	step->key_len = json_string_length(v);
	step->key = xmalloc(step->key_len + 1);
	memcpy(step->key, json_string_value(v), step->key_len + 1);
	json_decref(v);
	*used = i + 1;
	return 0;
}

static int
index_step(struct jsonpath_step *step, const char *s, size_t len,
    size_t *used)
{
	size_t i = 0;
	int neg = 0;
	long long v = 0;

	if (i < len && s[i] == '-')
		neg = 1, i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return -1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	step->index = neg ? -v : v;
	*used = i;
	return 0;
}

int
jsonpath_parse(struct jsonpath *p, const char *s, size_t len, size_t *used,
    const char **err)
{
	struct jsonpath_step *step;
	size_t i = 0, n = 0;
	int bad;

	p->step = NULL;
	p->n = 0;
	while (i < len && !ends_path((unsigned char)s[i])) {
		step = new_step(p);
		if (s[i] == '.' && i + 1 < len && s[i + 1] == '"') {
			if (quoted_key(step, s + i + 1, len - i - 1, &n) != 0) {
				*err = "malformed quoted member name";
				goto fail;
			}
			i += 1 + n;
		} else if (s[i] == '.') {
			for (n = i + 1; n < len && bare_char((unsigned char)s[n]); n++)
				;
			if (n == i + 1) {
				*err = "expected a member name after '.'";
				goto fail;
			}
			step->key = xstrndup(s + i + 1, n - i - 1);
			step->key_len = n - i - 1;
			i = n;
		} else if (s[i] == '[') {
			i++;
			if (i < len && s[i] == '"')
				bad = quoted_key(step, s + i, len - i, &n);
			else
				bad = index_step(step, s + i, len - i, &n);
			if (bad || i + n >= len || s[i + n] != ']') {
				*err = "expected [N], [-N] or [\"name\"]";
				goto fail;
			}
			i += n + 1;
		} else {
			*err = "expected '.' or '[' in a JSON path";
			goto fail;
		}
	}
	*used = i;
	return 0;
fail:
	*used = i;
	jsonpath_release(p);
	return -1;
}

json_t *
jsonpath_get(const struct jsonpath *p, json_t *root)
{
	json_t *v = root;
	long long idx;
	size_t i;

	for (i = 0; i < p->n && v; i++) {
		if (p->step[i].key) {
			v = json_is_object(v) ? json_object_getn(v,
			    p->step[i].key, p->step[i].key_len) : NULL;
			continue;
		}
		if (!json_is_array(v))
			return NULL;
		idx = p->step[i].index;
		if (idx < 0)
			idx += (long long)json_array_size(v);
		v = idx < 0 ? NULL : json_array_get(v, (size_t)idx);
	}
	return v;
}

static int
all_bare(const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!bare_char((unsigned char)key[i]))
			return 0;
	return len > 0;
}

char *
jsonpath_format(const struct jsonpath *p)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *k;
	char *q;
	size_t i;

	strbuf_adds(&sb, "");
	for (i = 0; i < p->n; i++) {
		if (p->step[i].key == NULL) {
			strbuf_addf(&sb, "[%lld]", p->step[i].index);
		} else if (all_bare(p->step[i].key, p->step[i].key_len)) {
			strbuf_addc(&sb, '.');
			strbuf_add(&sb, p->step[i].key, p->step[i].key_len);
		} else {
			k = json_stringn_nocheck(p->step[i].key, p->step[i].key_len);
			q = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
			if (q == NULL)
				die_oom();
			strbuf_addf(&sb, "[%s]", q);
			free(q);
			json_decref(k);
		}
	}
	return strbuf_detach(&sb, NULL);
}

void
jsonpath_release(struct jsonpath *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->step[i].key);
	free(p->step);
	p->step = NULL;
	p->n = 0;
}
