/* test-cli.c: durations and counts as options take them. */
#include "core/cli.h"
#include "core/worktree.h"
#include "tap.h"

static void
duration(const char *s, long long want)
{
	long long ms = -2;
	int rc = cli_parse_duration(s, &ms);

	if (want < 0)
		ok(rc == -1, "'%s' is not a duration", s);
	else
		is_int(rc == 0 ? ms : -1, want, "'%s' is %lld ms", s, want);
}

int
main(void)
{
	long n;

	duration("5s", 5000);
	duration("500ms", 500);
	duration("2m", 120000);
	duration("1h", 3600000);
	duration("1.5", 1500);
	duration("0", 0);
	duration("0.25s", 250);
	duration("", -1);
	duration(".", -1);
	duration("1.", -1);
	duration(".5", 500);
	duration("0x10", -1);
	duration("1e3", -1);
	duration("inf", -1);
	duration("-1s", -1);
	duration("+1s", -1);
	duration(" 1s", -1);
	duration("1 s", -1);
	duration("5sec", -1);
	duration("1.2.3s", -1);
	duration("99999999999999999999h", -1);

	ok(cli_parse_count("42", &n) == 0 && n == 42, "count 42");
	ok(cli_parse_count("-1", &n) == -1, "count -1 refused");
	ok(cli_parse_count("4x", &n) == -1, "count 4x refused");
	is_str(worktree_path("./CHANGELOG.md"), "CHANGELOG.md",
	    "worktree path without ./");
	is_str(worktree_path(".//./docs/a.md"), "docs/a.md",
	    "worktree path without ./ repeated");
	is_str(worktree_path(".hidden/../x"), ".hidden/../x",
	    "worktree path: other dots kept");
	ok(cli_parse_count("99999999999999999999", &n) == -1, "count overflow refused");
	ok(worktree_path_inside("CHANGELOG.md") && worktree_path_inside("docs/a..b") &&
	    worktree_path_inside("..x/y") && worktree_path_inside(".hidden/x"),
	    "paths inside the work tree");
	ok(!worktree_path_inside("/abs") && !worktree_path_inside("..") &&
	    !worktree_path_inside("../x") && !worktree_path_inside("a/../b") &&
	    !worktree_path_inside("a/.."), "paths outside the work tree");
	return tap_done();
}
