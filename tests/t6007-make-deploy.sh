#!/bin/sh
# release.mk's deploy half, run by make's /bin/sh (dash on Debian): the
# example project of make demo (tests/example), a real Caddy with a
# staging and a production site, slots started by deploy-slot, the
# GitHub stand-in whose CI goes green on every push. What is served is
# read back through Caddy; what a refusal must not change, from git,
# deploy-slot's state directory and Caddy's admin API.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
work=$TMP
export DEMO_WORK="$TMP" TMPDIR="$TMP"
. "$TOP/tests/example/release.sh"
. "$TOP/tests/example/deploy.sh"
at_exit stop_deploy_world
at_exit stop_ci_server

P=$TMP/example
make_example_repo "$P"
start_ci_server
add_remote "$P"
start_caddy
write_deploy_scripts "$P"
for env in staging production; do
	url=$staging_url
	[ $env = staging ] || url=$production_url
	printf '%s\n' "STATE_DIR=$TMP/state/$env" \
	    "SLOTS=blue:$(free_port),green:$(free_port)" \
	    "START_CMD=$P/deploy/start-slot" "CADDY_ADMIN=$caddy_admin" \
	    "CADDY_UPSTREAM_ID=app-$env" "PUBLIC_URL=$url" "DRAIN_TIMEOUT=1s" \
	    >"$P/.deploy.conf.$env"
done
cat >"$P/deploy/smoke.checks" <<'EOF'
health   /health --assert 'json.status == "healthy"'
version  /version --assert 'json.version == $VERSION'
EOF
git -C "$P" add deploy .deploy.conf.staging .deploy.conf.production
commit "build: deploy with deploy-slot" "$P"
git -C "$P" push -q origin main --tags
# The slots log the requests they get.
export SLOT_LOG="$TMP/slot-requests.log"

# Not the variables of a make running this test (make check WERROR=1):
# they would be the command line of each make here, and of ship's
# resume line.
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { run make -s -C "$P" "$@"; }
# isnt_ok NAME: the last run failed (make's status, whatever the cause).
isnt_ok() { ok "$([ "$rc" -ne 0 ] && echo 0 || echo 1)" "$1"; }
upstream() { curl -sf "$caddy_admin/id/app-$1/upstreams" | jq -r '.[].dial'; }
snapshot() { refs "$P"; refs "$P.git"; cksum <"$P/CHANGELOG.md"; ls -R "$TMP/state" 2>/dev/null; upstream staging; upstream production; }

# Including release.mk leaves the includer's default goal alone.
printf 'include %s/release.mk\nbuild:\n\t@echo built\n' "$TOP" >"$TMP/first.mk"
run make -s -f "$TMP/first.mk" -C "$P"
is "$out" built "included first: the includer's first target is still the default"
printf 'build:\n\t@echo built\ninclude %s/release.mk\n' "$TOP" >"$TMP/last.mk"
run make -s -f "$TMP/last.mk" -C "$P"
is "$out" built "included last: likewise"

# LOCAL_CI fails: nothing is written. Its text reaches sh as typed.
before=$(snapshot)
export LC_MARK="$TMP/local-ci-ran"
mk release VERSION=0.2.0 YES=1 'LOCAL_CI=echo "$$LC_MARK ran" >"$LC_MARK"; exit 3'
isnt_ok "LOCAL_CI fails: make fails"
like "$err" "release: local checks: echo" "LOCAL_CI: said before it runs"
like "$err" "release: the local checks failed \(exit 3\): nothing was changed \(SKIP_LOCAL_CI=1 skips them\)" \
	"LOCAL_CI fails: said"
like "$(cat "$LC_MARK" 2>/dev/null)" "^[0-9]+LC_MARK ran$" "LOCAL_CI run by sh as typed (\$\$ is sh's pid, not make's \$)"
is "$(snapshot)" "$before" "LOCAL_CI fails: no commit, no tag, changelog and remote untouched"
is "$(git -C "$P" tag -l v0.2.0)" "" "LOCAL_CI fails: no tag v0.2.0"

