#!/bin/sh
# deploy-slot on a remote host over ssh (HOST, --host): a real sshd, the
# host's own configuration, Caddy and PostgreSQL; its document through
# unchanged, its stderr prefixed; unreachable, key refused, deploy-slot
# missing; the arguments quoted for the remote shell; no secret in any
# argv; bad hosts and local configurations.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-sshd.sh"
. "$(dirname "$0")/lib-deploy-hosts.sh"

hosts_setup
host_add web1
pg_start
host_conf web1 "DATABASE_URL=$DATABASE_URL"
printf '%s\n' "HOST=web1" "REMOTE_CONFIG=$TMP/remote/staging.conf" \
    "SSH_CONNECT_TIMEOUT=5s" >.deploy.conf.staging

# Deploy over ssh, watching every process's argv for the password.
argv_watch_start "$TMP/argvs" 'deploy-slot|ssh|pg_dump|Sekr[3]t'
run deploy-slot -e staging deploy 1.0.0
argv_watch_stop
is "$rc" 0 "deploy over ssh: exit 0"
is "$(jqr '[.schema, .ok, .env, .verb, .version] | map(tostring) | join(" ")')" \
	"deploy-slot/1 true staging deploy 1.0.0" "the host's document"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=ok migrate=skipped start=ok gate=ok switch=ok verify=ok record=ok" \
	"the steps, as the host ran them"
is "$(printf '%s' "$out" | wc -l | tr -d ' ')" 0 "the document as the host wrote it: one line"
is "$(jqr .host)" null "nothing of ours added to it"
like "$err" "^web1: deploy-slot: gate: .*ms\)" "the host's progress, prefixed with the host"
is "$(host_serves web1)" 1.0.0 "the host's Caddy serves 1.0.0"
is "$(host_state web1 .active)" blue "the host's state: blue active"
like "$(cat "$TMP/argvs")" "ssh -F $HOME/.ssh/config -o BatchMode=yes -o ConnectTimeout=5 -- web1 deploy-slot '-e' 'staging' '-c' '$TMP/remote/staging.conf' 'deploy' '1.0.0'" \
	"ssh's argv seen, every word quoted for the remote shell"
like "$(cat "$TMP/argvs")" "^deploy-slot -e staging -c $TMP/remote/staging.conf deploy 1.0.0" \
	"the remote deploy-slot's argv seen"
unlike "$(cat "$TMP/argvs")" "Sekr3t" "the password in no process's argv, either side"
unlike "$out$err" "Sekr3t" "the password nowhere in the output"

# Words a shell would take apart reach the host as they are.
odd="2.0.0 it's \$HOME;\`x\` \"q\""
run deploy-slot -e staging deploy "$odd"
is "$rc" 0 "a version with quotes, \$, ; and backquotes: exit 0"
is "$(jqr .version)" "$odd" "the host got the version byte for byte"
is "$(host_serves web1)" "$odd" "and its slot serves it"

# --host, user@host:port, and --pretty asked of the host.
run deploy-slot -e staging --pretty --host "$(id -un)@127.0.0.1:$port_web1" status
is "$rc" 0 "status with --host user@host:port: exit 0"
is "$(jqr '[.active, .caddy.agrees] | map(tostring) | join(" ")')" "green true" "status from the host"
like "$out" '^\{
  "schema"' "--pretty asked of the host"

# No local configuration at all: --host and the default REMOTE_CONFIG.
mkdir -p "$TMP/elsewhere"
(cd "$TMP/elsewhere" && deploy-slot -e staging --host web1 status) >"$TMP/o" 2>"$TMP/e"
is "$?" 2 "no local file, the default REMOTE_CONFIG missing on the host: exit 2"
like "$(cat "$TMP/e")" "^web1: /etc/deploy-slot/staging.conf: cannot read" "the host says which file"

# Unreachable: nothing listens.
before=$(cat "$TMP/web1/state/state.json")
dead=$(free_port)
run deploy-slot -e staging --host "127.0.0.1:$dead" deploy 3.0.0
is "$rc" 3 "unreachable host: exit 3"
like "$err" "deploy-slot: 127.0.0.1:$dead: cannot reach the host over ssh \(.*Connection refused\): check the host name and port, and that sshd runs there" \
	"unreachable: said, and what to do"
is "$(jqr '[.ok, .host] | map(tostring) | join(" ")')" "false 127.0.0.1:$dead" "unreachable: our document"
like "$(jqr .error)" "cannot reach the host" "unreachable: its error"

