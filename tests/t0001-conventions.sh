#!/bin/sh
# The C unit tests and fuzz replays run under prove directly; this file
# checks the harness itself and the conventions every tool keeps.
. "$(dirname "$0")/lib.sh"

is "$(printf '%s' '{"a":1}' | jq -r .a)" 1 "jq is available for the tests"
new_repo "$TMP/r"
commit "feat: one" "$TMP/r"
commit "fix: two" "$TMP/r"
is "$(git -C "$TMP/r" log --format=%aI -1)" "2026-01-01T00:02:00+00:00" "fixed commit dates"
is "$(git -C "$TMP/r" log --format='%an <%ae>' -1)" "Ada Lovelace <ada@example.org>" "fixed author"

for tool in "$TOP"/cmd/*.c; do
	[ -e "$tool" ] || continue
	t=$(basename "$tool" .c)
	run "$t" --help
	is "$rc" 0 "$t --help exits 0"
	like "$out" "^usage: $t " "$t --help prints usage on stdout"
	run "$t" --version
	is "$out" "$t $(sed -n 's/^RELTOOLS_VERSION *= *//p' "$TOP/Makefile")" "$t --version"
	run "$t" --no-such-option
	is "$rc" 2 "$t: unknown option exits 2"
	like "$err" "^$t: unknown option '--no-such-option'" "$t: unknown option named on stderr"
	like "$err" "usage: $t " "$t: usage on stderr"
	is "$out" "" "$t: nothing on stdout for a usage error"
	# An unknown option inside a group is named, not the word before it.
	run "$t" -Zq
	is "$rc" 2 "$t -Zq: exit 2"
	like "$err" "^$t: unknown option '-Z'" "$t -Zq: the unknown '-Z' named"
	run "$t" -q -Zq
	like "$err" "^$t: unknown option '-Z'" "$t -q -Zq: the unknown '-Z' named"
	run "$t" --quiet=x
	is "$rc" 2 "$t --quiet=x: exit 2"
	like "$err" "^$t: option '--quiet' takes no value" "$t --quiet=x: named"
	run "$t" --qui=x -q
	like "$err" "^$t: option '--qui' takes no value" \
		"$t --qui=x -q: the abbreviation named, not the -q after it"
	# --help matches the SYNOPSIS of the man page, line for line.
	synopsis=$(mandoc -T ascii -O width=500 "$TOP/man/$t.1" 2>/dev/null | sed 's/.\x08//g' |
		sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | sed 's/^ *//; /^$/d' | tr -s ' ')
	help=$("$t" --help | sed '/^$/,$d' | sed 's/^usage: //; s/^ *//' | tr -s ' ')
	is "$help" "$synopsis" "$t --help matches SYNOPSIS in man/$t.1"
	# Then a blank line and one line per option: the option, what it
	# does; every option of the man page's OPTIONS has its line.
	options=$("$t" --help | sed '1,/^$/d')
	is "$(printf '%s\n' "$options" | grep -cvE '^    -[^ ]*( [^ ]+)*  +[^ ]+( [^ ]+)*$')" 0 \
		"$t --help: each option line names an option and what it does"
	names=$(printf '%s\n' "$options" | sed -E 's/^    (.*[^ ])  +[^ ].*/\1/; s/, /\n/g' |
		sed 's/ .*//' | sort)
	missing=
	for o in $(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p; /^\.Ss Options/,/^\.Sh /p' "$TOP/man/$t.1" |
		sed -n 's/^\.It //p' | grep -oE 'Fl -?[a-zA-Z][-a-zA-Z]*' | sed 's/^Fl /-/' | sort -u); do
		printf '%s\n' "$names" | grep -qxe "$o" || missing="$missing $o"
	done
	is "$missing" "" "$t --help has a line for every option of man/$t.1"
	# And SYNOPSIS names every option of OPTIONS, by one of its names
	# (-q for -q, --quiet); grouped short options ([-hq]) count each.
	syn=$(printf '%s\n' "$synopsis" | tr ' []|.' '\n\n\n\n\n' | grep -E '^--?[a-zA-Z]' |
		sed -E 's/^(--[a-zA-Z][-a-zA-Z]*).*/\1/' | while read -r w; do
			case $w in
			--*) echo "$w" ;;
			*) printf '%s\n' "${w#-}" | sed 's/./-&\n/g' | grep . ;;
			esac
		done | sort -u)
	lacking=$(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p; /^\.Ss Options/,/^\.Sh /p' "$TOP/man/$t.1" |
		sed -n 's/^\.It \(Fl .*\)/\1/p' | while read -r item; do
			found=
			for o in $(printf '%s\n' "$item" | grep -oE 'Fl -?[a-zA-Z][-a-zA-Z]*' | sed 's/^Fl /-/'); do
				printf '%s\n' "$syn" | grep -qxe "$o" && found=1
			done
			[ -n "$found" ] || printf ' %s' "$(printf '%s\n' "$item" | grep -oE 'Fl -?[a-zA-Z][-a-zA-Z]*' | sed 's/^Fl /-/' | head -n 1)"
		done)
	is "$lacking" "" "$t: SYNOPSIS names every option of OPTIONS in man/$t.1"
	# No quote left open into the next one (.Pq Ql a: , Ql b: renders
	# as (‘a:, ‘b:’’).
	is "$(mandoc -T utf8 "$TOP/man/$t.1" 2>/dev/null | grep "$(printf '\342\200\231\342\200\231')")" "" \
		"man/$t.1: no nested quotes"
done

# A bad value prints the error alone; the usage is for unknown options
# and missing arguments.
bad_value() {
	# bad_value MESSAGE TOOL ARGS...
	_m=$1
	shift
	run "$@"
	is "$rc" 2 "$1, bad value: exit 2"
	is "$err" "$1: $_m" "$1, bad value: the error alone, no usage"
}
bad_value "'2026-13-45' is not a date (yyyy-mm-dd)" \
	rel-changelog release -r 1.0.0 --date 2026-13-45 CHANGELOG.md
bad_value "'!!' is not a pre-release identifier" rel-gitlog -C "$TMP/r" --pre '!!'
bad_value "--ci-wait wants seconds, not 'xyz'" rel-check -r 1.0.0 --ci-wait xyz
bad_value "--no-ci and --ci-wait exclude each other" rel-check -r 1.0.0 --no-ci --ci-wait 1
bad_value "--timeout: 'abc' is not a duration (500ms, 5s, 2m)" \
	health-probe --timeout abc http://127.0.0.1:1/
run rel-check
is "$rc" 2 "a missing argument: exit 2"
like "$err" "usage: rel-check " "a missing argument: the usage follows"
# A tool's own long option given a value it does not take is named, even
# when a group of short options holding its letter follows.
run rel-changelog --in-place=x -i lint CHANGELOG.md
is "$rc" 2 "--in-place=x -i: exit 2"
like "$err" "^rel-changelog: option '--in-place' takes no value" \
	"--in-place=x -i: --in-place named, not -i"
run rel-changelog --all-types=1 release -r 1.0.0
like "$err" "^rel-changelog: option '--all-types' takes no value" \
	"--all-types=1: named (a long option without a letter)"
run rel-changelog --date=2026-01-01 -Zi release -r 1.0.0
like "$err" "^rel-changelog: unknown option '-Z'" \
	"--date=D -Zi: the unknown -Z named, not --date"
done_testing
