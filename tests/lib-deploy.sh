# tests/lib-deploy.sh: the real parts of a deploy for deploy-slot's tests,
# sourced after lib.sh: Caddy with its admin API, PostgreSQL, slots.
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/lib-deploy.sh"
#	slot_start blue 1.0.0             # $slot_port, $slot_pid_blue
#	caddy_start "127.0.0.1:$slot_port" # $caddy_admin, $public_url
#	pg_start                          # $DATABASE_URL (with a password)
#	pg_psql 'SELECT 1'                # as the superuser, on appdb
#
# Ports are chosen by the kernel; everything lives in $TMP and is stopped
# at exit. A part that does not come up within ten seconds fails the
# whole test file ("Bail out!").

# free_port: print a port no one listens on (the kernel's choice for a
# server started and stopped at once; as t3005 does).
free_port() {
	printf 'GET /\n' >"$TMP/.free-port-routes"
	rm -f "$TMP/.free-port"
	httpd -r "$TMP/.free-port-routes" -p "$TMP/.free-port" 2>/dev/null &
	_fp_pid=$!
	_fp_tries=0
	until [ -s "$TMP/.free-port" ]; do
		_fp_tries=$((_fp_tries + 1))
		[ $_fp_tries -lt 200 ] || { echo "Bail out! no free port"; exit 1; }
		sleep 0.02
	done
	kill $_fp_pid
	wait $_fp_pid 2>/dev/null
	cat "$TMP/.free-port"
}

# wait_for WHAT CMD...: run CMD until it succeeds, thirty seconds at most
# (a loaded 2-core machine running the suite two tests at a time);
# on giving up, the last lines of $WAIT_FOR_LOG (if set) say why.
wait_for() {
	_wf_what=$1
	shift
	_wf_tries=0
	until "$@" >/dev/null 2>&1; do
		_wf_tries=$((_wf_tries + 1))
		if [ $_wf_tries -gt 600 ]; then
			echo "Bail out! $_wf_what did not come up${WAIT_FOR_LOG:+: $(tail -n 3 "$WAIT_FOR_LOG" 2>/dev/null | tr '\n' ' ')}"
			exit 1
		fi
		sleep 0.05
	done
}

# slot_start NAME VERSION [PORT]: a slot (tests/helpers/slot) serving
# VERSION on PORT (default: a free one), its own SLOT_* variables taken
# from the caller's environment. Sets $slot_port and $slot_pid_NAME; its
# routes (the control file) are $TMP/slot-NAME.routes, its requests
# logged in $TMP/slot-NAME.log.
slot_start() {
	_sl_port=${3:-$(free_port)}
	rm -f "$TMP/slot-$1.port"
	PORT=$_sl_port VERSION=$2 SLOT_ROUTES="$TMP/slot-$1.routes" \
	    SLOT_STARTED="$TMP/slot-$1.port" SLOT_LOG="$TMP/slot-$1.log" \
	    slot 2>>"$TMP/slot-$1.err" &
	eval "slot_pid_$1=$!"
	at_exit "kill $! 2>/dev/null; wait $! 2>/dev/null"
	wait_for "slot $1" test -s "$TMP/slot-$1.port"
	slot_port=$_sl_port
}

# slot_stop NAME: SIGTERM, and wait for it to finish.
slot_stop() {
	eval "_ss_pid=\$slot_pid_$1"
	kill "$_ss_pid" 2>/dev/null
	wait "$_ss_pid" 2>/dev/null
}

