# tests/lib-release.sh: projects, remotes and a GitHub stand-in for the
# rel-check, rel-tag and make release tests. Source after lib.sh.

GH_REPO=https://github.com/acme/widget.git

# new_project DIR: a repository with a Keep a Changelog CHANGELOG.md and a
# feat commit, pushed to the bare remote DIR.git. The remote is named
# origin with a GitHub URL (for rel-check's CI check) that git and libgit2
# rewrite to the bare repository (url.*.insteadOf).
new_project() {
	new_repo "$1"
	git init -q --bare "$1.git"
	cat >"$1/CHANGELOG.md" <<-'EOF'
	# Changelog

	All notable changes to this project are documented in this file.

	## [Unreleased]

	### Added

	- A widget that turns.
	EOF
	git -C "$1" add CHANGELOG.md
	commit "feat: add the widget" "$1"
	git -C "$1" remote add origin "$GH_REPO"
	git -C "$1" config "url.$1.git.insteadOf" "$GH_REPO"
	git -C "$1" push -q origin main
}

# released_project NAME VERSION: new_project $TMP/NAME whose changelog is
# then released as VERSION (not committed), ready for rel-tag.
released_project() {
	new_project "$TMP/$1"
	rel-gitlog -q -C "$TMP/$1" | rel-changelog release -q -r "$2" \
		--date 2026-02-01 -i "$TMP/$1/CHANGELOG.md" >/dev/null
}

# ci_project: new_project $TMP/p for the CI tests, and their names: P,
# sha and s8 (HEAD, 8 digits), RUNS and STATUS (its API paths), R (the
# routes file), FX (the fixtures).
ci_project() {
	P=$TMP/p
	new_project "$P"
	sha=$(git -C "$P" rev-parse HEAD)
	s8=$(git -C "$P" rev-parse --short=8 HEAD)
	RUNS=/repos/acme/widget/commits/$sha/check-runs
	STATUS=/repos/acme/widget/commits/$sha/status
	R=$TMP/routes
	FX=$TOP/tests/fixtures/github
}

# refs DIR: every ref of the repository at DIR with its object, sorted.
refs() {
	git -C "$1" for-each-ref --format='%(objectname) %(objecttype) %(refname)'
}

# start_github ROUTES: the GitHub stand-in (tests/helpers/httpd) serving
# ROUTES; sets GITHUB_API_URL and PORT, logs requests to $TMP/httpd.log.
start_github() {
	rm -f "$TMP/httpd.port"
	httpd -r "$1" -p "$TMP/httpd.port" -l "$TMP/httpd.log" &
	at_exit "kill $!"
	_i=0
	while [ ! -s "$TMP/httpd.port" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	PORT=$(cat "$TMP/httpd.port")
	export GITHUB_API_URL="http://127.0.0.1:$PORT"
}

# routes_touched FILE: a new mtime for FILE, a whole second after the
# last, so httpd re-reads every rewrite however fast the test runs.
routes_clock=1767225600
routes_touched() {
	routes_clock=$((routes_clock + 1))
	touch -d "@$routes_clock" "$1"
}

# github_routes FILE SHA RUNS STATUS: routes answering 200 with the
# fixtures RUNS (check runs) and STATUS (combined status) for commit SHA.
github_routes() {
	_fx="$TOP/tests/fixtures/github"
	cat >"$1" <<-EOF
	GET /repos/acme/widget/commits/$2/check-runs
	  status 200
	  header Content-Type: application/json; charset=utf-8
	  body-file $_fx/$3
	GET /repos/acme/widget/commits/$2/status
	  status 200
	  header Content-Type: application/json; charset=utf-8
	  body-file $_fx/$4
	EOF
	routes_touched "$1"
}

# check NAME: "STATUS DETAIL" of check NAME in rel-check's $out.
check() {
	jqr ".checks[] | select(.name == \"$1\") | .status + \" \" + .detail"
}

# start_releases NAME: the GitHub stand-in with its release endpoints
# (httpd -G, routes in $TMP/NAME.routes, empty at first): sets
# GITHUB_API_URL and PORT; requests logged in $TMP/NAME.log (with each
# body's length and sha256), bodies in $TMP/NAME.bodies, uploaded bytes
# in $TMP/NAME.d.
start_releases() {
	: >"$TMP/$1.routes"
	mkdir -p "$TMP/$1.d"
	httpd_start "$1" "$TMP/$1.routes" -G "$TMP/$1.d" -b "$TMP/$1.bodies"
	PORT=$httpd_port
	export GITHUB_API_URL="http://127.0.0.1:$PORT"
}

# writes LOG: the requests in LOG that change something.
writes() {
	grep -E '^(POST|PATCH|PUT|DELETE) ' "$1"
}
