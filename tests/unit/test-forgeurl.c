/* test-forgeurl.c: web addresses from git remotes and changelog links. */
#include <stdlib.h>
#include <string.h>

#include "forge/forgeurl.h"
#include "tap.h"

static void
remote(const char *url, const char *want)
{
	char *got = forgeurl_from_remote(url);

	if (want == NULL)
		ok(got == NULL, "'%s' is not a forge remote", url);
	else
		is_str(got ? got : "(null)", want, "remote '%s'", url);
	free(got);
}

static void
base_of(const char *url, const char *want)
{
	char *got = forgeurl_base_of_link(url, strlen(url));

	is_str(got ? got : "(null)", want ? want : "(null)", "link '%s'", url);
	free(got);
}

static void
root_of(const char *url, const char *want)
{
	char *got = forgeurl_base_of_root(url, strlen(url));

	is_str(got ? got : "(null)", want ? want : "(null)", "root '%s'", url);
	free(got);
}

static void
commits_of(const char *url, const char *want)
{
	char *got = forgeurl_base_of_commits(url, strlen(url));

	is_str(got ? got : "(null)", want ? want : "(null)", "commits '%s'",
	    url);
	free(got);
}

static void
web(const char *url, const char *want)
{
	char *got = forgeurl_from_web(url);

	is_str(got, want, "web '%s'", url);
	free(got);
}

static void
commit_base(const char *url, const char *want)
{
	char *s = forgeurl_base_of_commit(url, strlen(url));

	is_str(s, want, "base of the commit link '%s'", url);
	free(s);
}

int
main(void)
{
	web("https://user:pw@git.example.com:8443/g/p.git/",
	    "https://git.example.com:8443/g/p");
	web("https://tok@github.com/o/r", "https://github.com/o/r");
	web("http://host/o/r//", "http://host/o/r");
	web("https://host/a/b/c.git", "https://host/a/b/c");
	root_of("https://github.com/o/r/", "https://github.com/o/r");
	root_of("https://github.com/o/r.git", "https://github.com/o/r");
	root_of("http://git.local:3000/o/r", "http://git.local:3000/o/r");
	root_of("https://github.com/o/r/compare/v1...v2", NULL);
	root_of("https://github.com/o", NULL);
	root_of("https://github.com/o/r?tab=readme", NULL);
	root_of("https://github.com//r", NULL);
	root_of("git@github.com:o/r", NULL);
	commits_of("https://github.com/o/r/commits/main",
	    "https://github.com/o/r");
	commits_of("https://gitlab.com/g/p/-/commits/main",
	    "https://gitlab.com/g/p");
	commits_of("https://github.com/o/r/commits/", NULL);
	commits_of("https://github.com/o/r/compare/a...b", NULL);
	char *s;

	remote("git@github.com:o/r.git", "https://github.com/o/r");
	remote("git@github.com:o/r", "https://github.com/o/r");
	remote("ssh://git@gitlab.example.com:2222/g/sub/p.git",
	    "https://gitlab.example.com/g/sub/p");
	remote("https://github.com/o/r.git", "https://github.com/o/r");
	remote("https://user:secret@github.com/o/r.git/",
	    "https://github.com/o/r");
	remote("http://git.local/o/r", "http://git.local/o/r");
	remote("git://host/o/r.git", "https://host/o/r");
	remote("/srv/git/r.git", NULL);
	remote("../r", NULL);
	remote("https://github.com/", NULL);
	remote("host:r.git", NULL);

	base_of("https://github.com/o/r/compare/v1.0.0...HEAD",
	    "https://github.com/o/r");
	base_of("https://gitlab.com/g/p/-/compare/v1...v2", "https://gitlab.com/g/p");
	base_of("https://github.com/o/r/releases/tag/v1.0.0",
	    "https://github.com/o/r");
	base_of("https://gitlab.com/g/p/-/tags/v1", "https://gitlab.com/g/p");
	base_of("https://semver.org", NULL);

	ok(forgeurl_is_gitlab("https://gitlab.example.com/g/p"), "gitlab host");
	ok(!forgeurl_is_gitlab("https://github.com/gitlab/p"),
	    "gitlab in the path is not a gitlab host");
	s = forgeurl_compare("https://github.com/o/r", "v1.0.0", "v1.1.0");
	is_str(s, "https://github.com/o/r/compare/v1.0.0...v1.1.0", "compare");
	free(s);
	s = forgeurl_compare("https://gitlab.com/g/p", "v1", "HEAD");
	is_str(s, "https://gitlab.com/g/p/-/compare/v1...HEAD", "gitlab compare");
	free(s);
	s = forgeurl_tag("https://github.com/o/r", "v1.0.0");
	is_str(s, "https://github.com/o/r/releases/tag/v1.0.0", "tag");
	free(s);
	s = forgeurl_tag("https://gitlab.com/g/p", "v1");
	is_str(s, "https://gitlab.com/g/p/-/tags/v1", "gitlab tag");
	free(s);
	s = forgeurl_commit("https://github.com/o/r", "555e658aa");
	is_str(s, "https://github.com/o/r/commit/555e658aa", "commit");
	free(s);
	s = forgeurl_commit("https://gitlab.example/g/p", "abc");
	is_str(s, "https://gitlab.example/g/p/-/commit/abc", "gitlab commit");
	free(s);
	commit_base("https://github.com/o/r/commit/555e658aaaa",
	    "https://github.com/o/r");
	commit_base("https://gitlab.com/g/p/-/commit/555e658",
	    "https://gitlab.com/g/p");
	commit_base("https://github.com/o/r/commit/555e65", NULL);
	commit_base("https://github.com/o/r/commits/main", NULL);
	commit_base("ftp://h/o/r/commit/555e658", NULL);
	return tap_done();
}