# The key refused: none in the agent.
ssh-add -q -D 2>/dev/null
run deploy-slot -e staging deploy 3.0.0
is "$rc" 3 "key refused: exit 3"
like "$err" "deploy-slot: web1: the host refused our key \(.*Permission denied.*\): put the public key in ~/.ssh/authorized_keys" \
	"key refused: said, and what to do"
ssh-add -q "$S/user" 2>/dev/null

# deploy-slot not installed on the host: an sshd whose PATH lacks it.
saved_path=$PATH
PATH=/usr/sbin:/usr/bin:/sbin:/bin
sshd_start
PATH=$saved_path
run deploy-slot -e staging --host "127.0.0.1:$sshd_port" deploy 3.0.0
is "$rc" 3 "deploy-slot missing on the host: exit 3"
like "$err" "deploy-slot: 127.0.0.1:$sshd_port: deploy-slot is not installed on the host .*: install reltools there" \
	"deploy-slot missing: said"
is "$(cat "$TMP/web1/state/state.json")" "$before" "none of these changed the host"

# Bad hosts: exit 2, nothing run.
for bad in "-oProxyCommand=touch $TMP/pwned" "a b" "web1:0" "web1:99999" \
    "@web1" "user@" "[::1" "h;id" ""; do
	run deploy-slot -e staging --host "$bad" status
	is "$rc" 2 "--host '$bad': exit 2"
	like "$err" "^deploy-slot: --host: '.*' is not a host: .*\(\[user@\]host\[:port\]\)" \
		"--host '$bad': said"
done
[ ! -e "$TMP/pwned" ]
ok $? "no option reached ssh"

# The options of the stages, misused: exit 2.
for bad in "--lock-token XYZ status" "--lock-token '' status" "--no-db deploy 1.0" \
    "--rollback switch" "--no-db --rollback prepare" "hold" "prepare" \
    "--restore-db latest prepare 1.0"; do
	eval "run deploy-slot -e staging $bad"
	is "$rc" 2 "deploy-slot $bad: exit 2"
done

conf_error() {
	printf '%s\n' "$@" >.deploy.conf.bad
	run deploy-slot -e bad status
	printf '%s' "$rc $err"
}
is "$(conf_error "HOST=web1 web2")" \
	"2 .deploy.conf.bad:1: HOST: 'web1 web2' is not a host: the host name is not letters, digits, '.', '_' or '-' ([user@]host[:port])" \
	"HOST with a blank: FILE:LINE"
is "$(conf_error "# hosts" "HOSTS=web1,,web2")" \
	"2 .deploy.conf.bad:2: HOSTS: '' is not a host: empty ([user@]host[:port])" \
	"HOSTS with an empty entry: FILE:LINE"
is "$(conf_error "HOSTS=web1,web2,web1")" \
	"2 .deploy.conf.bad:1: HOSTS: 'web1' is given twice" "HOSTS with a host twice"
is "$(conf_error "HOST=web1" "HOSTS=web2,web3")" \
	"2 .deploy.conf.bad:2: HOST and HOSTS are both given: HOST names one host, HOSTS several" \
	"HOST and HOSTS"
is "$(conf_error "HOST=web1" "DATABASE_URL=postgresql://app:pw@db/app")" \
	"2 .deploy.conf.bad:2: DATABASE_URL belongs in the configuration on the host (REMOTE_CONFIG): secrets stay on the server" \
	"DATABASE_URL in a local file for a host"
is "$(conf_error "HOSTS=web1,web2" "START_CMD=./app")" \
	"2 .deploy.conf.bad:2: START_CMD belongs in the configuration on the host (REMOTE_CONFIG): with HOST or HOSTS this file names only the hosts" \
	"START_CMD in a local file for hosts"
is "$(conf_error "HOSTS=web1,web2" "DB_HOST=web3")" \
	"2 .deploy.conf.bad:2: DB_HOST 'web3' is not one of HOSTS" "DB_HOST not a host"
is "$(conf_error "START_CMD=./app" "REMOTE_CONFIG=/etc/x.conf")" \
	"2 .deploy.conf.bad:2: REMOTE_CONFIG goes with HOST or HOSTS" \
	"REMOTE_CONFIG without a host"
is "$(conf_error "HOST=web1" "SSH_CONNECT_TIMEOUT=soon")" \
	"2 .deploy.conf.bad:2: SSH_CONNECT_TIMEOUT 'soon' is not a duration (500ms, 30s, 2m)" \
	"SSH_CONNECT_TIMEOUT not a duration"
done_testing
