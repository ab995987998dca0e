#!/bin/sh
# make demo: build an example repository and show what reltools report.
#
# Each step is a function so later steps of the pipeline can be added:
#	make_example_repo DIR	a project with releases, features, fixes,
#				a breaking change and a revert
#	show_gitlog DIR		rel-gitlog's document, and a line for people
#	show_release DIR	rel-check, rel-changelog release and rel-tag
#				--push against a local remote and CI
#				(tests/example/release.sh)
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$TOP/bin:$PATH"

# example_commit DIR MESSAGE: a commit adding a file, at a fixed date.
example_clock=1767225600	# 2026-01-01T00:00:00Z
example_commit() {
	example_clock=$((example_clock + 3600))
	printf '%s\n' "$2" >"$1/change-$example_clock.txt"
	git -C "$1" add "change-$example_clock.txt"
	GIT_AUTHOR_DATE="@$example_clock +0000" GIT_COMMITTER_DATE="@$example_clock +0000" \
		git -C "$1" commit -q -m "$2"
}

make_example_repo() {
	git init -q -b main "$1"
	git -C "$1" config user.name "Ada Lovelace"
	git -C "$1" config user.email "ada@example.org"
	git -C "$1" config commit.gpgsign false
	example_commit "$1" "feat: first version of the widget API"
	git -C "$1" tag v0.1.0
	example_commit "$1" "fix(api): reject empty widget names"
	example_commit "$1" "docs: explain widget names"
	git -C "$1" tag v0.1.1
	example_commit "$1" "feat(api): list widgets by colour"
	git -C "$1" tag v0.2.0
	example_commit "$1" "feat(cli)!: rename --colour to --color

BREAKING CHANGE: scripts that pass --colour must pass --color."
	example_commit "$1" "fix(api): keep the order of widgets

Fixes #12"
	example_commit "$1" "perf: cache widget lookups"
	GIT_AUTHOR_NAME="Grace Hopper" GIT_AUTHOR_EMAIL="grace@example.org" \
		example_commit "$1" "Tidy up the build scripts"
	example_clock=$((example_clock + 3600))
	GIT_AUTHOR_DATE="@$example_clock +0000" GIT_COMMITTER_DATE="@$example_clock +0000" \
		git -C "$1" revert --no-edit HEAD~1 >/dev/null
}

show_gitlog() {
	echo "== rel-gitlog -C $(basename "$1") --pretty"
	rel-gitlog -q -C "$1" --pretty >"$1.gitlog.json"
	cat "$1.gitlog.json"
	jq -r '"== \(.summary.count) commits since \(.from.tag // "the start") (\(.summary.types | to_entries | map("\(.value) \(.key)") | join(", ")), \(.summary.unconventional) not conventional, \(.summary.breaking) breaking)",
		"== next version: \(.summary.next) (a \(.summary.bump) bump from \(.summary.current // "nothing"))"' \
		"$1.gitlog.json"
}

. "$TOP/tests/example/release.sh"

main() {
	command -v jq >/dev/null || { echo "demo: jq is needed (sh tools/install-deps.sh)" >&2; exit 3; }
	work=$(mktemp -d "${TMPDIR:-/tmp}/reltools-demo.XXXXXX")
	trap 'stop_ci_server; rm -rf "$work"' EXIT
	make_example_repo "$work/example"
	show_gitlog "$work/example"
	show_release "$work/example"
}

main "$@"
