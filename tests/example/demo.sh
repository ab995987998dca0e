#!/bin/sh
# make demo: the whole pipeline, locally, with every part real but
# GitHub's API: an example project with its remote, a GitHub stand-in
# whose CI goes green on every push, Caddy with a staging and a
# production site, PostgreSQL, an app served from two slots per
# environment, migrations. It ships v0.2.0, then a broken v0.3.0 that
# staging's gate refuses, then v0.3.1, then rolls production back to
# v0.2.0, all through release.mk's targets (YES=1), and ends with a table.
#
# Everything lives in a temporary directory and is stopped and removed
# at exit, Ctrl-C included. With DEMO_LOG_DIR set, each step appends a
# line to DEMO_LOG_DIR/steps.tsv for the tests: the step, its exit
# status, the versions staging and production serve (read through Caddy)
# and the last migration of each database, tab-separated.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# The example's own makes are not part of a make that runs this one.
unset MAKEFLAGS MFLAGS MAKELEVEL
# slot and httpd (the app's stand-in and the GitHub stand-in) too.
PATH="$TOP/bin:$TOP/build/tests:$PATH"

. "$TOP/tests/example/release.sh"
. "$TOP/tests/example/deploy.sh"

step_n=0
table=

# step TEXT: a new step, told in one line.
step() {
	step_n=$((step_n + 1))
	printf '\n[%d] %s\n' "$step_n" "$1"
	step_began=$(date +%s%N)
}

# record NAME STATUS: what the step left, as the world shows it now.
record() {
	_rc_staging=$(served staging)
	_rc_production=$(served production)
	_rc_schema_staging=$(schema staging)
	_rc_schema_production=$(schema production)
	_rc_ms=$((($(date +%s%N) - step_began) / 1000000))
	printf '    -> staging serves %s, production serves %s (read through Caddy)\n' \
	    "$_rc_staging" "$_rc_production"
	table="$table$(printf '%-26s %-7s %-8s %-10s %-16s %-16s %6s' "$1" \
	    "$([ "$2" -eq 0 ] && echo ok || echo failed)" "$_rc_staging" \
	    "$_rc_production" "$_rc_schema_staging" "$_rc_schema_production" \
	    "$_rc_ms")
"
	[ -z "${DEMO_LOG_DIR:-}" ] ||
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$_rc_staging" \
		    "$_rc_production" "$_rc_schema_staging" \
		    "$_rc_schema_production" >>"$DEMO_LOG_DIR/steps.tsv"
}

# pipeline ARGS...: make ARGS in the example project, its output (the
# tools' own words) indented, a run of a probe's attempts shortened to
# its first and last; sets status.
pipeline() {
	printf '    $ make %s\n' "$*"
	status=0
	make -s -C "$work/example" "$@" >"$work/make.out" 2>&1 || status=$?
	awk '
	function flush() {
		if (n > 3) {
			print "    | " first
			printf "    | ... %d more attempts\n", n - 2
			print "    | " last
		} else {
			for (i = 1; i <= n; i++)
				print "    | " run[i]
		}
		n = 0
	}
	/ attempt [0-9]+: / {
		run[++n] = $0
		if (n == 1)
			first = $0
		last = $0
		next
	}
	{ flush(); print "    | " $0 }
	END { flush() }' "$work/make.out"
}

# push DIR MESSAGE FILE CONTENT: a commit, pushed (CI goes green on it).
push() {
	example_commit "$@"
	git -C "$1" push -q origin main
}

