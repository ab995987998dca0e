# tests/example/release.sh: the release half of make demo's world
# (sourced by demo.sh), everything under $work:
#
#	make_example_repo DIR	the widget project: a release v0.1.0, then
#				features and fixes, a changelog, the app
#				(app/serve) and its migrations, a Makefile
#				that includes release.mk
#	example_commit DIR MESSAGE [FILE CONTENT]
#				a commit at a fixed date, changing FILE
#	start_ci_server		the GitHub stand-in (build/tests/httpd) on a
#				kernel-chosen port; sets GITHUB_API_URL
#	add_remote DIR		DIR.git, a bare remote reached through a
#				GitHub URL that git rewrites, whose
#				post-receive hook plays GitHub's CI: every
#				commit pushed is green on the stand-in
#	stop_ci_server
#
# The stand-in answers with GitHub's documented JSON
# (tests/fixtures/github).

example_clock=1767225600	# 2026-01-01T00:00:00Z
example_commit() {
	example_clock=$((example_clock + 3600))
	if [ $# -ge 4 ]; then
		mkdir -p "$(dirname "$1/$3")"
		printf '%s\n' "$4" >"$1/$3"
		git -C "$1" add "$3"
	else
		printf '%s\n' "$2" >"$1/change-$example_clock.txt"
		git -C "$1" add "change-$example_clock.txt"
	fi
	GIT_AUTHOR_DATE="@$example_clock +0000" GIT_COMMITTER_DATE="@$example_clock +0000" \
		git -C "$1" commit -q -m "$2"
}

make_example_repo() {
	git init -q -b main "$1"
	git -C "$1" config user.name "Ada Lovelace"
	git -C "$1" config user.email "ada@example.org"
	git -C "$1" config commit.gpgsign false
	cat >"$1/Makefile" <<EOF
# The release pipeline: reltools' release.mk (make ship VERSION=X).
RELTOOLS_BIN = $TOP/bin
include $TOP/release.mk
EOF
	cat >"$1/CHANGELOG.md" <<'EOF'
# Changelog

All notable changes to the widget are documented in this file.

## [Unreleased]

## [0.1.0] - 2026-01-01

### Added

- The widget service.
EOF
	git -C "$1" add Makefile CHANGELOG.md
	example_commit "$1" "feat: the widget service" app/serve \
'#!/bin/sh
# The widget service (its stand-in: tests/helpers/slot), serving $VERSION
# on 127.0.0.1:$PORT: /health, /version.
exec slot'
	git -C "$1" tag -a -m "Release v0.1.0" v0.1.0
	example_commit "$1" "feat(api): store widgets in PostgreSQL" \
		migrations/001-widgets.sql \
		'CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);'
	example_commit "$1" "fix(api): reject empty widget names"
	example_commit "$1" "docs: explain widget names"
}

start_ci_server() {
	: >"$work/ci.routes"
	"$TOP/build/tests/httpd" -r "$work/ci.routes" -p "$work/ci.port" \
	    -l "$work/ci.log" &
	ci_server=$!
	wait_until "the GitHub stand-in" test -s "$work/ci.port"
	export GITHUB_API_URL="http://127.0.0.1:$(cat "$work/ci.port")"
}

stop_ci_server() {
	[ -z "${ci_server:-}" ] || kill "$ci_server" 2>/dev/null || :
}

add_remote() {
	url=https://github.com/example/widget.git
	git init -q --bare "$1.git"
	# GitHub's CI, as seen through its API: green for what is pushed.
	cat >"$1.git/hooks/post-receive" <<'EOF'
#!/bin/sh
while read -r old new ref; do
	sha=$(git rev-parse -q --verify "$new^{commit}") || continue
	cp "$DEMO_WORK/ci.routes" "$DEMO_WORK/ci.routes.new"
	cat >>"$DEMO_WORK/ci.routes.new" <<ROUTES
GET /repos/example/widget/commits/$sha/check-runs
  status 200
  header Content-Type: application/json; charset=utf-8
  body-file $DEMO_FIXTURES/check-runs-green.json
GET /repos/example/widget/commits/$sha/status
  status 200
  header Content-Type: application/json; charset=utf-8
  body-file $DEMO_FIXTURES/status-success.json
ROUTES
	mv "$DEMO_WORK/ci.routes.new" "$DEMO_WORK/ci.routes"
done
EOF
	chmod +x "$1.git/hooks/post-receive"
	export DEMO_FIXTURES="$TOP/tests/fixtures/github"
	git -C "$1" remote add origin "$url"
	git -C "$1" config "url.$1.git.insteadOf" "$url"
}
