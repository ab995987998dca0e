#!/bin/sh
# deploy-slot across hosts (HOSTS): three hosts over ssh, each with its
# own state, Caddy and slots; all prepared and gated before any switch;
# a gate failing, a Caddy refusing, a host unreachable, two deployers at
# once, rollback, status disagreeing; the stages by hand.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-sshd.sh"
. "$(dirname "$0")/lib-deploy-hosts.sh"

hosts_setup
host_add web1
host_add web2
caddy_rejectable=1
host_add web3
caddy_rejectable=0
printf '%s\n' "HOSTS=web1,web2,web3" "REMOTE_CONFIG=$TMP/remote/staging.conf" \
    >.deploy.conf.staging

# serves V: every host's public address answers V.
serves() {
	printf '%s' "$(host_serves web1) $(host_serves web2) $(host_serves web3)"
}
# port_closed PORT: nothing answers there.
port_closed() {
	! curl -s -o /dev/null "http://127.0.0.1:$1/health"
}

run deploy-slot -e staging deploy 1.0.0
is "$rc" 0 "deploy across 3 hosts: exit 0"
is "$(jqr '[.ok, .verb, .version, (.hosts | length)] | map(tostring) | join(" ")')" \
	"true deploy 1.0.0 3" "one document, overall ok"
is "$(jqr '[.hosts[] | .host + "=" + (.ok | tostring)] | join(" ")')" \
	"web1=true web2=true web3=true" "an entry per host"
is "$(jqr '[.hosts[0].steps[] | .phase] | unique | join(",")')" "finish,lock,prepare,switch" \
	"each host's steps, by phase"
is "$(jqr '[.hosts[1].steps[] | select(.phase == "prepare" and .name == "snapshot") | .detail] | join("")')" \
	"--no-db: another host's deploy snapshots and migrates the database" \
	"only DB_HOST (the first) snapshots and migrates"
is "$(serves)" "1.0.0 1.0.0 1.0.0" "every host serves 1.0.0"
like "$err" "^web2: deploy-slot: gate: " "progress prefixed with each host"
is "$(cat "$TMP/web1/state/lock")" "" "every lock released"

run deploy-slot -e staging deploy 2.0.0
is "$rc" 0 "second deploy across hosts: exit 0"
is "$(serves)" "2.0.0 2.0.0 2.0.0" "every host serves 2.0.0"
is "$(host_state web2 .active)" green "web2 recorded green"
port_closed "$blue_web3"
ok $? "the old slots stopped (web3's blue)"

# One host's gate fails: nothing switches anywhere, every new slot stopped.
host_conf web2 "START_CMD=env SLOT_HEALTH_STATUS=503 slot" GATE_TIMEOUT=2s
run deploy-slot -e staging deploy 3.0.0
is "$rc" 1 "a gate fails on web2: exit 1"
is "$(jqr .ok)" false "not ok"
like "$(jqr .error)" "^prepare failed on web2: slot 'blue': gate failed" "the error names the host"
is "$(serves)" "2.0.0 2.0.0 2.0.0" "no host switched"
is "$(jqr '[.hosts[] | [.steps[] | select(.phase == "abort")] | length > 0] | map(tostring) | join(" ")')" \
	"true false true" "the prepared hosts aborted"
port_closed "$blue_web1" && port_closed "$blue_web2" && port_closed "$blue_web3"
ok $? "every new slot stopped"
[ ! -e "$TMP/web1/state/attempt.json" ] && [ ! -e "$TMP/web3/state/attempt.json" ]
ok $? "no attempt left pending"
host_conf web2

# web3's Caddy refuses the switch: the hosts that switched switch back.
caddy_dir=$TMP/web3-caddy
caddy_reject
run deploy-slot -e staging deploy 3.0.0
is "$rc" 3 "web3's Caddy refuses: exit 3"
like "$(jqr .error)" "^switch failed on web3: caddy: " "the error names the host"
is "$(serves)" "2.0.0 2.0.0 2.0.0" "every host serves 2.0.0 again"
is "$(host_dial web1) $(host_dial web2)" "127.0.0.1:$green_web1 127.0.0.1:$green_web2" \
	"web1 and web2 switched back"
