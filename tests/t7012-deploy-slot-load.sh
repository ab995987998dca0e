#!/bin/sh
# The switch drops nothing: a load client (libcurl, 16 connections reused,
# a GET sent again when Caddy closed its connection unanswered,
# as browsers do) runs through ten deploys alternating two versions,
# through a real Caddy to real slots. No request fails, every answer is the old or the new
# version, and once a deploy has returned every request, on a fresh
# connection or not, sees the new one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"

blue=$(free_port)
green=$(free_port)
caddy_idle_timeout=300ms caddy_start "127.0.0.1:$blue"
cd "$TMP" || exit 1
export TMPDIR="$TMP"
printf '%s\n' "STATE_DIR=$TMP/state" "SLOTS=blue:$blue,green:$green" \
	"START_CMD=slot" "CADDY_ADMIN=$caddy_admin" "CADDY_UPSTREAM_ID=app" \
	"PUBLIC_URL=$public_url" "DRAIN_TIMEOUT=5s" >.deploy.conf.load
# The slots deploy-slot started, stopped at exit.
at_exit 'for p in $(jq -r ".slots[].pid // empty" "$TMP/state/state.json" 2>/dev/null); do kill -TERM -- -$p 2>/dev/null || kill $p 2>/dev/null; done'

run deploy-slot -e load deploy 1.0.0
is "$rc" 0 "the first deploy, before the load"

loadclient -c 16 -s "$TMP/load.stop" -e "$TMP/load.expect" -t 10m \
	"$public_url/version" >"$TMP/load.json" 2>"$TMP/load.err" &
load_pid=$!
at_exit "kill $load_pid 2>/dev/null"
# And a client opening a new connection for every request.
loadclient -c 2 -n -s "$TMP/load.stop" -e "$TMP/load.expect" -t 10m \
	"$public_url/version" >"$TMP/fresh.json" 2>"$TMP/fresh.err" &
fresh_pid=$!
at_exit "kill $fresh_pid 2>/dev/null"
sleep 0.3
deployed=0
failed=
for v in 2.0.0 1.0.0 2.0.0 1.0.0 2.0.0 1.0.0 2.0.0 1.0.0 2.0.0 1.0.0; do
	echo "$(date +%s%3N) -" >>"$TMP/load.expect"
	if deploy-slot -q -e load deploy "$v" >"$TMP/deploy.out" 2>"$TMP/deploy.err"; then
		deployed=$((deployed + 1))
	else
		failed="$failed $v: $(jq -r .error "$TMP/deploy.out" 2>/dev/null)"
	fi
	echo "$(date +%s%3N) $v" >>"$TMP/load.expect"
	sleep 0.2
done
touch "$TMP/load.stop"
wait $load_pid $fresh_pid
out=$(cat "$TMP/load.json")
is "$deployed" 10 "ten deploys under load${failed:+ (failed:$failed)}"
ok "$([ "$(jqr .requests)" -gt 1000 ]; echo $?)" "the load ran: $(jqr .requests) requests"
is "$(jqr .failures)" 0 "no request failed (errors: $(jqr '.errors | tostring'); $(jqr .retried) sent again after Caddy closed the connection unanswered)"
is "$(jqr '.by_version | keys | join(" ")')" "1.0.0 2.0.0" \
	"every answer was the old or the new version"
is "$(jqr '[.expectations[] | select(.requests > 0)] | length')" 10 \
	"requests were checked after every deploy returned"
is "$(jqr '[.expectations[].other] | add')" 0 \
	"after each deploy returned, only the new version answered ($(jqr '[.expectations[].requests] | add') requests, $(jqr '[.expectations[].fresh] | add') on fresh connections)"
out=$(cat "$TMP/fresh.json")
ok "$([ "$(jqr '[.expectations[].fresh] | add')" -gt 100 ]; echo $?)" \
	"a new connection for each request: $(jqr '[.expectations[].fresh] | add') after deploys returned"
is "$(jqr '[.expectations[].others | to_entries[] | select(.key != "(failed)") | .value] | add // 0')" 0 \
	"on new connections too, only the new version answered once a deploy returned"
is "$(jqr '[.expectations[].others["(failed)"] // 0] | add')" 0 \
	"and none failed then (while switching: $(jqr .failures) connection errors, Caddy closing idle connections on a reload)"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "1.0.0 serves at the end"
done_testing