mk release VERSION=0.2.0 YES=1 'LOCAL_CI=touch "$LC_MARK.2"'
is "$rc" 0 "LOCAL_CI passes: released"
ok "$([ -f "$LC_MARK.2" ] && echo 0 || echo 1)" "LOCAL_CI passes: it ran"
is "$(git -C "$P.git" rev-parse v0.2.0^{commit})" "$(git -C "$P" rev-parse HEAD)" "v0.2.0 on the remote"

mk release-wait-ci VERSION=0.2.0 CI_WAIT=30
is "$rc" 0 "release-wait-ci: CI green on the tag"
like "$(cat "$TMP/ci.log")" "GET /repos/example/widget/commits/$(git -C "$P" rev-parse HEAD)/check-runs" \
	"release-wait-ci: asked about the tag's commit"
mk release-wait-ci VERSION=0.9.0
isnt_ok "release-wait-ci for a version never released: fails"
like "$err" "no tag 'v0\.9\.0' here to ask CI about" "release-wait-ci: says why"

# deploy-production asks first: no terminal (stdin is not one) refuses.
before=$(snapshot)
mk deploy-production VERSION=0.2.0 </dev/null
isnt_ok "deploy-production, no terminal: fails"
like "$err" "deploy-production: no terminal to confirm on: run with YES=1" "no terminal: said"
like "$err" "deploy-production: not confirmed: nothing was changed" "no terminal: refused"
is "$(snapshot)" "$before" "no terminal: no state, Caddy untouched"
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "make -s -C '$P' deploy-production VERSION=0.2.0" /dev/null >"$TMP/tty.out" 2>&1
	like "$(cat "$TMP/tty.out")" "deploy-production: deploy v0\.2\.0 to production\? \[y/N\]" "terminal: the question asked"
	like "$(cat "$TMP/tty.out")" "not confirmed: nothing was changed" "terminal, answer n: refused"
	is "$(snapshot)" "$before" "terminal, answer n: nothing changed"
else
	for i in 1 2 3; do ok 0 "# SKIP script(1) not installed"; done
fi

mk deploy-staging VERSION=0.2.0
is "$rc" 0 "deploy-staging: exit 0"
is "$(served staging)" v0.2.0 "deploy-staging: staging serves the tag v0.2.0 through Caddy"
is "$(served production)" - "deploy-staging: production serves nothing yet"
mk test-staging SMOKE_REPORT="$TMP/report.json"
is "$rc" 0 "test-staging: exit 0"
like "$err" "test-staging: deploy/smoke\.checks against $staging_url, serving v0\.2\.0" "test-staging: the address and version from deploy-slot status"
is "$(jq -r '[.results[] | .name + "=" + (.ok | tostring)] | join(" ")' "$TMP/report.json" 2>/dev/null)" \
	"health=true version=true" "test-staging: the report, each check passed"
mk deploy-production VERSION=v0.2.0 YES=1
is "$rc" 0 "deploy-production YES=1 (VERSION with its prefix): exit 0"
is "$(served production)" v0.2.0 "deploy-production: production serves v0.2.0"

# Production's smoke checks must not write: a POST is refused unsent.
printf '%s\n' "login /login --method POST --data 'user=smoke' --expect-status 401" >"$TMP/write.checks"
: >"$SLOT_LOG"
mk test-production-smoke SMOKE_CHECKS="$TMP/write.checks"
isnt_ok "test-production-smoke with a POST check: fails"
like "$err" "write\.checks:1:[0-9]+: error: --read-only: check 'login' sends POST" "test-production-smoke: health-probe --read-only refuses it"
unlike "$(cat "$SLOT_LOG")" "POST" "test-production-smoke: no POST reached production"
mk test-staging SMOKE_CHECKS="$TMP/write.checks"
like "$err" "FAIL +login" "test-staging may write (the check runs, and fails on a 404)"
mk test-production-smoke SMOKE_CHECKS="$TMP/none.checks"
is "$rc" 2 "a missing checks file: exit 2"
like "$err" "test-production-smoke: no checks file '$TMP/none\.checks' \(SMOKE_CHECKS\)" "a missing checks file: said"

