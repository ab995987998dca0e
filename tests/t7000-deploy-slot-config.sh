#!/bin/sh
# deploy-slot: usage errors, configuration errors (FILE:LINE, exit 2,
# nothing done), DEPLOY_SLOT_KEY overrides, status before any deploy.
. "$(dirname "$0")/lib.sh"

cd "$TMP" || exit 1
conf() {
	printf '%s\n' "STATE_DIR=$TMP/state" "START_CMD=slot" \
	    "CADDY_UPSTREAM_ID=app" "PUBLIC_URL=http://127.0.0.1:1" \
	    "CADDY_ADMIN=http://127.0.0.1:1" "$@" >.deploy.conf.test
}

# Usage: exit 2, usage on stderr, nothing on stdout.
for args in "deploy v1" "-e test" "-e test deploy" "-e test fly" \
    "-e test deploy v1 extra" "-e test --restore-db latest deploy v1" \
    "-e test --dry-run status" \
    "-e test --lock-wait 1s unlock" "-e test deploy ''"; do
	eval "run deploy-slot $args"
	is "$rc" 2 "usage: deploy-slot $args: exit 2"
	is "$out" "" "usage: deploy-slot $args: nothing on stdout"
	like "$err" "usage: deploy-slot " "usage: deploy-slot $args: usage shown"
done
run deploy-slot -e test --lock-wait soon deploy v1
is "$rc" 2 "a bad --lock-wait: exit 2"
is "$err" "deploy-slot: --lock-wait: 'soon' is not a duration (500ms, 5s, 2m)" \
	"a bad --lock-wait: the error alone"
run deploy-slot -e test fly
like "$err" "^deploy-slot: unknown verb 'fly'" "an unknown verb is named"
run deploy-slot deploy v1
like "$err" "^deploy-slot: which environment\? give -e ENV" "no -e: says so"

# No configuration file.
run deploy-slot -e test status
is "$rc" 2 "no config: exit 2"
like "$err" "^\.deploy\.conf\.test: cannot read: No such file or directory" \
	"no config: the file named"
is "$(jqr .ok)" false "no config: ok false"
is "$(jqr .error)" ".deploy.conf.test: cannot read: No such file or directory" \
	"no config: the error in the document"
run deploy-slot -e ../x status
is "$rc" 2 "a path as environment: exit 2"
like "$err" "'\.\./x' is not an environment name" "a path as environment: said"

# Each kind of configuration error: FILE:LINE: message, exit 2, no state.
check_conf() {
	# check_conf WANT LINE...: the config LINE... is refused with WANT
	conf "$@" && shift $#
	run deploy-slot -e test deploy v1
	is "$rc" 2 "config '$want': exit 2"
	is "$err" "$want" "config '$want': the message"
	is "$(jqr .error)" "$want" "config '$want': the error in the document"
	[ ! -e "$TMP/state" ]
	ok $? "config '$want': nothing was created"
}
want=".deploy.conf.test:6: unknown key 'TIMEOUT'"; check_conf "TIMEOUT=5s"
want=".deploy.conf.test:6: GATE_TIMEOUT 'soon' is not a duration (500ms, 30s, 2m)"
check_conf "GATE_TIMEOUT=soon"
want=".deploy.conf.test:7: SLOTS given twice (first on line 6)"
check_conf "SLOTS=a:1,b:2" "SLOTS=a:1,b:2"
want=".deploy.conf.test:6: RESTORE_ON_FAILURE 'maybe' is not migrate-failed, always or never"
check_conf "RESTORE_ON_FAILURE=maybe"
want=".deploy.conf.test:6: MIGRATE_CMD: column 23: shell operator: quote it, or run the command through sh -c explicitly"
check_conf 'MIGRATE_CMD=./migrate && echo'
want=".deploy.conf.test:6: unterminated double quote"
check_conf 'STOP_CMD="docker rm'
want=".deploy.conf.test:6: expected KEY=value, got 'export'"
check_conf 'export FOO=1'
want=".deploy.conf.test:6: DATABASE_URL is not a postgres:// or postgresql:// URL"
check_conf 'DATABASE_URL=mysql://root:hunter2@db/app'
unlike "$err" "hunter2" "a bad DATABASE_URL is never quoted"
printf '%s\n' "START_CMD=slot" "PUBLIC_URL=http://127.0.0.1:1" >.deploy.conf.test
run deploy-slot -e test deploy v1
is "$rc" 2 "missing key: exit 2"
is "$err" ".deploy.conf.test: missing required key CADDY_UPSTREAM_ID" "missing key named"

# -c names another file; DEPLOY_SLOT_KEY overrides, and names itself.
conf
cp .deploy.conf.test other.conf
rm .deploy.conf.test
DEPLOY_SLOT_STOP_TIMEOUT=never run deploy-slot -e test -c other.conf status
is "$rc" 2 "bad override: exit 2"
is "$err" "DEPLOY_SLOT_STOP_TIMEOUT: STOP_TIMEOUT 'never' is not a duration (500ms, 30s, 2m)" \
	"bad override: the variable named"

# status with no state file: a first deploy ahead, not an error; Caddy down
# is reported in the document.
DEPLOY_SLOT_STATE_DIR="$TMP/elsewhere" run deploy-slot -e test -c other.conf status
is "$rc" 0 "status, no state: exit 0"
is "$(jqr '[.schema, .ok, .env, .verb, .state, .active, .interrupted] | map(tostring) | join(" ")')" \
	"deploy-slot/1 true test status null null null" "status, no state: the document"
is "$(jqr '.lock.held')" false "status: no lock held"
is "$(jqr '.slots | keys | join(",")')" "blue,green" "status: default slots"
is "$(jqr '[.slots.blue.port, .slots.green.port] | map(tostring) | join(",")')" "8081,8082" \
	"status: default ports"
like "$(jqr '.caddy.error')" "." "status: Caddy down is said"
is "$(jqr '.caddy.agrees')" null "status: agreement unknown without Caddy"
done_testing
