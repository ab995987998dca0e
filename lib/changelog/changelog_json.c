/* changelog_json.c: the model as JSON, and release notes. */
#include <string.h>

#include "changelog/changelog_json.h"
#include "changelog/changelog_release.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/forgeurl.h"
#include "core/jsonout.h"

static json_t *
span_json(const struct changelog *cl, struct cl_span sp)
{
	return json_text(cl->buf + sp.off, sp.len);
}

/* Lines [from, to) with "\n" endings, blank lines at both ends left out. */
static void
add_text(const struct changelog *cl, size_t from, size_t to,
    struct strbuf *out)
{
	while (from < to && changelog_line_blank(cl, from))
		from++;
	while (to > from && changelog_line_blank(cl, to - 1))
		to--;
	for (; from < to; from++) {
		strbuf_add(out, changelog_line_text(cl, from),
		    cl->lines[from].len);
		if (from + 1 < to)
			strbuf_addc(out, '\n');
	}
}

static json_t *
link_json(const struct changelog *cl, const struct cl_release *r)
{
	const struct cl_link *l = r->link;

	if (r->url.len)
		return span_json(cl, r->url);	/* an inline link */
	return l ? span_json(cl, l->url) : json_null();
}

json_t *
changelog_release_json(const struct changelog *cl, const struct cl_release *r)
{
	json_t *o = json_object(), *secs = json_array(), *sj, *items, *it;
	struct strbuf sb = STRBUF_INIT;
	const struct cl_section *s;
	size_t i, j, n = 0;

	json_put(o, "version", span_json(cl, r->label));
	json_put(o, "unreleased", json_boolean(r->unreleased));
	json_put(o, "date", r->date.len ? span_json(cl, r->date) : json_null());
	json_put(o, "yanked", json_boolean(r->yanked));
	json_put(o, "line", json_integer((json_int_t)r->line + 1));
	add_text(cl, r->body, r->nsections ? r->sections[0].line :
	    r->content_end, &sb);
	json_put(o, "summary", sb.len ? json_text(sb.buf, sb.len) :
	    json_null());
	for (i = 0; i < r->nsections; i++) {
		s = &r->sections[i];
		sj = json_object();
		items = json_array();
		json_put(sj, "name", span_json(cl, s->name));
		json_put(sj, "line", json_integer((json_int_t)s->line + 1));
		for (j = 0; j < s->nitems; j++) {
			strbuf_reset(&sb);
			changelog_item_text(cl, &s->items[j], &sb);
			it = json_object();
			json_put(it, "text", json_text(sb.buf, sb.len));
			json_put(it, "line",
			    json_integer((json_int_t)s->items[j].line + 1));
			json_push(items, it);
		}
		n += s->nitems;
		json_put(sj, "items", items);
		json_push(secs, sj);
	}
	json_put(o, "items", json_integer((json_int_t)n));
	json_put(o, "sections", secs);
	json_put(o, "link", link_json(cl, r));
	strbuf_release(&sb);
	return o;
}

void
changelog_model_json(const struct changelog *cl, json_t *obj)
{
	json_t *rels = json_array(), *links = json_array(), *l;
	size_t i;

	json_put(obj, "title", cl->has_h1 ? span_json(cl, cl->title) :
	    json_null());
	for (i = 0; i < cl->nreleases; i++)
		json_push(rels, changelog_release_json(cl, &cl->releases[i]));
	json_put(obj, "releases", rels);
	for (i = 0; i < cl->nlinks; i++) {
		l = json_object();
		json_put(l, "label", span_json(cl, cl->links[i].label));
		json_put(l, "url", span_json(cl, cl->links[i].url));
		json_put(l, "line", json_integer((json_int_t)cl->links[i].line +
		    1));
		json_push(links, l);
	}
	json_put(obj, "links", links);
}

void
changelog_lint_json(const struct changelog *cl, json_t *obj)
{
	json_t *diags = json_array(), *d;
	const struct cl_diag *cd;
	size_t i, errors = 0, warnings = 0;

	for (i = 0; i < cl->ndiags; i++) {
		cd = &cl->diags[i];
		if (cd->severity == CL_OFF)
			continue;
		errors += cd->severity == CL_ERROR;
		warnings += cd->severity == CL_WARNING;
		d = json_object();
		json_put(d, "line", json_integer((json_int_t)cd->line));
		json_put(d, "column", json_integer((json_int_t)cd->column));
		json_put(d, "severity", json_string(cd->severity == CL_ERROR ?
		    "error" : "warning"));
		json_put(d, "rule", json_string(cd->rule));
		json_put(d, "message", json_strz(cd->message));
		json_push(diags, d);
	}
	json_put(obj, "ok", json_boolean(errors == 0));
	json_put(obj, "errors", json_integer((json_int_t)errors));
	json_put(obj, "warnings", json_integer((json_int_t)warnings));
	json_put(obj, "diagnostics", diags);
}

/* The compare URL of r: its link, or one made from the other links. */
static char *
compare_url(const struct changelog *cl, const struct cl_release *r,
    const char *prefix)
{
	const struct cl_link *l = r->link;
	const struct cl_release *below = NULL;
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	char *base, *url = NULL;
	size_t i;

	if (r->url.len)
		return xstrndup(cl->buf + r->url.off, r->url.len);
	if (l)
		return xstrndup(cl->buf + l->url.off, l->url.len);
	if ((base = changelog_web_base(cl, NULL, NULL)) == NULL)
		return NULL;
	for (i = (size_t)(r - cl->releases) + 1; i < cl->nreleases; i++)
		if (!cl->releases[i].unreleased) {
			below = &cl->releases[i];
			break;
		}
	strbuf_addf(&to, "%s%.*s", prefix, (int)r->label.len,
	    cl->buf + r->label.off);
	if (r->unreleased) {
		strbuf_reset(&to);
		strbuf_adds(&to, "HEAD");
	}
	if (below) {
		strbuf_addf(&from, "%s%.*s", prefix, (int)below->label.len,
		    cl->buf + below->label.off);
		url = forgeurl_compare(base, from.buf, to.buf);
	} else if (!r->unreleased)
		url = forgeurl_tag(base, to.buf);
	free(base);
	strbuf_release(&from);
	strbuf_release(&to);
	return url;
}

void
changelog_notes(const struct changelog *cl, const struct cl_release *r,
    const char *tag_prefix, struct strbuf *out)
{
	char *url = compare_url(cl, r, tag_prefix);

	add_text(cl, r->body, r->content_end, out);
	if (url) {
		if (out->len)
			strbuf_adds(out, "\n\n");
		strbuf_addf(out, "**Full Changelog**: %s", url);
	}
	strbuf_addc(out, '\n');
	free(url);
}