# ship stops at the first failure, names it and how to resume; the
# resume line, run as printed, finishes the job.
example_commit "$P" "feat: widgets by colour"
git -C "$P" push -q origin main
printf '%s\n' "version /version --assert 'json.version == \"nope\"'" >"$TMP/smoke.checks"
mk ship VERSION=0.3.0 YES=1 SKIP_LOCAL_CI=1 LOCAL_CI=false SMOKE_CHECKS="$TMP/smoke.checks" "SMOKE_FLAGS=--format tap"
isnt_ok "ship with failing smoke checks: fails"
like "$err" "release: SKIP_LOCAL_CI=1: not running false" "SKIP_LOCAL_CI=1: LOCAL_CI skipped"
like "$err" "ship: release-wait-ci" "ship: waited for CI"
like "$err" "rel-check: CI is green for 'v0\.3\.0'" "ship: CI green on the tag"
like "$err" "FAIL +version" "ship: the smoke check failed"
resume=$(printf '%s\n' "$err" | sed -n "s/^ship: step 'test-staging' failed; once the cause is fixed, resume with: //p")
is "$resume" "make ship LOCAL_CI=false SKIP_LOCAL_CI=1 SMOKE_CHECKS=$TMP/smoke.checks SMOKE_FLAGS='--format tap' VERSION=0.3.0 YES=1 SHIP_FROM=test-staging" \
	"ship: the failed step named, and the exact command to resume"
unlike "$err" "ship: deploy-production" "ship: stopped at the failure"
is "$(served staging) $(served production)" "v0.3.0 v0.2.0" "ship stopped: staging has v0.3.0, production still v0.2.0"
cp "$P/deploy/smoke.checks" "$TMP/smoke.checks"
run sh -c "cd '$P' && $resume"
is "$rc" 0 "the resume line: exit 0"
unlike "$err" "ship: (release|deploy-staging)" "the resume line: starts at test-staging"
like "$err" "ship: v0\.3\.0 released, deployed and smoke-tested on staging and production" "the resume line: finished"
is "$(served staging) $(served production)" "v0.3.0 v0.3.0" "ship finished: both serve v0.3.0"
mk ship VERSION=0.3.0 SHIP_FROM=deploy
is "$rc" 2 "ship: an unknown SHIP_FROM: make fails"
like "$err" "ship: SHIP_FROM is one of: release release-wait-ci deploy-staging" "ship: an unknown SHIP_FROM: the steps named"

# Rollbacks ask too.
before=$(snapshot)
mk rollback-production </dev/null
isnt_ok "rollback-production, no terminal: fails"
like "$err" "rollback-production: not confirmed: nothing was changed" "rollback-production: refused"
is "$(snapshot)" "$before" "rollback-production refused: nothing changed"
is "$(served production)" v0.3.0 "rollback-production refused: production still v0.3.0"
mk rollback-production YES=1
is "$rc" 0 "rollback-production YES=1: exit 0"
is "$(served production)" v0.2.0 "rollback-production: production back on v0.2.0"
mk rollback-staging YES=1
is "$(served staging)" v0.2.0 "rollback-staging: staging back on v0.2.0"

mk deploy-status ENV=production
is "$rc" 0 "deploy-status: exit 0"
is "$(jqr '.active as $a | .slots[$a].version + " " + .public_url')" "v0.2.0 $production_url" "deploy-status: deploy-slot's document"
mk deploy-status
is "$rc" 2 "deploy-status without ENV: make fails"
like "$err" "deploy-status: say which environment: make deploy-status ENV=staging" "deploy-status without ENV: said"

# VERSION=auto: resolved once; every step and the resume line get it.
example_commit "$P" "feat: widgets by shape"
git -C "$P" push -q origin main
printf '%s\n' "version /version --assert 'json.version == \"nope\"'" >"$TMP/smoke.checks"
mk ship VERSION=auto YES=1 SMOKE_CHECKS="$TMP/smoke.checks"
like "$err" "rel-check: CI is green for 'v0\.4\.0'" "VERSION=auto: the next version released and waited for"
like "$err" "resume with: make ship SMOKE_CHECKS=$TMP/smoke\.checks VERSION=0\.4\.0 YES=1 SHIP_FROM=test-staging" \
	"VERSION=auto: the resume line names the version"
is "$(served staging) $(served production)" "v0.4.0 v0.2.0" "VERSION=auto: staging got v0.4.0"
done_testing