is "$(host_state web1 '[.active, .slots.green.version, .previous.slot] | map(tostring) | join(" ")')" \
	"green 2.0.0 blue" "web1's state as before"
is "$(jqr '[.hosts[0].steps[] | select(.phase == "abort") | .name + "=" + .status] | join(" ")')" \
	"lock=ok state=ok unrecord=ok switch_back=ok stop_new=ok" "web1's abort, step by step"
port_closed "$blue_web1"
ok $? "web1's new slot stopped"
caddy_accept

# An unreachable host: nothing starts anywhere.
dead=$(free_port)
run deploy-slot -e staging --host web1 --host "127.0.0.1:$dead" --host web2 deploy 3.0.0
is "$rc" 3 "an unreachable host: exit 3"
like "$(jqr .error)" "^127.0.0.1:$dead: cannot reach the host over ssh" "said which"
is "$(jqr '[.hosts[].steps[] | select(.phase == "prepare")] | length')" 0 "nothing prepared"
is "$(host_serves web1) $(host_serves web2)" "2.0.0 2.0.0" "nothing changed"
port_closed "$blue_web1"
ok $? "no slot started"

# Two deployers at once: the second refused, or waiting its turn.
deploy-slot -e staging deploy 3.0.0 >"$TMP/a.out" 2>"$TMP/a.err" &
a=$!
WAIT_FOR_LOG=$TMP/a.err wait_for "the first deployer's locks" grep -q token "$TMP/web3/state/lock"
run deploy-slot -e staging deploy 4.0.0
is "$rc" 1 "a second deployer, no wait: exit 1"
like "$(jqr .error)" "another deploy-slot holds the lock" "it names the holder"
deploy-slot -e staging --lock-wait 120s deploy 4.0.0 >"$TMP/b.out" 2>"$TMP/b.err" &
b=$!
wait $a
is "$?" 0 "the first deployer: exit 0"
wait $b
is "$?" 0 "a second deployer that waits: exit 0 after it"
is "$(serves)" "4.0.0 4.0.0 4.0.0" "the second's version served everywhere"

# Rollback across hosts, in the same phases: first web2's old slot
# never gets healthy, so nothing moves anywhere.
host_conf web2 "START_CMD=env SLOT_HEALTH_STATUS=503 slot" GATE_TIMEOUT=2s
run deploy-slot -e staging rollback
is "$rc" 1 "rollback, web2's gate fails: exit 1"
like "$(jqr .error)" "^prepare failed on web2: " "the error names the host"
is "$(serves)" "4.0.0 4.0.0 4.0.0" "nothing moved"
host_conf web2
run deploy-slot -e staging rollback
is "$rc" 0 "rollback across hosts: exit 0"
is "$(jqr '[.verb, .ok, ([.hosts[0].steps[] | .phase] | unique | join(","))] | map(tostring) | join(" ")')" \
	"rollback true finish,lock,prepare,switch" "rollback: in phases"
is "$(jqr '[.hosts[2].steps[] | select(.phase == "prepare") | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok start=ok gate=ok" \
	"each host started its previous slot again and gated it"
is "$(serves)" "3.0.0 3.0.0 3.0.0" "every host back on 3.0.0"
is "$(jq -r .result "$TMP/web3/state/audit.log" | tail -n 1)" rolled-back "audited as rolled back"

# SIGTERM to the deployer: the phase in progress ends, then every host
# is put back (web2's slot answers slowly, so the gates take a while).
host_conf web2 "START_CMD=env SLOT_DELAY=300ms slot"
deploy-slot -e staging deploy 9.0.0 >"$TMP/s.out" 2>"$TMP/s.err" &
s=$!
WAIT_FOR_LOG=$TMP/s.err wait_for "the deployer's locks" grep -q token "$TMP/web3/state/lock"
kill -TERM $s
wait $s
is "$?" 1 "a deploy stopped by SIGTERM: exit 1"
like "$(jq -r .error "$TMP/s.out")" "^stopped by signal 15 \(Terminated\): undoing the deploy on every host" \
	"said so"
is "$(serves)" "3.0.0 3.0.0 3.0.0" "no host switched"
ls "$TMP"/web*/state/attempt.json >/dev/null 2>&1
ok $((! $?)) "no attempt left pending on any host"
is "$(cat "$TMP/web1/state/lock" "$TMP/web2/state/lock" "$TMP/web3/state/lock")" "" \
	"every lock released"
