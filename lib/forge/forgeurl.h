/*
 * forgeurl.h: web addresses of a repository on a forge (GitHub, GitLab,
 * Gitea and the like): the base "https://host/owner/repo", and the
 * compare, tag and commit pages under it.
 *
 *	base = forgeurl_from_remote("git@github.com:o/r.git");
 *	    -> "https://github.com/o/r"
 *	url = forgeurl_compare(base, "v1.0.0", "v1.1.0");
 *	    -> "https://github.com/o/r/compare/v1.0.0...v1.1.0"
 *
 * GitLab hosts (a host name containing "gitlab") use "/-/compare/" and
 * "/-/tags/"; others "/compare/" and "/releases/tag/". Every string
 * returned is malloc'd; free() it.
 */
#ifndef RELTOOLS_FORGEURL_H
#define RELTOOLS_FORGEURL_H

#include <stddef.h>

/*
 * The web base of a git remote URL: "git@host:o/r.git",
 * "ssh://git@host[:port]/o/r.git", "git://host/o/r", "https://[user@]host/o/r[.git]"
 * all give "https://host/o/r" (http stays http; user names and passwords
 * are dropped). NULL for anything else (a local path, say).
 */
char *forgeurl_from_remote(const char *remote);

/*
 * A repository's web address as given ("https://user@host:8443/o/r.git/"):
 * without user name, password, a final "/" or ".git"; the port kept.
 */
char *forgeurl_from_web(const char *url);

/*
 * The base of a compare or tag link: the part before "/compare/",
 * "/-/compare/", "/releases/tag/" or "/-/tags/". NULL when url (len
 * bytes) has none of them.
 */
char *forgeurl_base_of_link(const char *url, size_t len);

/*
 * The base of a link to a repository's root, an http(s) URL of two path
 * segments ("https://host/o/r/"), as forgeurl_from_web() gives it; NULL
 * for anything else.
 */
char *forgeurl_base_of_root(const char *url, size_t len);

/* The base of a link to a branch's commits: the part before "/commits/"
   or "/-/commits/" followed by a name; NULL when there is none. */
char *forgeurl_base_of_commits(const char *url, size_t len);

/* The base of a link to one commit, an http(s) URL with "/commit/" or
   "/-/commit/" and at least 7 hex digits; NULL when there is none. */
char *forgeurl_base_of_commit(const char *url, size_t len);

/* Nonzero when base is on a GitLab host. */
int forgeurl_is_gitlab(const char *base);

/* BASE/compare/FROM...TO (GitLab: BASE/-/compare/FROM...TO). */
char *forgeurl_compare(const char *base, const char *from, const char *to);

/* BASE/releases/tag/TAG (GitLab: BASE/-/tags/TAG). */
char *forgeurl_tag(const char *base, const char *tag);

/* BASE/commit/ID (GitLab: BASE/-/commit/ID). */
char *forgeurl_commit(const char *base, const char *id);

#endif
