/* test-deploy-hosts.c: host specs, and the command line ssh hands a host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/words.h"
#include "deploy/hostspec.h"
#include "deploy/remote.h"
#include "tap.h"

/* "dest port" of spec, or its error. */
static const char *
parse(const char *spec)
{
	static char out[512];
	struct deploy_host h;
	char *error = NULL;

	if (deploy_host_parse(&h, spec, &error) != 0) {
		snprintf(out, sizeof(out), "%s", error);
		free(error);
		return out;
	}
	snprintf(out, sizeof(out), "%s %d", h.dest, h.port);
	deploy_host_release(&h);
	return out;
}

static const char *
parse_list(const char *list)
{
	static char out[512];
	struct deploy_host *hosts;
	char *error = NULL;
	size_t n, i, len = 0;

	if (deploy_hosts_parse(list, &hosts, &n, &error) != 0) {
		snprintf(out, sizeof(out), "%s", error);
		free(error);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
		    i ? "|" : "", hosts[i].spec);
	deploy_hosts_release(hosts, n);
	return out;
}

int
main(void)
{
	static const char *const args[] = {
		"-e", "staging", "-c", "/etc/deploy slot/it's.conf", "deploy",
		"1.0 $HOME `id` \"q\" \\ ; | & < > ( ) # * ~\n\ttab", "", NULL
	};
	struct strbuf line = STRBUF_INIT;
	struct words w = WORDS_INIT;
	struct words_error e;
	size_t i;

	is_str(parse("web1"), "web1 0", "a name alone");
	is_str(parse("deploy@web1.example.org:2222"),
	    "deploy@web1.example.org 2222", "user, name and port");
	is_str(parse("[::1]:22"), "::1 22", "IPv6 and port");
	is_str(parse("u@[fe80::1]"), "u@fe80::1 0", "user and IPv6");
	is_str(parse("-oProxyJump"), "'-oProxyJump' is not a host: "
	    "the host name starts with '-' or '.' ([user@]host[:port])",
	    "an option refused");
	is_str(parse("-u@h"), "'-u@h' is not a host: the user starts with "
	    "'-' ([user@]host[:port])", "a user like an option refused");
	is_str(parse("h:65536"), "'h:65536' is not a host: the port is not a "
	    "number from 1 to 65535 ([user@]host[:port])", "port too big");
	is_str(parse("h:+22"), "'h:+22' is not a host: the port is not a "
	    "number from 1 to 65535 ([user@]host[:port])", "a signed port");
	is_str(parse("[::1]x"), "'[::1]x' is not a host: text after ']' "
	    "([user@]host[:port])", "text after the brackets");
	is_str(parse("[web1]"), "'[web1]' is not a host: not an IPv6 address "
	    "in brackets ([user@]host[:port])", "a name in brackets");
	is_str(parse("a@b@c"), "'a@b@c' is not a host: the host name is not "
	    "letters, digits, '.', '_' or '-' ([user@]host[:port])",
	    "two @");
	is_str(parse_list("web1,deploy@web2,[::1]:2222"),
	    "web1|deploy@web2|[::1]:2222", "a list");
	is_str(parse_list("web1,"), "'' is not a host: empty "
	    "([user@]host[:port])", "a trailing comma");
	is_str(parse_list("web1:22,web1:22"), "'web1:22' is given twice",
	    "a host twice");
	is_str(parse_list("web1:22,web1:2222"), "web1:22|web1:2222",
	    "one name, two ports: two hosts");

	remote_command_line(&line, args);
	is_str(line.buf, "deploy-slot '-e' 'staging' '-c' "
	    "'/etc/deploy slot/it'\\''s.conf' 'deploy' '1.0 $HOME `id` \"q\" "
	    "\\ ; | & < > ( ) # * ~\n\ttab' ''",
	    "every word single-quoted, ' as '\\''");
	ok(words_split(&w, line.buf, 0, &e) == 0, "a shell splits it back");
	ok(w.argc == 8 && strcmp(w.argv[0], "deploy-slot") == 0,
	    "into deploy-slot and its 7 arguments");
	for (i = 0; i + 1 < w.argc && args[i]; i++)
		is_str(w.argv[i + 1], args[i], "argument %zu byte for byte", i);
	words_release(&w);
	strbuf_release(&line);
	return tap_done();
}