port_closed "$green_web1" && port_closed "$green_web2" && port_closed "$green_web3"
ok $? "every new slot stopped"
host_conf web2

# status: the hosts agree, then one serves another version.
run deploy-slot -e staging status
is "$rc" 0 "status across hosts: exit 0"
is "$(jqr '[.agree, (.versions | keys | join(","))] | map(tostring) | join(" ")')" \
	"true 3.0.0" "status: the hosts agree"
run deploy-slot -e staging --host web2 deploy 5.0.0
run deploy-slot -e staging status
is "$(jqr '[.agree, (.versions["5.0.0"] | join(",")), (.versions["3.0.0"] | join(","))] | map(tostring) | join(" ")')" \
	"false web2 web1,web3" "status: web2 disagrees, and which"
like "$err" "the hosts disagree about the active version" "said on stderr"

# The stages by hand, on one host.
run deploy-slot -e staging --host web1 prepare 6.0.0
is "$rc" 0 "prepare by hand: exit 0"
is "$(host_serves web1)" 3.0.0 "prepared: no traffic moved"
run deploy-slot -e staging --host web1 deploy 7.0.0
is "$rc" 1 "a deploy while one is prepared: exit 1"
like "$(jqr .error)" "a deploy of '6.0.0' across hosts is prepared here: switch and finish it, or abort it" \
	"it says what to do"
run deploy-slot -e staging --host web1 finish
is "$rc" 1 "finish before switch: exit 1"
run deploy-slot -e staging --host web1 switch
is "$rc" 0 "switch by hand: exit 0"
is "$(host_serves web1)" 6.0.0 "switched: 6.0.0 served"
run deploy-slot -e staging --host web1 finish
is "$rc" 0 "finish by hand: exit 0"
is "$(jqr '[.steps[] | .name] | join(" ")')" "lock state drain stop" "finish: drain and stop"
run deploy-slot -e staging --host web1 prepare 7.0.0
run deploy-slot -e staging --host web1 abort
is "$rc" 0 "abort by hand: exit 0"
is "$(host_serves web1)" 6.0.0 "aborted: 6.0.0 still served"
is "$(jq -r .result "$TMP/web1/state/audit.log" | tail -n 1)" aborted "audited as aborted"

# What a deployer that died leaves: one host prepared; status says so,
# and abort across hosts puts it back, doing nothing elsewhere.
run deploy-slot -e staging --host web3 prepare 8.0.0
run deploy-slot -e staging status
like "$err" "web3: deploy-slot: warning: a deploy of '8.0.0' across hosts is prepared here: switch and finish it, or abort it" \
	"status: the prepared host said"
is "$(jqr '.hosts[2].status.interrupted.phase')" prepared "status: its phase in the document"
run deploy-slot -e staging abort
is "$rc" 0 "abort across hosts: exit 0"
is "$(jqr '[.hosts[] | [.steps[] | .name + "=" + .status] | join(" ")] | join(" / ")')" \
	"lock=ok state=skipped / lock=ok state=skipped / lock=ok state=ok stop_new=ok" \
	"undone where prepared, nothing to do elsewhere"
is "$(host_serves web3)" 3.0.0 "web3 serves 3.0.0 still"
[ ! -e "$TMP/web3/state/attempt.json" ]
ok $? "nothing pending any more"
# HOOK_POST_SWITCH is a deploy's: a rollback across hosts, whose switch
# is the same verb, does not run it.
host_conf web1 "HOOK_POST_SWITCH=sh -c 'echo switched >>$TMP/remote/hooked'"
run deploy-slot -e staging deploy 10.0.0
is "$rc" 0 "a deploy with a post-switch hook on web1: exit 0"
is "$(cat "$TMP/web1/hooked" 2>/dev/null)" switched "the hook ran once, on web1"
run deploy-slot -e staging rollback
is "$rc" 0 "rollback across hosts: exit 0"
is "$(cat "$TMP/web1/hooked" 2>/dev/null)" switched "the rollback ran no post-switch hook"
host_conf web1
done_testing
