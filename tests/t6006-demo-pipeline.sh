#!/bin/sh
# make demo: the whole pipeline on the example, with a real Caddy and
# PostgreSQL. What each step left is read from the demo's log
# (DEMO_LOG_DIR/steps.tsv: the versions its curl read through Caddy, the
# last migration of each database); everything is gone at its end, and
# after an interruption in the middle of a deploy too.
. "$(dirname "$0")/lib.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || skip_all "PostgreSQL is not installed"
# postgres must reach the demo's directory (it lets itself through).
chmod 711 "$TMP"

mkdir "$TMP/tmpdir" "$TMP/log"
TMPDIR=$TMP/tmpdir DEMO_LOG_DIR=$TMP/log run sh "$TOP/tests/example/demo.sh"
is "$rc" 0 "demo exits 0"
is "$err" "" "demo is quiet on stderr"

# step, status, staging, production, staging's schema, production's.
is "$(cat "$TMP/log/steps.tsv" 2>/dev/null)" "$(printf '%s\t%s\t%s\t%s\t%s\t%s\n' \
	setup 0 - - none none \
	rel-gitlog 0 - - none none \
	'ship 0.2.0' 0 v0.2.0 v0.2.0 001-widgets 001-widgets \
	'ship 0.3.0' 2 v0.2.0 v0.2.0 001-widgets 001-widgets \
	'ship 0.3.1' 0 v0.3.1 v0.3.1 002-widget-size 002-widget-size \
	'rollback production' 0 v0.3.1 v0.2.0 002-widget-size 002-widget-size)" \
	"each step served what it should through Caddy, each database as migrated"

# The six tools at work, and the release.mk targets.
like "$out" "next version 0\.2\.0, a minor bump" "rel-gitlog: the next version"
like "$out" "rel-check: pass ci: green for [0-9a-f]{8} on 'example/widget'" "rel-check: CI asked of the stand-in"
like "$out" "rel-check: CI is green for 'v0\.2\.0'" "ship waits for CI on the tag"
like "$out" "\| \+- \*\*api:\*\* [Ss]tore widgets in PostgreSQL" "rel-changelog: the new entry shown"
like "$out" "rel-tag: pushed refs/heads/main and refs/tags/v0\.2\.0 to 'origin'" "rel-tag pushed"
like "$out" "deploy-slot: verify: http://127\.0\.0\.1:[0-9]+/version serves 'v0\.2\.0'" "deploy-slot verified through Caddy"
like "$out" "health-probe: 3 passed, 0 failed" "health-probe: the smoke checks passed"
like "$out" "test-production-smoke: deploy/smoke\.checks against http://127\.0\.0\.1:[0-9]+, serving v0\.3\.1" \
	"the smoke checks ran against production's address and version"
like "$out" "migrate: applied 002-widget-size" "the migration ran"

# The broken release: refused at staging's gate, said why, undone.
like "$out" "-> why: slot 'green': gate failed after [0-9]+ attempts, last status 503: .*unhealthy" \
	"v0.3.0: the gate's reason told"
like "$out" "deploy-slot: restore: staging-[^ ]*-v0\.2\.0\.dump restored" "v0.3.0: staging's database restored"
like "$out" "ship: step 'deploy-staging' failed; once the cause is fixed, resume with: make ship VERSION=0\.3\.0 YES=1 SHIP_FROM=deploy-staging" \
	"v0.3.0: ship names the step and the command to resume"
unlike "$(printf '%s\n' "$out" | sed -n '/^\[5\]/,/^\[6\]/p')" "ship: deploy-production" \
	"v0.3.0: production never deployed"
like "$out" "active blue: v0\.2\.0, healthy true; previous green: v0\.3\.1; Caddy agrees: true" \
	"deploy-status after the rollback"
like "$out" "rollback production +ok +v0\.3\.1 +v0\.2\.0 " "the table at the end"

is "$(ls "$TMP/tmpdir")" "" "the temporary directory is removed"
pgrep -f "$TMP/tmpdir" >/dev/null
is "$?" 1 "no process of the demo is left"

# Ctrl-C in the middle of the first deploy: everything stopped, removed.
# (perl: a background job of sh ignores SIGINT, and so would the demo.)
mkdir "$TMP/tmpdir2" "$TMP/log2"
TMPDIR=$TMP/tmpdir2 DEMO_LOG_DIR=$TMP/log2 perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' \
	setsid sh "$TOP/tests/example/demo.sh" >"$TMP/int.out" 2>&1 &
demo=$!
tries=0
until ls -d "$TMP"/tmpdir2/*/state/staging/lock >/dev/null 2>&1; do
	tries=$((tries + 1))
	[ $tries -lt 1200 ] || break
	sleep 0.05
done
ok "$([ $tries -lt 1200 ] && echo 0 || echo 1)" "interrupt: the demo reached its first deploy"
kill -INT "-$demo"	# dash's kill takes no --
tries=0
while kill -0 "$demo" 2>/dev/null && [ $tries -lt 1200 ]; do
	tries=$((tries + 1))
	sleep 0.05
done
wait "$demo"
is "$?" 130 "interrupt: the demo ends with 130"
is "$(ls "$TMP/tmpdir2")" "" "interrupt: the temporary directory is removed"
pgrep -f "$TMP/tmpdir2" >/dev/null
is "$?" 1 "interrupt: no process left (slots, Caddy, PostgreSQL, the stand-in)"
done_testing