setup() {
	ex=$work/example
	step "the example project, its remote and a GitHub stand-in"
	make_example_repo "$ex"
	start_ci_server
	add_remote "$ex"
	echo "    widget: released v0.1.0, then $(rel-gitlog -q -C "$ex" | jq -r .summary.count) commits;" \
	    "remote $ex.git, whose push hook turns CI green on the stand-in at $GITHUB_API_URL"
	step "Caddy with two sites, PostgreSQL with two databases"
	start_caddy
	echo "    Caddy $(caddy version | sed 's/ .*//'): staging $staging_url, production $production_url, admin $caddy_admin"
	start_postgres
	echo "    PostgreSQL $pg_version in $work/pg: databases staging and production"
	write_deploy_scripts "$ex"
	write_deploy_config "$ex" staging
	write_deploy_config "$ex" production
	cat >"$ex/deploy/smoke.checks" <<'EOF'
# The smoke checks: make test-staging, make test-production-smoke.
health   /health --assert 'json.status == "healthy"'
version  /version --assert 'json.version == $VERSION'
missing  /no-such-page --expect-status 404
EOF
	git -C "$ex" add deploy .deploy.conf.staging .deploy.conf.production
	example_commit "$ex" "build: deploy to staging and production with deploy-slot"
	git -C "$ex" push -q origin main --tags
	echo "    deploy-slot: .deploy.conf.staging and .deploy.conf.production, two slots each;" \
	    "smoke checks in deploy/smoke.checks"
	record setup 0
}

# ship VERSION WHAT: make ship VERSION=VERSION YES=1, told as WHAT.
ship() {
	step "$2"
	pipeline ship VERSION="$1" YES=1
	record "ship $1" "$status"
}

main() {
	for _tool in jq git curl; do
		command -v "$_tool" >/dev/null ||
			{ echo "demo: $_tool is needed (sh tools/install-deps.sh)" >&2; exit 3; }
	done
	began=$(date +%s%N)
	work=$(mktemp -d "${TMPDIR:-/tmp}/reltools-demo.XXXXXX")
	export DEMO_WORK="$work" TMPDIR="$work"
	trap 'trap - EXIT; stop_deploy_world; stop_ci_server; rm -rf "$work"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	echo "reltools demo: the whole pipeline on a local example, in $work"
	setup

	step "rel-gitlog: what the commits since v0.1.0 call for"
	rel-gitlog -q -C "$ex" | jq -r '"    \(.summary.count) commits (\(.summary.types | to_entries | map("\(.value) \(.key)") | join(", "))): next version \(.summary.next), a \(.summary.bump) bump"'
	record "rel-gitlog" 0

	ship 0.2.0 "make ship VERSION=0.2.0: release, CI, staging, smoke checks, production, smoke checks"

	push "$ex" "feat(api): widgets by size" migrations/002-widget-size.sql \
	    'ALTER TABLE widgets ADD COLUMN size integer;'
	push "$ex" "fix(api): read the widget size" app/serve \
'#!/bin/sh
# The widget service (its stand-in: tests/helpers/slot), serving $VERSION
# on 127.0.0.1:$PORT: /health, /version.
# The size column is read at start; this build looks in the wrong table
# and says it is unhealthy.
SLOT_HEALTH_STATUS=503 exec slot'
	ship 0.3.0 "a broken release: make ship VERSION=0.3.0 (its health check fails)"
	echo "    -> why: $(grep -m 1 'gate failed after' "$work/make.out" | sed 's/^deploy-slot: //')"
	echo "    -> staging was switched back and its database restored; production was never touched"

	push "$ex" "fix(api): read the widget size from the widgets table" app/serve \
'#!/bin/sh
# The widget service (its stand-in: tests/helpers/slot), serving $VERSION
# on 127.0.0.1:$PORT: /health, /version.
exec slot'
	ship 0.3.1 "the fix: make ship VERSION=0.3.1"

	step "make rollback-production: back to v0.2.0"
	pipeline rollback-production YES=1
	record "rollback production" "$status"

	step "make deploy-status ENV=production (deploy-slot's document, in short)"
	printf '    $ make deploy-status ENV=production\n'
	make -s -C "$ex" deploy-status ENV=production >"$work/status.json"
	jq -r '"    | active \(.active): \(.slots[.active].version), healthy \(.slots[.active].healthy); previous \(.state.previous.slot): \(.state.previous.version); Caddy agrees: \(.caddy.agrees)"' "$work/status.json"

	printf '\nWhat happened (versions read through Caddy, schemas from PostgreSQL):\n\n'
	printf '%-26s %-7s %-8s %-10s %-16s %-16s %6s\n' step result staging production \
	    "schema staging" "schema prod" ms
	printf '%s' "$table"
	printf '\nreltools demo: done in %d s; everything is stopped and removed.\n' \
	    $((($(date +%s%N) - began) / 1000000000))
}

main "$@"
