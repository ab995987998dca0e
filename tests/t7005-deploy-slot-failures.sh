#!/bin/sh
# deploy-slot when the new version is bad or the host is in the way: the
# gate never passes, /version lies after the switch, a foreign process
# holds the target port, Caddy's admin API is down, a pre-deploy hook
# refuses. Each time the old slot keeps serving and the state is as it was.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

deploy_setup qa
conf() {
	deploy_conf GATE_TIMEOUT=2s VERIFY_TIMEOUT=2s "$@"
}
conf
run deploy-slot -e qa deploy 1.0.0
is "$rc" 0 "deploy 1.0.0"
good=$(cat state/state.json)
serves_1() {
	is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "$1: 1.0.0 still served"
	is "$(caddy_dial)" "127.0.0.1:$blue" "$1: Caddy still on blue"
	is "$(cat state/state.json)" "$good" "$1: state unchanged"
	[ ! -e state/attempt.json ]
	ok $? "$1: no journal left"
	curl -s -o /dev/null "http://127.0.0.1:$green/health"
	ok $((! $?)) "$1: green stopped"
}

# The gate never passes.
SLOT_HEALTH_STATUS=503 run deploy-slot -e qa deploy 2.0.0
is "$rc" 1 "gate never passes: exit 1"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=failed stop_new=ok" \
	"gate never passes: steps"
like "$(jqr .error)" "^slot 'green': gate failed after [0-9]+ attempts, last status 503: .*body: .*unhealthy" \
	"gate: the error quotes the last status and the body"
like "$err" "attempt 1: " "gate: each failed attempt told"
serves_1 "gate"
is "$(jq -r .result state/audit.log | tail -n 1)" failed "gate: audited as failed"

# /version says another version after the switch: switched back.
SLOT_REPORT_VERSION=9.9.9 run deploy-slot -e qa deploy 2.0.0
is "$rc" 1 "verify fails: exit 1"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=ok switch=ok verify=failed switch_back=ok stop_new=ok" \
	"verify fails: switched back"
like "$(jqr .error)" 'json.version \("9\.9\.9"\) == "2\.0\.0"' "verify: the error shows what was served"
serves_1 "verify"

# A post-switch hook failing switches back too.
conf "HOOK_POST_SWITCH=false"
run deploy-slot -e qa deploy 2.0.0
is "$rc" 1 "post-switch hook fails: exit 1"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=ok switch=ok hook_post_switch=failed switch_back=ok stop_new=ok" \
	"post-switch hook fails: switched back"
serves_1 "post-switch hook"

# A failing pre-deploy hook refuses before anything changed.
conf "HOOK_PRE_DEPLOY=false"
run deploy-slot -e qa deploy 2.0.0
is "$rc" 1 "pre-deploy hook fails: exit 1"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok hook_pre_deploy=failed" "pre-deploy hook: nothing started"
serves_1 "pre-deploy hook"

# A process deploy-slot did not start holds green's port.
conf
slot_start intruder 6.6.6 "$green"
run deploy-slot -e qa deploy 2.0.0
is "$rc" 3 "foreign process on the port: exit 3"
like "$(jqr .error)" "port $green of slot 'green' is held by a process deploy-slot did not start" \
	"foreign process: said"
is "$(curl -s "http://127.0.0.1:$green/version")" '{"version":"6.6.6"}' "the foreign process is left alone"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "foreign process: 1.0.0 still served"
slot_stop intruder

# Caddy's admin API down (from the environment, overriding the file):
# exit 3, the new slot stopped.
DEPLOY_SLOT_CADDY_ADMIN="http://127.0.0.1:$(free_port)" run deploy-slot -e qa deploy 2.0.0
is "$rc" 3 "Caddy down: exit 3"
like "$(jqr '.steps[] | select(.name == "switch") | .status')" failed "Caddy down: the switch failed"
like "$(jqr .error)" "^caddy: " "Caddy down: said"
serves_1 "Caddy down"

# The start command cannot run.
DEPLOY_SLOT_START_CMD="$TMP/no-such-program" run deploy-slot -e qa deploy 2.0.0
is "$rc" 3 "START_CMD missing: exit 3"
like "$(jqr .error)" "cannot run '$TMP/no-such-program': No such file or directory" \
	"START_CMD missing: said"
serves_1 "START_CMD missing"

# The slot dies at once: the gate says so long before GATE_TIMEOUT.
DEPLOY_SLOT_START_CMD="sh -c 'echo crashing on purpose; exit 1'" \
    DEPLOY_SLOT_GATE_TIMEOUT=60s run deploy-slot -e qa deploy 2.0.0
is "$rc" 1 "a slot that dies: exit 1"
like "$(jqr .error)" "^slot 'green' exited; see $TMP/state/green.log: gate failed" \
	"a slot that dies: its log named"
is "$(tail -n 1 state/green.log)" "crashing on purpose" "its output is in the log"
is "$(jqr '[.steps[] | select(.name == "gate") | .ms < 30000] | .[0]')" true \
	"the gate did not wait for GATE_TIMEOUT"
serves_1 "a slot that dies"

# SIGTERM (or Ctrl-C) in the middle: the step in progress ends, then the
# attempt is undone, as for a failure.
conf "HOOK_POST_SWITCH=sh -c 'kill -TERM \$PPID'"
run deploy-slot -e qa deploy 2.0.0
is "$rc" 1 "SIGTERM after the switch: exit 1"
like "$(jqr .error)" "^stopped by signal 15 \(.*\): undoing the attempt$" "SIGTERM: said"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=ok switch=ok hook_post_switch=ok switch_back=ok stop_new=ok" \
	"SIGTERM: switched back, the new slot stopped"
serves_1 "SIGTERM after the switch"
conf
SLOT_HEALTH_STATUS=503 DEPLOY_SLOT_GATE_TIMEOUT=60s \
    deploy-slot -q -e qa deploy 2.0.0 >sig.out 2>/dev/null &
pid=$!
wait_for "the gate" sh -c 'jq -e ".step == \"gate\"" state/attempt.json'
kill -INT $pid
wait $pid
is "$?" 1 "SIGINT in the gate: exit 1"
is "$(jq -r '[.steps[] | select(.name == "gate") | .ms < 30000] | .[0]' sig.out)" true \
	"SIGINT in the gate: it ends with the round in progress"
serves_1 "SIGINT in the gate"

# After all that, a good deploy works.
conf
run deploy-slot -e qa deploy 2.0.0
is "$rc" 0 "a good deploy afterwards: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "2.0.0 served"
done_testing
