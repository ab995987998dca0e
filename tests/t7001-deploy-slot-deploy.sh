#!/bin/sh
# deploy-slot deploy: the first deploy ever (no state file), then deploys
# alternating the slots, through a real Caddy to real slot servers; the
# state, the audit log, status, the dry-run plan, a Caddy restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

deploy_setup staging
deploy_conf GATE_TIMEOUT=10s VERIFY_TIMEOUT=10s STOP_TIMEOUT=5s \
    'HEALTH_ASSERT=json.status == "healthy"'

# The first deploy ever: no state directory at all.
run deploy-slot -e staging deploy 1.0.0
is "$rc" 0 "first deploy: exit 0"
is "$(jqr '[.schema, .ok, .env, .verb, .version] | map(tostring) | join(" ")')" \
	"deploy-slot/1 true staging deploy 1.0.0" "first deploy: the document"
is "$(jqr '[.from.slot, .from.version, .to.slot, .to.version] | map(tostring) | join(" ")')" \
	"null null blue 1.0.0" "first deploy: from nothing to blue"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=ok switch=ok verify=ok record=ok" \
	"first deploy: the steps"
is "$(jqr '[.steps[] | (.ms | type)] | unique | join(",")')" number "every step has its time"
is "$(jqr .error)" null "first deploy: no error"
like "$err" "deploy-slot: snapshot: skipped: no DATABASE_URL: no snapshot and no migration" \
	"no DATABASE_URL said on stderr"
like "$err" "deploy-slot: gate: .* \([0-9]+ms\)" "progress: a line a step with its time"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "first deploy: Caddy serves 1.0.0"
is "$(caddy_dial)" "127.0.0.1:$blue" "first deploy: Caddy's upstream is blue"
is "$(jq -r '[.active, .slots.blue.version, .slots.blue.running, (.previous|tostring)] | map(tostring) | join(" ")' state/state.json)" \
	"blue 1.0.0 true null" "first deploy: state.json"
blue_pid=$(jq -r .slots.blue.pid state/state.json)
is "$(cat "/proc/$blue_pid/comm" 2>/dev/null)" httpd "the recorded pid is the slot's server"
is "$(ps -o sid= -p "$blue_pid" | tr -d ' ')" "$blue_pid" "the slot runs in a session of its own"
is "$(wc -l <state/audit.log | tr -d ' ')" 1 "one audit line"
is "$(jq -r '[.verb, .version, .result, (.from.slot|tostring), .to.slot] | join(" ")' state/audit.log)" \
	"deploy 1.0.0 deployed null blue" "the audit line"
[ ! -e state/attempt.json ]
ok $? "no journal left after a deploy"
is "$(cat state/lock)" "" "the lock details are cleared"

# Second deploy: green, then blue is drained and stopped.
run deploy-slot -e staging deploy 2.0.0
is "$rc" 0 "second deploy: exit 0"
is "$(jqr '[.from.slot, .from.version, .to.slot, .to.version] | join(" ")')" \
	"blue 1.0.0 green 2.0.0" "second deploy: blue to green"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=ok switch=ok verify=ok record=ok drain=ok stop=ok" \
	"second deploy: the steps, drain and stop included"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "second deploy: Caddy serves 2.0.0"
is "$(caddy_dial)" "127.0.0.1:$green" "second deploy: Caddy's upstream is green"
# Gone, or a zombie init has not reaped yet.
case $(sed 's/.*) //' "/proc/$blue_pid/stat" 2>/dev/null | cut -c1) in
''|Z) ok 0 "the old slot's process is gone" ;;
*) ok 1 "the old slot's process is gone" ;;
esac
curl -s -o /dev/null "http://127.0.0.1:$blue/health"
ok $((! $?)) "the old slot's port is closed"
is "$(jq -r '[.active, .previous.slot, .previous.version, .slots.blue.running, .slots.green.version] | map(tostring) | join(" ")' state/state.json)" \
	"green blue 1.0.0 false 2.0.0" "second deploy: state.json"

# Third: back to blue, alternating.
run deploy-slot -e staging deploy 3.0.0
is "$rc" 0 "third deploy: exit 0"
is "$(jqr '[.from.slot, .to.slot] | join(" ")')" "green blue" "third deploy: green to blue"
is "$(curl -s "$public_url/version")" '{"version":"3.0.0"}' "third deploy: Caddy serves 3.0.0"
is "$(jq -r .result state/audit.log | tr '\n' ' ')" "deployed deployed deployed " "three audit lines"

# status: what runs, what Caddy serves, agreeing with the state.
run deploy-slot -e staging status
is "$rc" 0 "status: exit 0"
is "$(jqr '[.active, .caddy.slot, .caddy.agrees, .lock.held] | map(tostring) | join(" ")')" \
	"blue blue true false" "status: Caddy agrees with the state"
is "$(jqr '[.slots.blue.version, .slots.blue.running, .slots.blue.healthy, .slots.green.running, .slots.green.healthy] | map(tostring) | join(" ")')" \
	"3.0.0 true true false false" "status: each slot"
is "$(jqr .interrupted)" null "status: nothing interrupted"
is "$(jqr .public_url)" "$public_url" "status: the public address, for smoke tests"

# Dry runs change nothing: 0 for nothing to do, 1 for a plan.
before=$(cat state/state.json; caddy_dial)
run deploy-slot -e staging --dry-run deploy 3.0.0
is "$rc" 0 "dry run of the version serving: exit 0, nothing to do"
run deploy-slot -e staging --dry-run deploy 4.0.0
is "$rc" 1 "dry run of a new version: exit 1, changes planned"
is "$(jqr '[.ok, .dry_run] | map(tostring) | join(" ")')" "true true" "dry run: ok"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"start=planned gate=planned switch=planned verify=planned record=planned stop=planned" \
	"dry run: the plan, step by step"
is "$(cat state/state.json; caddy_dial)" "$before" "dry run: nothing changed"
curl -s -o /dev/null "http://127.0.0.1:$green/health"
ok $((! $?)) "dry run: no slot started"

# The switch survives a restart of Caddy (caddy run --resume).
caddy_restart
is "$(caddy_dial)" "127.0.0.1:$blue" "after a Caddy restart: still blue"
is "$(curl -s "$public_url/version")" '{"version":"3.0.0"}' "after a Caddy restart: 3.0.0 served"
run deploy-slot -e staging deploy 4.0.0
is "$rc" 0 "deploy after a Caddy restart: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"4.0.0"}' "4.0.0 served"
done_testing
