/* test-gitssh.c: ssh remote URLs as git reads them, and the ssh command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "git/gitssh.h"
#include "tap.h"

static const struct {
	const char *url, *host, *port, *path;
} good[] = {
	{ "ssh://git@github.com/acme/widget.git", "git@github.com", NULL,
	    "/acme/widget.git" },
	{ "ssh://u@127.0.0.1:2222/srv/p.git", "u@127.0.0.1", "2222",
	    "/srv/p.git" },
	{ "git+ssh://host/~/repo", "host", NULL, "~/repo" },
	{ "ssh+git://host/~ada/repo", "host", NULL, "~ada/repo" },
	{ "ssh://u@[::1]:22/r", "u@::1", "22", "/r" },
	{ "ssh://[::1]/r", "::1", NULL, "/r" },
	{ "git@github.com:acme/widget.git", "git@github.com", NULL,
	    "acme/widget.git" },
	{ "host:/abs/path", "host", NULL, "/abs/path" },
};

static const char *const bad[] = {
	"/srv/p.git", "file:///srv/p.git", "https://github.com/a/b",
	"ssh://host", "ssh://host/", "ssh:///path", "ssh://host:x/p",
	"ssh://host:/p", "ssh://[::1/p", "ssh://[::1]x/p", "-oProxy=x:r",
	"ssh://-oProxy=x/r", "host:", ":path", "dir/sub:file", "ssh://u@/p",
};

int
main(void)
{
	struct gitssh_url u;
	char **argv;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (gitssh_parse(good[i].url, &u) != 0) {
			ok(0, "%s: parsed", good[i].url);
			continue;
		}
		is_str(u.host, good[i].host, "%s: host", good[i].url);
		is_str(u.port, good[i].port, "%s: port", good[i].url);
		is_str(u.path, good[i].path, "%s: path", good[i].url);
		gitssh_url_free(&u);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(gitssh_parse(bad[i], &u), -1, "%s: no ssh URL", bad[i]);

	unsetenv("GIT_SSH_COMMAND");
	unsetenv("GIT_SSH");
	gitssh_parse("ssh://u@h:2222/it's here", &u);
	argv = gitssh_argv(&u, "git-receive-pack", 1500);
	is_str(argv[0], "ssh", "ssh by default");
	is_str(argv[1], "-o", "options first");
	is_str(argv[2], "BatchMode=yes", "never asks");
	is_str(argv[4], "ConnectTimeout=2", "the limit, rounded up to seconds");
	is_str(argv[5], "-p", "the port");
	is_str(argv[6], "2222", "its number");
	is_str(argv[7], "--", "no option after");
	is_str(argv[8], "u@h", "the host");
	is_str(argv[9], "git-receive-pack '/it'\\''s here'",
	    "the service and the path, quoted for the remote shell");
	ok(argv[10] == NULL, "nothing else");
	xstrv_free(argv);

	setenv("GIT_SSH", "/opt/myssh", 1);
	argv = gitssh_argv(&u, "git-upload-pack", 60000);
	is_str(argv[0], "/opt/myssh", "GIT_SSH: that program");
	is_str(argv[4], "ConnectTimeout=60", "60 s");
	xstrv_free(argv);
	setenv("GIT_SSH_COMMAND", "ssh -F /etc/x", 1);
	argv = gitssh_argv(&u, "git-upload-pack", 60000);
	is_str(argv[0], "sh", "GIT_SSH_COMMAND: through sh, as git runs it");
	is_str(argv[2], "ssh -F /etc/x \"$@\"", "its words, then ours");
	is_str(argv[3], "ssh", "$0");
	is_str(argv[4], "-o", "then the options");
	xstrv_free(argv);
	gitssh_url_free(&u);
	return tap_done();
}