# caddy_config DIAL: Caddy's JSON configuration: the admin API on
# $caddy_admin_port (more "admin" members from $CADDY_ADMIN_EXTRA), the
# site on $caddy_port, reverse_proxy "@id": "app" to DIAL (its idle
# upstream connections closed after $caddy_idle_timeout when set, so an
# old slot drains: Caddy's default keeps them two minutes). With
# caddy_rejectable=1, a certificate loaded from files that caddy_reject
# takes away: Caddy then refuses every change of its configuration (500,
# "loading certificates: open ...: no such file") and keeps the old one.
caddy_config() {
	_cc_extra=
	if [ "${caddy_rejectable:-0}" = 1 ]; then
		_cc_dir="${caddy_dir:-$TMP/caddy}/cert"
		mkdir -p "$_cc_dir"
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -nodes -keyout "$_cc_dir/key.pem" -out "$_cc_dir/cert.pem" \
		    -days 30 -subj /CN=reject.test >/dev/null 2>&1 ||
			{ echo "Bail out! openssl cannot make a certificate"; exit 1; }
		_cc_extra=", \"tls\": {\"certificates\": {\"load_files\": [{\"certificate\": \"$_cc_dir/cert.pem\", \"key\": \"$_cc_dir/key.pem\", \"tags\": [\"reject\"]}]}}"
	fi
	_cc_transport=
	[ -z "${caddy_idle_timeout:-}" ] ||
		_cc_transport=" \"transport\": {\"protocol\": \"http\", \"keep_alive\": {\"idle_timeout\": \"$caddy_idle_timeout\"}},"
	cat <<EOC
{
  "admin": {"listen": "127.0.0.1:$caddy_admin_port"${CADDY_ADMIN_EXTRA:+, $CADDY_ADMIN_EXTRA}},
  "storage": {"module": "file_system", "root": "${caddy_dir:-$TMP/caddy}/storage"},
  "logging": {"logs": {"default": {"level": "WARN"}}},
  "apps": {
    "http": {
      "servers": {
        "site": {
          "listen": ["127.0.0.1:$caddy_port"],
          "automatic_https": {"disable": true},
          "routes": [{
            "handle": [{"handler": "reverse_proxy", "@id": "app",$_cc_transport
                        "upstreams": [{"dial": "$1"}]}]
          }]
        }
      }
    }$_cc_extra
  }
}
EOC
}

# caddy_reject / caddy_accept: Caddy refuses changes, or takes them again
# (only after caddy_start with caddy_rejectable=1).
caddy_reject() {
	mv "${caddy_dir:-$TMP/caddy}/cert/cert.pem" "${caddy_dir:-$TMP/caddy}/cert/cert.pem.away"
}
caddy_accept() {
	mv "${caddy_dir:-$TMP/caddy}/cert/cert.pem.away" "${caddy_dir:-$TMP/caddy}/cert/cert.pem"
}

# caddy_start DIAL: Caddy as deploy-slot expects it (`caddy run --resume`,
# so the autosave of its last change wins over the file at a restart).
# Sets $caddy_admin (http://127.0.0.1:PORT), $public_url and $caddy_pid.
# Its files are in $caddy_dir (default $TMP/caddy): a test with several
# Caddys sets caddy_dir, and empties caddy_admin_port and caddy_port,
# before each.
caddy_start() {
	command -v caddy >/dev/null 2>&1 || { echo "Bail out! caddy is not installed"; exit 1; }
	: "${caddy_admin_port:=$(free_port)}" "${caddy_port:=$(free_port)}"
	_cs_dir=${caddy_dir:-$TMP/caddy}
	export XDG_DATA_HOME="$_cs_dir/data" XDG_CONFIG_HOME="$_cs_dir/config"
	mkdir -p "$_cs_dir"
	[ -s "$_cs_dir/caddy.json" ] || caddy_config "$1" >"$_cs_dir/caddy.json"
	caddy_admin="http://127.0.0.1:$caddy_admin_port"
	public_url="http://127.0.0.1:$caddy_port"
	caddy run --resume --config "$_cs_dir/caddy.json" \
	    >>"$_cs_dir/caddy.log" 2>&1 &
	caddy_pid=$!
	at_exit "kill $caddy_pid 2>/dev/null; wait $caddy_pid 2>/dev/null"
	wait_for "caddy ($(tail -n 3 "$_cs_dir/caddy.log" 2>/dev/null))" \
	    curl -sf -o /dev/null "$caddy_admin/id/app"
}

