# tests/lib.sh: a small TAP harness for the shell tests, after git's t/.
#
#	. "$(dirname "$0")/lib.sh"
#	run rel-gitlog -C repo          # sets $out, $err, $rc
#	is "$rc" 0 "exit status"
#	is "$(jqr .summary.next)" 0.1.0 "next version"
#	done_testing
#
# Each test file gets its own temporary directory ($TMP, removed at exit
# unless KEEP=1), its own HOME and git configuration, fixed dates, and
# bin/ first in PATH.

set -u
# The tree: from tests/*.sh, unless a deeper script (tests/bench/) says.
TOP=${RELTOOLS_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
export PATH="$TOP/bin:$TOP/build/tests:$PATH"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/reltools-test.XXXXXX")
trap 'cleanup_hooks; [ "${KEEP:-0}" = 1 ] || rm -rf "$TMP"' EXIT
export HOME="$TMP/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
export TZ=UTC LC_ALL=C NO_COLOR=1
# A sanitizer report must never pass for one of our exit statuses (1 to 3);
# and as a tool run by another tool (or first in a pipe) has its status
# read by that one, every report also goes to a file that done_testing
# looks for.
export ASAN_OPTIONS="exitcode=86:detect_leaks=1:log_path=$TMP/sanitizer"
# libgit2 1.5.1 leaks in git_remote_lookup(): see tests/lsan-libgit2.supp.
export LSAN_OPTIONS="exitcode=86:suppressions=$TOP/tests/lsan-libgit2.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
unset GH_TOKEN GITHUB_TOKEN GITHUB_API_URL GIT_DIR GIT_WORK_TREE
git config --global user.name "Ada Lovelace"
git config --global user.email "ada@example.org"
git config --global init.defaultBranch main
git config --global advance.detachedHead false 2>/dev/null
git config --global protocol.file.allow always

test_count=0
test_failed=0
cleanup_cmds=

# at_exit CMD: run CMD (a string, for servers started by a test) at exit.
at_exit() { cleanup_cmds="$1; $cleanup_cmds"; }
cleanup_hooks() { [ -z "$cleanup_cmds" ] || eval "$cleanup_cmds" 2>/dev/null; }

ok() {
	# ok STATUS NAME: STATUS 0 passes
	test_count=$((test_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $test_count - $2"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $2"
	fi
}

is() {
	# is GOT WANT NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got: %s\n#  want: %s\n' "$1" "$2" | sed '2,$s/^\([^#]\)/#        \1/'
	fi
}

like() {
	# like GOT EXTENDED_REGEX NAME
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got: %s\n#  want match: %s\n' "$1" "$2"
	fi
}

unlike() {
	# unlike GOT EXTENDED_REGEX NAME
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '#   got: %s\n#  want no match: %s\n' "$1" "$2"
	else
		ok 0 "$3"
	fi
}

run() {
	# run CMD...: stdout in $out, stderr in $err, exit status in $rc
	"$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null
	rc=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}

run_stdin() {
	# run_stdin FILE CMD...: as run, with FILE on stdin
	_in=$1
	shift
	"$@" >"$TMP/.out" 2>"$TMP/.err" <"$_in"
	rc=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}

jqr() {
	# jqr FILTER: jq -r FILTER over $out ("<invalid json>" if it is not,
	# "<no output>" if it is empty: jq reads no document there, silently)
	[ -n "$out" ] || { echo "<no output>"; return; }
	printf '%s' "$out" | jq -r "$1" 2>/dev/null || echo "<invalid json>"
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	if ls "$TMP"/sanitizer.* >/dev/null 2>&1; then
		ok 1 "sanitizer reports: $(cat "$TMP"/sanitizer.* | head -3 | tr '\n' ' ')"
		sed 's/^/# /' "$TMP"/sanitizer.*
	fi
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
	exit $?
}

# Fixed, increasing dates for commits: each commit_at call moves a minute.
commit_clock=1767225600	# 2026-01-01T00:00:00Z
tick() {
	commit_clock=$((commit_clock + 60))
	export GIT_AUTHOR_DATE="@$commit_clock +0000"
	export GIT_COMMITTER_DATE="@$commit_clock +0000"
}

# commit MSG [DIR]: an empty commit with message MSG at the next tick.
commit() {
	tick
	git -C "${2:-.}" commit -q --allow-empty -m "$1"
}

# new_repo DIR: an empty repository with one branch, main.
new_repo() {
	git init -q "$1"
}

# history DIR ITEM...: in repository DIR (created when missing), for each
# ITEM in order a commit with that message, or, for an ITEM starting
# with "+", a lightweight tag on the last commit ("+v1.0.0").
history() {
	_dir=$1
	shift
	[ -e "$_dir/.git" ] || new_repo "$_dir"
	for _item in "$@"; do
		case $_item in
		+*) git -C "$_dir" tag "${_item#+}" ;;
		*) commit "$_item" "$_dir" ;;
		esac
	done
}
