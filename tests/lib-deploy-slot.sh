# tests/lib-deploy-slot.sh: deploy-slot's own tests, over lib-deploy.sh's
# parts: two slot ports, Caddy sending traffic to the first, and the
# configuration file.
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/lib-deploy.sh"
#	. "$(dirname "$0")/lib-deploy-slot.sh"
#	deploy_setup staging            # $blue, $green, Caddy on blue, cd $TMP
#	deploy_conf GATE_TIMEOUT=2s     # .deploy.conf.staging, and that key

# deploy_setup ENV: free ports $blue and $green, Caddy on blue, in $TMP.
deploy_setup() {
	command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
	deploy_env=$1
	blue=$(free_port)
	green=$(free_port)
	caddy_start "127.0.0.1:$blue"
	cd "$TMP" || exit 1
	# The slots deploy-slot starts keep their routes here, not in /tmp,
	export TMPDIR="$TMP"
	# and outlive the test unless stopped.
	at_exit deploy_stop_slots
}

# deploy_stop_slots: stop the slots deploy-slot recorded (state and
# journal) and those a test's own START_CMD noted in $TMP/*.pid.
deploy_stop_slots() {
	for _ds_pid in $(jq -r '.slots[].pid // empty' "$TMP/state/state.json" 2>/dev/null) \
	    $(jq -r '.target_pid // empty' "$TMP/state/attempt.json" 2>/dev/null) \
	    $(cat "$TMP"/*.pid 2>/dev/null); do
		kill -TERM -- "-$_ds_pid" 2>/dev/null || kill "$_ds_pid" 2>/dev/null
	done
}

# deploy_conf [KEY=value...]: .deploy.conf.ENV with the state in
# $TMP/state, the two slots run by tests/helpers/slot (unless a
# START_CMD is given), Caddy, a drain of one second, then the lines given.
deploy_conf() {
	_dc_start="START_CMD=slot"
	for _dc_line in "$@"; do
		case $_dc_line in START_CMD=*) _dc_start= ;; esac
	done
	printf '%s\n' "STATE_DIR=$TMP/state" "SLOTS=blue:$blue,green:$green" \
	    ${_dc_start:+"$_dc_start"} "CADDY_ADMIN=$caddy_admin" \
	    "CADDY_UPSTREAM_ID=app" "PUBLIC_URL=$public_url" "DRAIN_TIMEOUT=1s" \
	    "$@" >".deploy.conf.$deploy_env"
}
