#!/bin/sh
# Benchmark: 20 deploys alternating two versions through a real Caddy to
# real slots, under load from a client reusing 16 connections and from
# one opening a new connection per request (no reuse, no retry). Prints
# the requests, failures and longest request of each, and the time from
# gate passed to switch confirmed (deploy-slot's switch step: Caddy's
# PATCH and its read-back), median and worst, against a target of 50 ms.
# The no-reuse client's connection errors are reported, not failed: Caddy
# closes idle keep-alive connections on a reload.
RELTOOLS_TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-deploy.sh"

command -v caddy >/dev/null 2>&1 || { echo "deploy: caddy is not installed, skipped"; exit 0; }
n=20
blue=$(free_port)
green=$(free_port)
caddy_idle_timeout=300ms caddy_start "127.0.0.1:$blue"
cd "$TMP" || exit 1
export TMPDIR="$TMP"
printf '%s\n' "STATE_DIR=$TMP/state" "SLOTS=blue:$blue,green:$green" \
	"START_CMD=slot" "CADDY_ADMIN=$caddy_admin" "CADDY_UPSTREAM_ID=app" \
	"PUBLIC_URL=$public_url" "DRAIN_TIMEOUT=5s" >.deploy.conf.bench
at_exit 'for p in $(jq -r ".slots[].pid // empty" "$TMP/state/state.json" 2>/dev/null); do kill -TERM -- -$p 2>/dev/null || kill $p 2>/dev/null; done'
deploy-slot -q -e bench deploy 1.0.0 >/dev/null || { echo "deploy: the first deploy failed"; exit 1; }

loadclient -c 16 -s "$TMP/stop" -t 30m "$public_url/version" >"$TMP/reuse.json" &
reuse_pid=$!
loadclient -c 4 -n -s "$TMP/stop" -t 30m "$public_url/version" >"$TMP/fresh.json" &
fresh_pid=$!
at_exit "kill $reuse_pid $fresh_pid 2>/dev/null"
sleep 0.3
: >"$TMP/switch.ms"
i=0
t0=$(date +%s%3N)
while [ $i -lt $n ]; do
	i=$((i + 1))
	v=$((i % 2 + 1)).0.0
	deploy-slot -q -e bench deploy "$v" >"$TMP/deploy.json" ||
		{ echo "deploy: deploy $i ($v) failed: $(jq -r .error "$TMP/deploy.json")"; exit 1; }
	jq -r '.steps[] | select(.name == "switch") | .ms' "$TMP/deploy.json" >>"$TMP/switch.ms"
done
t1=$(date +%s%3N)
touch "$TMP/stop"
wait $reuse_pid $fresh_pid

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
worst() { sort -n | tail -n 1; }
sw_med=$(median <"$TMP/switch.ms")
sw_max=$(worst <"$TMP/switch.ms")
printf 'deploy: %d deploys in %.1f s (%.2f s each, drains included)\n' $n \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1000 }')" \
	"$(awk -v a="$t0" -v b="$t1" -v n=$n 'BEGIN { print (b - a) / 1000 / n }')"
jq -r '"deploy: reuse, 16 connections: \(.requests) requests, \(.failures) failed, \(.retried) sent again after Caddy closed the connection unanswered \(.errors | map("\(.count) \(.error)") | tostring), longest \(.longest_ms) ms, versions \(.by_version | tostring)"' "$TMP/reuse.json"
jq -r '"deploy: no reuse, 4 connections: \(.requests) requests, \(.failures) connection errors (reported, not failed: \(.errors | map("\(.count) \(.error)") | join("; "))), longest \(.longest_ms) ms"' "$TMP/fresh.json"
echo "deploy: gate passed to switch confirmed: median $sw_med ms, worst $sw_max ms (target <= 50 ms)"
