#!/bin/sh
# release.mk across hosts (HOSTS): make deploy-staging deploys both hosts
# over ssh, make test-staging smoke-tests each host's own PUBLIC_URL with
# the version it serves (a report per host), and refuses when the hosts
# disagree; a host failing its checks fails the target, the other host
# still checked.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-sshd.sh"
. "$(dirname "$0")/lib-deploy-hosts.sh"

hosts_setup
host_add web1
host_add web2
P=$TMP/project
mkdir -p "$P/deploy"
printf 'include %s/release.mk\n' "$TOP" >"$P/Makefile"
printf '%s\n' "HOSTS=web1,web2" "REMOTE_CONFIG=$TMP/remote/staging.conf" \
    >"$P/.deploy.conf.staging"
cat >"$P/deploy/smoke.checks" <<'EOF2'
health   /health --expect-status 200
version  /version --assert 'json.version == $VERSION'
EOF2
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { run make -s -C "$P" RELTOOLS_BIN="$TOP/bin" "$@"; }

mk deploy-staging VERSION=1.0.0
is "$rc" 0 "make deploy-staging across 2 hosts: exit 0"
is "$(host_serves web1) $(host_serves web2)" "v1.0.0 v1.0.0" "both hosts serve the tag"

mk test-staging SMOKE_REPORT="$TMP/report.json"
is "$rc" 0 "make test-staging across hosts: exit 0"
like "$err" "test-staging: deploy/smoke\.checks against $url_web1 \(web1\), serving v1\.0\.0" \
	"web1 checked at its own address"
like "$err" "test-staging: deploy/smoke\.checks against $url_web2 \(web2\), serving v1\.0\.0" \
	"web2 checked at its own address"
for h in web1 web2; do
	is "$(jq -r '[.results[] | .name + "=" + (.ok | tostring)] | join(" ")' "$TMP/report.json.$h" 2>/dev/null)" \
		"health=true version=true" "$h's report: each check passed"
done
[ ! -e "$TMP/report.json" ]
ok $? "no report of a single host"

# web2 serves another version: refused before any check.
(cd "$P" && deploy-slot -e staging --host web2 deploy v2.0.0 >/dev/null 2>&1)
is "$(host_serves web1) $(host_serves web2)" "v1.0.0 v2.0.0" "web2 alone on v2.0.0"
mk test-staging
is "$rc" 2 "hosts that disagree: make fails"
like "$err" "test-staging: the hosts of staging serve different versions \(make deploy-status ENV=staging\)" \
	"said, with where to look"
unlike "$err" "against" "no host checked"

# web1's slot dies: its checks fail (Caddy answers 502), web2's still run.
mk deploy-staging VERSION=2.0.0
is "$rc" 0 "both on v2.0.0 again"
pid=$(host_state web1 '.slots[.active].pid')
kill -TERM -- "-$pid" 2>/dev/null || kill "$pid"
mk test-staging SMOKE_REPORT="$TMP/report2.json"
is "$rc" 2 "a host failing its checks: make fails"
like "$err" "FAIL +health" "web1's failure shown"
like "$err" "against $url_web2 \(web2\), serving v2\.0\.0" "web2 checked after web1 failed"
[ -s "$TMP/report2.json.web1" ] && [ -s "$TMP/report2.json.web2" ]
ok $? "a report for each host"
is "$(jq -r .ok "$TMP/report2.json.web2" 2>/dev/null) $(jq -r .ok "$TMP/report2.json.web1" 2>/dev/null)" "true false" \
	"web2 passed, web1 did not"
done_testing
