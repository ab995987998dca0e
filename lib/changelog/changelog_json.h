/*
 * changelog_json.h: what rel-changelog prints about a model: the JSON of
 * show and lint, and the release notes. The field names are the OUTPUT
 * section of rel-changelog(1); other tools read them.
 */
#ifndef RELTOOLS_CHANGELOG_JSON_H
#define RELTOOLS_CHANGELOG_JSON_H

#include <jansson.h>

#include "changelog/changelog.h"
#include "core/strbuf.h"

/*
 * One release: {version, unreleased, date, yanked, line, summary, items,
 * sections [{name, line, items [{text, line}]}], link}.
 */
json_t *changelog_release_json(const struct changelog *cl,
    const struct cl_release *r);

/* The whole model: {title, releases [...], links [{label, url, line}]}
   members added to obj. */
void changelog_model_json(const struct changelog *cl, json_t *obj);

/* Lint results: {ok, errors, warnings, diagnostics [{line, column,
   severity, rule, message}]} members added to obj. */
void changelog_lint_json(const struct changelog *cl, json_t *obj);

/*
 * The release notes of r: its body without the heading (LF line endings,
 * no leading or trailing blank lines), then a blank line and
 * "**Full Changelog**: URL" when there is a compare URL: r's link, else
 * one made from the links' web base and the release below r, with the
 * tag prefix given.
 */
void changelog_notes(const struct changelog *cl, const struct cl_release *r,
    const char *tag_prefix, struct strbuf *out);

#endif