caddy_stop() {
	kill "$caddy_pid" 2>/dev/null
	wait "$caddy_pid" 2>/dev/null
}

# caddy_restart: stop and start again on the same ports and file.
caddy_restart() {
	caddy_stop
	caddy_start ""
}

# caddy_dial: where Caddy sends traffic now, read from its admin API.
caddy_dial() {
	curl -sf "$caddy_admin/id/app/upstreams" | jq -r '[.[].dial] | join(",")'
}

# The PostgreSQL programs (initdb and pg_ctl are not in PATH on Debian).
pg_bindir() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# pg_start: a cluster of our own in $TMP/pg, run by the postgres user,
# reachable only through its unix socket in $TMP/pg/sock; a role "app"
# with a password (scram-sha-256 required for it), owner of "appdb".
# Sets $DATABASE_URL (exported), $pg_password, $pg_sock.
pg_start() {
	_pg_bin=$(pg_bindir)
	[ -n "$_pg_bin" ] && [ -x "$_pg_bin/initdb" ] ||
		{ echo "Bail out! no PostgreSQL in /usr/lib/postgresql"; exit 1; }
	export PATH="$_pg_bin:$PATH"
	# postgres must reach $TMP/pg: let it through $TMP, not read it.
	chmod 711 "$TMP"
	mkdir -p "$TMP/pg/sock"
	chown postgres "$TMP/pg" "$TMP/pg/sock"
	pg_sock="$TMP/pg/sock"
	runuser -u postgres -- "$_pg_bin/initdb" -D "$TMP/pg/data" -U postgres \
	    -A trust -E UTF8 --locale=C >"$TMP/pg/initdb.log" 2>&1 ||
		{ echo "Bail out! initdb: $(tail -n 3 "$TMP/pg/initdb.log")"; exit 1; }
	printf '%s\n' 'local all postgres trust' \
	    'local all all scram-sha-256' >"$TMP/pg/data/pg_hba.conf"
	runuser -u postgres -- "$_pg_bin/pg_ctl" -D "$TMP/pg/data" -w -t 20 \
	    -l "$TMP/pg/server.log" -o "-k $pg_sock -c listen_addresses=" \
	    start >"$TMP/pg/pg_ctl.log" 2>&1 ||
		{ echo "Bail out! pg_ctl: $(tail -n 3 "$TMP/pg/server.log")"; exit 1; }
	at_exit "runuser -u postgres -- '$_pg_bin/pg_ctl' -D '$TMP/pg/data' -m immediate stop >/dev/null 2>&1"
	# A password with bytes a URL must encode, and a word to grep for.
	pg_password="Sekr3t-pw:@/x"
	pg_password_url="Sekr3t-pw%3A%40%2Fx"
	pg_psql_db postgres "CREATE ROLE app LOGIN PASSWORD 'Sekr3t-pw:@/x'" >/dev/null &&
	pg_psql_db postgres "CREATE DATABASE appdb OWNER app" >/dev/null ||
		{ echo "Bail out! cannot create the role and database"; exit 1; }
	export DATABASE_URL="postgresql://app:$pg_password_url@/appdb?host=$pg_sock"
}

# pg_psql_db DB SQL: run SQL as the superuser; rows as "a|b" lines.
pg_psql_db() {
	runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 \
	    -h "$pg_sock" -d "$1" -c "$2"
}

# pg_psql SQL: on appdb as the superuser.
pg_psql() {
	pg_psql_db appdb "$1"
}

# pg_app SQL: on appdb as the role app, with its password (from the
# environment, as deploy-slot passes it).
pg_app() {
	PGPASSWORD=$pg_password psql -X -q -A -t -v ON_ERROR_STOP=1 \
	    -h "$pg_sock" -U app -d appdb -c "$1"
}
