/* test-proc.c: running programs, feeding stdin, capturing output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/proc.h"
#include "tap.h"

int
main(void)
{
	struct proc_result r = PROC_RESULT_INIT;
	const char *echo[] = { "/bin/sh", "-c", "printf '%s|' \"$@\"; "
		"echo oops >&2; exit 3", "sh", "a b", "$HOME", ";rm", NULL };
	const char *cat[] = { "/bin/cat", NULL };
	const char *quiet[] = { "/bin/sh", "-c", "exit 4", NULL };
	const char *missing[] = { "/nonexistent/tool", NULL };
	const char *early[] = { "/bin/true", NULL };
	size_t big = 1 << 20, i;
	char *in = malloc(big);
	char *path, *error = NULL;

	ok(proc_run(echo, NULL, 0, &r) == 0, "ran sh");
	is_str(r.out.buf, "a b|$HOME|;rm|", "arguments arrive unparsed");
	is_str(r.err.buf, "oops\n", "stderr captured");
	is_int(r.status, 3, "exit status");
	is_str(proc_first_error(&r), "oops", "first error line");

	for (i = 0; i < big; i++)
		in[i] = 'a' + i % 26;
	ok(proc_run(cat, in, big, &r) == 0, "ran cat with 1 MiB on stdin");
	ok(r.out.len == big && memcmp(r.out.buf, in, big) == 0,
	    "stdin came back whole through stdout");
	is_int(r.status, 0, "cat exits 0");

	ok(proc_run(early, in, big, &r) == 0,
	    "a child that does not read its stdin is no error");
	is_int(r.status, 0, "true exits 0");

	ok(proc_run(quiet, NULL, 0, &r) == 0, "ran a silent failure");
	is_str(proc_first_error(&r), "exit status 4, no message",
	    "how it ended, when it said nothing");

	errno = 0;
	ok(proc_run(missing, NULL, 0, &r) == -1 && errno == ENOENT,
	    "a missing program is ENOENT");

	path = proc_find_tool("sh");
	ok(path && path[0] == '/' && strcmp(strrchr(path, '/'), "/sh") == 0,
	    "sh found in PATH: %s", path ? path : "(null)");
	free(path);
	ok(proc_find_tool("no-such-tool-here") == NULL, "no such tool");
	ok(proc_run_tool("sh", (const char *[]){ "-c", "echo hi", NULL },
	    NULL, 0, &r, &error) == 0 && error == NULL,
	    "a sibling tool run by name");
	is_str(r.out.buf, "hi\n", "its output captured");
	ok(proc_run_tool("no-such-tool-here", (const char *[]){ NULL }, NULL,
	    0, &r, &error) == -1, "a missing sibling tool: -1");
	ok(error && strncmp(error, "cannot find 'no-such-tool-here' next to "
	    "'", 41) == 0 && strstr(error, "' or in PATH") != NULL,
	    "a missing sibling tool: said: %s", error ? error : "(null)");
	free(error);

	setenv("PROC_TEST_KEEP", "kept", 1);
	setenv("PROC_TEST_GONE", "inherited", 1);
	setenv("PROC_TEST_SET", "old", 1);
	ok(proc_run_env((const char *[]){ "/bin/sh", "-c", "printf '%s|%s|%s|%s' "
	    "\"$PROC_TEST_KEEP\" \"${PROC_TEST_GONE-unset}\" \"$PROC_TEST_SET\" "
	    "\"$PROC_TEST_NEW\"", NULL }, (const char *[]){ "PROC_TEST_GONE",
	    "PROC_TEST_SET=new=value", "PROC_TEST_NEW=", NULL }, NULL, 0,
	    &r) == 0, "ran sh with a changed environment");
	is_str(r.out.buf, "kept|unset|new=value|",
	    "inherited, removed, replaced and added variables");
	is_str(getenv("PROC_TEST_SET"), "old", "our own environment unchanged");
	path = proc_find_program("sh");
	ok(path && path[0] == '/' && strcmp(strrchr(path, '/'), "/sh") == 0,
	    "a program found in PATH: %s", path ? path : "(null)");
	free(path);
	ok(proc_find_program("no-such-program-here") == NULL, "no such program");

	proc_result_release(&r);
	free(in);
	return tap_done();
}
