/* test-remoteurl.c: owner and name from git remote URLs. */
#include <stdlib.h>
#include <string.h>

#include "forge/remoteurl.h"
#include "tap.h"

static const struct {
	const char *url, *host, *owner, *name;
} good[] = {
	{ "git@github.com:acme/widget.git", "github.com", "acme", "widget" },
	{ "git@github.com:acme/widget", "github.com", "acme", "widget" },
	{ "github.com:acme/widget.git/", "github.com", "acme", "widget" },
	{ "ssh://git@github.com/acme/widget.git", "github.com", "acme",
	    "widget" },
	{ "ssh://git@github.com:2222/acme/w.x-y_z", "github.com", "acme",
	    "w.x-y_z" },
	{ "https://github.com/acme/widget.git", "github.com", "acme",
	    "widget" },
	{ "https://github.com/acme/widget/", "github.com", "acme", "widget" },
	{ "https://x-access-token:s3cret@ghe.example:8443/Acme/Widget",
	    "ghe.example", "Acme", "Widget" },
	{ "http://127.0.0.1:8080/o/r", "127.0.0.1", "o", "r" },
	{ "git://github.com/acme/widget.git", "github.com", "acme", "widget" },
};

static const char *const bad[] = {
	"", "/srv/git/widget.git", "../remote.git", "file:///srv/widget.git",
	"https://github.com/acme", "https://github.com/a/b/c",
	"git@github.com:acme", "git@github.com:/widget", "https://github.com//w",
	"https:///acme/widget", "git@github.com:acme/wid get",
	"https://github.com/acme/..", "ftp://h/o/r", "file://h/o/r",
	"git@github.com:acme/.git",
};

static const struct {
	const char *url, *shown;
} hosts[] = {
	{ "https://github.com/o/r.git", "github.com" },
	{ "https://bot:s3cret@GitHub.com:443/o/r", "github.com" },
	{ "http://127.0.0.1:8080/o/r", "127.0.0.1" },
	{ "https://a@b@host.example/x", "host.example" },
	{ "git@github.com:o/r.git", NULL },
	{ "https:///o/r", NULL },
	{ "/srv/git/r.git", NULL },
}, redact[] = {
	{ "https://user:s3cret@github.com/o/r.git",
	    "https://***@github.com/o/r.git" },
	{ "https://ghp_s3cret@github.com/o/r.git",
	    "https://***@github.com/o/r.git" },
	{ "https://@github.com/o/r.git", "https://***@github.com/o/r.git" },
	{ "https://github.com/o/r.git", "https://github.com/o/r.git" },
	{ "git@github.com:o/r.git", "git@github.com:o/r.git" },
	{ "https://github.com/o/r@x:y", "https://github.com/o/r@x:y" },
	{ "https://a:b@c:d@h/o/r", "https://***@h/o/r" },
};

int
main(void)
{
	struct remote_repo r;
	size_t i;
	char *s;

	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		if (!ok(remote_repo_parse(&r, good[i].url) == 0, "parses %s",
		    good[i].url))
			continue;
		is_str(r.host, good[i].host, "host of %s", good[i].url);
		is_str(r.owner, good[i].owner, "owner of %s", good[i].url);
		is_str(r.name, good[i].name, "name of %s", good[i].url);
		remote_repo_free(&r);
	}
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(remote_repo_parse(&r, bad[i]) == -1, "refuses '%s'", bad[i]);

	for (i = 0; i < sizeof(redact) / sizeof(*redact); i++) {
		s = remote_url_redact(redact[i].url);
		is_str(s, redact[i].shown, "redacted %s", redact[i].url);
		free(s);
	}

	for (i = 0; i < sizeof(hosts) / sizeof(*hosts); i++) {
		s = remote_url_host(hosts[i].url);
		is_str(s, hosts[i].shown, "host of %s", hosts[i].url);
		free(s);
	}
	setenv("GH_TOKEN", "tok", 1);
	unsetenv("GITHUB_API_URL");
	is_str(remote_github_token("https://github.com/o/r.git"), "tok",
	    "the token for github.com");
	ok(remote_github_token("https://gitlab.com/o/r.git") == NULL,
	    "no token for another host");
	ok(remote_github_token("https://github.com.evil.example/o/r") == NULL,
	    "no token for a look-alike host");
	setenv("GITHUB_API_URL", "https://GHE.example.com/api/v3", 1);
	is_str(remote_github_token("https://ghe.example.com/o/r.git"), "tok",
	    "the token for the host of GITHUB_API_URL");
	ok(remote_github_token("https://gitlab.com/o/r.git") == NULL,
	    "GitHub Enterprise: no token for another host");
	setenv("GITHUB_API_URL", "https://api.octo.ghe.com", 1);
	is_str(remote_github_token("https://octo.ghe.com/o/r.git"), "tok",
	    "the token for the host of an api. GITHUB_API_URL");
	/* What GitHub Actions sets in every job. */
	setenv("GITHUB_API_URL", "https://api.github.com", 1);
	ok(remote_github_token("https://gitlab.com/o/r.git") == NULL,
	    "GITHUB_API_URL=https://api.github.com: no token for gitlab.com");
	ok(remote_github_token("https://api.github.com/o/r.git") == NULL,
	    "GITHUB_API_URL=https://api.github.com: none for its host");
	is_str(remote_github_token("https://github.com/o/r.git"), "tok",
	    "GITHUB_API_URL=https://api.github.com: the token for github.com");
	return tap_done();
}
