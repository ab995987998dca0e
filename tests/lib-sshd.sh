# tests/lib-sshd.sh: a real sshd on 127.0.0.1, keys made here, the user's
# key in a real ssh-agent. Sourced after lib.sh.
#
#	. "$(dirname "$0")/lib-sshd.sh"
#	sshd_setup                  # keys, agent (skip_all without sshd)
#	sshd_start                  # $sshd_port; known to ~/.ssh/known_hosts
#	sshd_start unshare -m ...   # the same, run under a wrapper command
#
# Each sshd passes PATH (bin/ first), TMPDIR and the sanitizers' options
# to the sessions it runs, and is stopped at exit.

# sshd_setup: what every sshd and ssh of the test share.
sshd_setup() {
	SSHD=$(command -v sshd || echo /usr/sbin/sshd)
	[ -x "$SSHD" ] || skip_all "no sshd"
	command -v ssh-agent >/dev/null || skip_all "no ssh-agent"
	# sshd run by root wants its privilege separation directory.
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p /run/sshd 2>/dev/null || skip_all "sshd needs /run/sshd"
	fi
	S=$TMP/ssh
	mkdir -p "$S" "$HOME/.ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$S/host" || skip_all "ssh-keygen failed"
	ssh-keygen -q -t ed25519 -N '' -f "$S/user"
	cp "$S/user.pub" "$S/authorized_keys"
	: >"$HOME/.ssh/known_hosts"
	eval "$(ssh-agent -s)" >/dev/null
	at_exit "kill $SSH_AGENT_PID"
	ssh-add -q "$S/user" 2>/dev/null
	_sshd_n=0
}

# sshd_start [WRAPPER...]: one more sshd, at a free port ($sshd_port),
# its pid $sshd_pid, its log $S/sshd-N.log.
sshd_start() {
	_sshd_n=$((_sshd_n + 1))
	# The kernel has no "any port" for sshd: try until one is free.
	sshd_port=$((20000 + ($$ * 7 + _sshd_n * 101) % 20000))
	for _sshd_try in 1 2 3 4 5 6 7 8 9 10; do
		_sshd_conf=$S/sshd-$_sshd_n.conf
		_sshd_log=$S/sshd-$_sshd_n.log
		cat >"$_sshd_conf" <<-EOC
		ListenAddress 127.0.0.1
		Port $sshd_port
		HostKey $S/host
		AuthorizedKeysFile $S/authorized_keys
		AuthenticationMethods publickey
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		StrictModes no
		UsePAM no
		PermitRootLogin prohibit-password
		PidFile $S/sshd-$_sshd_n.pid
		SetEnv PATH=$PATH TMPDIR=${TMPDIR:-/tmp} "ASAN_OPTIONS=${ASAN_OPTIONS:-}" "LSAN_OPTIONS=${LSAN_OPTIONS:-}" "UBSAN_OPTIONS=${UBSAN_OPTIONS:-}"
		EOC
		: >"$_sshd_log"
		"$@" "$SSHD" -D -f "$_sshd_conf" -E "$_sshd_log" &
		sshd_pid=$!
		_sshd_i=0
		while [ $_sshd_i -lt 100 ] && ! grep -q "Server listening" "$_sshd_log" &&
			kill -0 $sshd_pid 2>/dev/null; do
			sleep 0.05
			_sshd_i=$((_sshd_i + 1))
		done
		grep -q "Server listening" "$_sshd_log" && break
		kill $sshd_pid 2>/dev/null
		sshd_port=$((sshd_port + 1))
	done
	grep -q "Server listening" "$_sshd_log" ||
		skip_all "sshd did not start: $(head -1 "$_sshd_log")"
	at_exit "kill $sshd_pid"
	echo "[127.0.0.1]:$sshd_port $(cut -d' ' -f1,2 "$S/host.pub")" >>"$HOME/.ssh/known_hosts"
}
