#!/bin/sh
# deploy-slot rollback: refused with no previous deployment; otherwise the
# previous slot is started again with its recorded version and real
# traffic through Caddy moves back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

deploy_setup prod
deploy_conf

# Nothing deployed yet: nothing to roll back to.
run deploy-slot -e prod rollback
is "$rc" 1 "rollback with no state: exit 1"
is "$(jqr .error)" "no previous deployment to roll back to in '$TMP/state/state.json'" \
	"rollback with no state: a clear error"
like "$err" "no previous deployment to roll back to" "said on stderr"
is "$(caddy_dial)" "127.0.0.1:$blue" "Caddy untouched"

run deploy-slot -e prod deploy 1.0.0
is "$rc" 0 "deploy 1.0.0"
run deploy-slot -e prod rollback
is "$rc" 1 "rollback after a first deploy: exit 1"
like "$(jqr .error)" "no previous deployment" "after a first deploy: no previous one"
is "$(jq -r .result state/audit.log | tail -n 1)" refused "the refusal is audited"

run deploy-slot -e prod deploy 2.0.0
is "$rc" 0 "deploy 2.0.0"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "2.0.0 served"

run deploy-slot -e prod --dry-run rollback
is "$rc" 1 "dry-run rollback: changes planned"
is "$(jqr '[.version, .to.slot] | join(" ")')" "1.0.0 blue" "dry-run rollback: to blue 1.0.0"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "dry-run rollback: nothing moved"

# Blue was stopped: the rollback starts it again with 1.0.0.
run deploy-slot -e prod rollback
is "$rc" 0 "rollback: exit 0"
is "$(jqr '[.verb, .version, .from.slot, .from.version, .to.slot, .to.version] | join(" ")')" \
	"rollback 1.0.0 green 2.0.0 blue 1.0.0" "rollback: from green 2.0.0 to blue 1.0.0"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok start=ok gate=ok switch=ok verify=ok record=ok drain=ok stop=ok" \
	"rollback: started, gated, switched, verified, recorded, old slot stopped"
is "$(caddy_dial)" "127.0.0.1:$blue" "Caddy's upstream is blue again"
# Real traffic, on fresh connections, through the public address.
served=$(for i in 1 2 3 4 5; do curl -s "$public_url/version"; echo; done | sort -u)
is "$served" '{"version":"1.0.0"}' "every request through Caddy gets 1.0.0"
curl -s -o /dev/null "http://127.0.0.1:$green/health"
ok $((! $?)) "green is stopped"
is "$(jq -r '[.active, .previous.slot, .previous.version, .slots.blue.version] | join(" ")' state/state.json)" \
	"blue green 2.0.0 1.0.0" "state: blue active, green 2.0.0 previous"
is "$(jq -r '[.verb, .version, .result] | join(" ")' state/audit.log | tail -n 1)" \
	"rollback 1.0.0 rolled-back" "the rollback is audited"

# And again: back to 2.0.0, the rollback of the rollback.
run deploy-slot -e prod rollback
is "$rc" 0 "second rollback: exit 0"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "second rollback: 2.0.0 again"

# --restore-db without DATABASE_URL is a usage error, nothing done.
run deploy-slot -e prod rollback --restore-db latest
is "$rc" 2 "--restore-db without DATABASE_URL: exit 2"
like "$(jqr .error)" "no DATABASE_URL" "--restore-db without DATABASE_URL: said"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "nothing moved"
[ ! -e state/attempt.json ]
ok $? "no journal left"
done_testing
