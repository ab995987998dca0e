#!/bin/sh
# deploy-slot killed with -9 halfway: status reports the interrupted
# attempt, and the next deploy or rollback puts traffic and slots back
# first, audits it, then does its own work.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

deploy_setup k
conf() {
	deploy_conf GATE_TIMEOUT=30s "$@"
}
conf
run deploy-slot -e k deploy 1.0.0
is "$rc" 0 "deploy 1.0.0"

# Killed during the gate: green half started, traffic still on blue.
SLOT_HEALTH_STATUS=503 deploy-slot -q -e k deploy 2.0.0 >/dev/null 2>&1 &
pid=$!
wait_for "the gate" sh -c 'jq -e ".step == \"gate\"" state/attempt.json'
kill -9 $pid
wait $pid 2>/dev/null
run deploy-slot -e k status
is "$rc" 0 "status after kill -9: exit 0"
is "$(jqr '[.interrupted.verb, .interrupted.version, .interrupted.step, .interrupted.to.slot] | join(" ")')" \
	"deploy 2.0.0 gate green" "status: the interrupted attempt"
is "$(jqr '.interrupted.pid')" "$pid" "status: the dead process named"
like "$err" "an attempt was interrupted: deploy of '2.0.0' at step 'gate'" "status says it on stderr"
is "$(jqr '[.lock.held, .caddy.slot, .caddy.agrees] | map(tostring) | join(" ")')" \
	"false blue true" "status: lock free, Caddy still on blue"
curl -s -o /dev/null "http://127.0.0.1:$green/health"
ok $? "the half-started green slot still runs"

run deploy-slot -e k deploy 3.0.0
is "$rc" 0 "the next deploy: exit 0"
like "$(jqr '.steps[] | select(.name == "recover") | .status + " " + .detail')" \
	"^ok interrupted deploy of '2.0.0' at 'gate': traffic on 127.0.0.1:$blue, slot 'green' stopped" \
	"the next deploy put it back first"
is "$(jqr .recovered.step)" gate "the document carries what was recovered"
is "$(curl -s "$public_url/version")" '{"version":"3.0.0"}' "then deployed 3.0.0"
is "$(jq -r '[.version, .result, .step] | join(" ")' state/audit.log | tail -n 2 | tr '\n' '|')" \
	"2.0.0 interrupted gate|3.0.0 deployed |" "audited: the interrupted attempt, then the deploy"

# Killed by the slot it is starting, before it may know the slot's pid:
# the slot wrote its pid down itself, so recovery still stops it.
cat >start-and-kill <<'EOF2'
#!/bin/sh
kill -9 "$(cat "$TMP/deployer.pid")"
exec slot
EOF2
chmod +x start-and-kill
for i in 1 2 3; do
	DEPLOY_SLOT_START_CMD="$TMP/start-and-kill" TMP=$TMP \
	    deploy-slot -q -e k deploy 4.0.0 >/dev/null 2>&1 &
	echo $! >deployer.pid
	wait $!
	is "$?" 137 "run $i: killed while starting the slot"
	wait_for "the half-started slot" curl -sf "http://127.0.0.1:$blue/health"
	run deploy-slot -e k deploy 4.0.0
	is "$rc" 0 "run $i: the next deploy recovers and deploys"
	like "$(jqr '.steps[] | select(.name == "recover") | .detail')" \
		"slot 'blue' stopped" "run $i: the half-started slot stopped"
	run deploy-slot -e k rollback
	is "$rc" 0 "run $i: back to 3.0.0 on green"
done

# Killed after the switch (by its post-switch hook): traffic had moved to
# the new slot; recovery moves it back to the recorded active slot.
conf "HOOK_POST_SWITCH=sh -c 'kill -9 \$PPID'"
run deploy-slot -e k deploy 4.0.0
is "$rc" 137 "killed by its hook: 128 + 9"
is "$(caddy_dial)" "127.0.0.1:$blue" "killed after the switch: Caddy on the new slot (blue)"
is "$(jq -r '[.step, .switched] | map(tostring) | join(" ")' state/attempt.json)" \
	"hook_post_switch true" "the journal says traffic moved"
conf
run deploy-slot -e k status
is "$(jqr '[.active, .caddy.slot, .caddy.agrees] | map(tostring) | join(" ")')" \
	"green blue false" "status: Caddy disagrees with the state"
run deploy-slot -e k rollback
is "$rc" 0 "a rollback recovers, then rolls back"
like "$(jqr '.steps[] | select(.name == "recover") | .detail')" \
	"traffic on 127.0.0.1:$green, slot 'blue' stopped" "traffic back on green first"
is "$(jqr '[.from.version, .to.version] | join(" ")')" "3.0.0 4.0.0" \
	"then rolled back from 3.0.0 to the previous deploy, 4.0.0"
is "$(curl -s "$public_url/version")" '{"version":"4.0.0"}' "4.0.0 served"
[ ! -e state/attempt.json ]
ok $? "no journal left"
done_testing
