# tests/lib-deploy-hosts.sh: hosts for deploy-slot to reach over ssh,
# sourced after lib.sh, lib-deploy.sh and lib-sshd.sh.
#
# A host is an sshd of its own, run in a mount namespace of its own where
# $TMP/NAME is seen at $TMP/remote: the same REMOTE_CONFIG
# ($TMP/remote/staging.conf) and STATE_DIR ($TMP/remote/state) are each
# host's own files, as on separate machines. Each host has its Caddy and
# its two slot ports; ~/.ssh/config names it (Host NAME). ssh reads the
# home of the user's passwd entry, not $HOME: deploy-slot is given that
# file as SSH_CONFIG (DEPLOY_SLOT_SSH_CONFIG).
#
#	hosts_setup                 # sshd keys and agent, cd $TMP
#	host_add web1               # $blue_web1, $admin_web1, $url_web1, ...
#	host_conf web1 GATE_TIMEOUT=5s
#	run deploy-slot -e staging --host web1 deploy 1.0.0

hosts_setup() {
	command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
	command -v unshare >/dev/null 2>&1 || skip_all "no unshare"
	[ "$(id -u)" -eq 0 ] || skip_all "a mount namespace a host needs root"
	unshare -m true 2>/dev/null || skip_all "no mount namespaces here"
	sshd_setup
	printf 'UserKnownHostsFile %s\n' "$HOME/.ssh/known_hosts" >"$HOME/.ssh/config"
	export DEPLOY_SLOT_SSH_CONFIG="$HOME/.ssh/config"
	mkdir -p "$TMP/remote"
	cd "$TMP" || exit 1
	export TMPDIR="$TMP"
	hosts_all=
	at_exit hosts_stop_slots
}

# host_add NAME: the host, its Caddy on its blue slot, its configuration.
host_add() {
	mkdir -p "$TMP/$1"
	_ha_blue=$(free_port)
	_ha_green=$(free_port)
	caddy_dir=$TMP/$1-caddy caddy_admin_port= caddy_port=
	caddy_start "127.0.0.1:$_ha_blue"
	eval "blue_$1=$_ha_blue green_$1=$_ha_green admin_$1=$caddy_admin url_$1=$public_url"
	sshd_start unshare -m --propagation private \
	    sh -c 'mount --bind "$1" "$2" || exit 1; shift 2; exec "$@"' sh \
	    "$TMP/$1" "$TMP/remote"
	eval "port_$1=$sshd_port"
	printf 'Host %s\n\tHostName 127.0.0.1\n\tPort %s\n' "$1" "$sshd_port" \
	    >>"$HOME/.ssh/config"
	hosts_all="$hosts_all $1"
	host_conf "$1"
}

# host_conf NAME [KEY=value...]: the configuration on host NAME: its
# slots run by tests/helpers/slot (unless a START_CMD is given), its
# Caddy, a drain of one second, a gate of ten (unless GATE_TIMEOUT is
# given), then the lines given.
host_conf() {
	_hc_name=$1
	shift
	_hc_start="START_CMD=slot"
	_hc_gate="GATE_TIMEOUT=10s"
	for _hc_line in "$@"; do
		case $_hc_line in
		START_CMD=*) _hc_start= ;;
		GATE_TIMEOUT=*) _hc_gate= ;;
		esac
	done
	eval "printf '%s\n' \"STATE_DIR=$TMP/remote/state\" \
	    \"SLOTS=blue:\$blue_$_hc_name,green:\$green_$_hc_name\" \
	    \"CADDY_ADMIN=\$admin_$_hc_name\" \"PUBLIC_URL=\$url_$_hc_name\""
	printf '%s\n' ${_hc_start:+"$_hc_start"} "CADDY_UPSTREAM_ID=app" \
	    "DRAIN_TIMEOUT=1s" ${_hc_gate:+"$_hc_gate"} "VERIFY_TIMEOUT=10s" "$@"
} >"$TMP/$1/staging.conf"

# host_dial NAME: where the Caddy of host NAME sends traffic now.
host_dial() {
	eval "curl -sf \"\$admin_$1/id/app/upstreams\"" | jq -r '[.[].dial] | join(",")'
}

# host_serves NAME: what the public address of host NAME answers.
host_serves() {
	eval "curl -s \"\$url_$1/version\"" | jq -r .version
}

# host_state NAME JQ: a member of host NAME's state.json.
host_state() {
	jq -r "$2" "$TMP/$1/state/state.json"
}

# argv_watch_start FILE REGEX: until argv_watch_stop, every 20 ms, the
# argv of each process that matches REGEX (grep -E) appended to FILE,
# one process a line: what ssh, deploy-slot and its children on either
# side were given.
argv_watch_start() {
	_aw_stop=$TMP/argv-watch.stop
	rm -f "$_aw_stop"
	(while [ ! -e "$_aw_stop" ]; do
		for f in /proc/[0-9]*/cmdline; do
			tr '\0' ' ' <"$f" 2>/dev/null && echo
		done | grep -E "$2"
		sleep 0.02
	done) >>"$1" 2>/dev/null &
	_aw_pid=$!
}
argv_watch_stop() {
	touch "$_aw_stop"
	wait "$_aw_pid"
}

hosts_stop_slots() {
	for _hs in $hosts_all; do
		for _hs_pid in $(jq -r '.slots[].pid // empty' "$TMP/$_hs/state/state.json" 2>/dev/null) \
		    $(jq -r '.target_pid // empty' "$TMP/$_hs/state/attempt.json" 2>/dev/null); do
			kill -TERM -- "-$_hs_pid" 2>/dev/null || kill "$_hs_pid" 2>/dev/null
		done
	done
}
