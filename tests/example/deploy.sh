# tests/example/deploy.sh: the deploy half of make demo's world (sourced
# by demo.sh after release.sh), everything under $work and stopped by
# stop_deploy_world:
#
#	start_caddy		one Caddy, two sites: staging and production,
#				each a reverse_proxy "@id": "app-ENV"; sets
#				caddy_admin, staging_url, production_url
#	start_postgres		a PostgreSQL cluster of its own (run by the
#				postgres user when we are root), databases
#				staging and production owned by the role app
#	write_deploy_config DIR ENV
#				DIR/.deploy.conf.ENV: two slots on free
#				ports, the app's start and migration
#				commands (DIR/deploy/), Caddy, the database
#	stop_deploy_world	slots, Caddy, PostgreSQL
#
# Ports are the kernel's choice (free_port). The app is the example
# project's app/serve at the deployed tag, run by deploy/start-slot; its
# migrations are the tag's migrations/*.sql, applied by deploy/migrate.

# free_port: a port no one listens on, as the kernel hands it out.
free_port() {
	printf 'GET /\n' >"$work/.free-port.routes"
	rm -f "$work/.free-port"
	"$TOP/build/tests/httpd" -r "$work/.free-port.routes" -p "$work/.free-port" &
	_fp_pid=$!
	_fp_tries=0
	until [ -s "$work/.free-port" ]; do
		_fp_tries=$((_fp_tries + 1))
		[ $_fp_tries -lt 200 ] || { echo "demo: no free port" >&2; exit 3; }
		sleep 0.02
	done
	kill $_fp_pid
	wait $_fp_pid 2>/dev/null || :
	cat "$work/.free-port"
}

# wait_until WHAT CMD...: run CMD until it succeeds, twenty seconds at most.
wait_until() {
	_wu_what=$1
	shift
	_wu_tries=0
	until "$@" >/dev/null 2>&1; do
		_wu_tries=$((_wu_tries + 1))
		[ $_wu_tries -lt 400 ] || { echo "demo: $_wu_what did not come up" >&2; exit 3; }
		sleep 0.05
	done
}

# caddy_site PORT ENV UPSTREAM: one server of Caddy's JSON configuration;
# idle upstream connections close after 300 ms, so an old slot drains.
caddy_site() {
	cat <<EOF
        "$2": {
          "listen": ["127.0.0.1:$1"],
          "automatic_https": {"disable": true},
          "routes": [{"handle": [{"handler": "reverse_proxy", "@id": "app-$2",
            "transport": {"protocol": "http", "keep_alive": {"idle_timeout": "300ms"}},
            "upstreams": [{"dial": "127.0.0.1:$3"}]}]}]
        }
EOF
}

start_caddy() {
	command -v caddy >/dev/null || { echo "demo: caddy is needed (sh tools/install-deps.sh)" >&2; exit 3; }
	_ca_admin=$(free_port)
	_ca_staging=$(free_port)
	_ca_production=$(free_port)
	# The sites start on a port no slot uses: 502 until the first deploy.
	_ca_none=$(free_port)
	mkdir -p "$work/caddy"
	{
		printf '{\n  "admin": {"listen": "127.0.0.1:%s"},\n' "$_ca_admin"
		printf '  "logging": {"logs": {"default": {"level": "ERROR"}}},\n'
		printf '  "storage": {"module": "file_system", "root": "%s/caddy/storage"},\n' "$work"
		printf '  "apps": {"http": {"servers": {\n'
		caddy_site "$_ca_staging" staging "$_ca_none"
		printf ',\n'
		caddy_site "$_ca_production" production "$_ca_none"
		printf '  }}}\n}\n'
	} >"$work/caddy/caddy.json"
	XDG_DATA_HOME="$work/caddy/data" XDG_CONFIG_HOME="$work/caddy/config" \
	    caddy run --resume --config "$work/caddy/caddy.json" \
	    >"$work/caddy/caddy.log" 2>&1 &
	caddy_pid=$!
	caddy_admin="http://127.0.0.1:$_ca_admin"
	staging_url="http://127.0.0.1:$_ca_staging"
	production_url="http://127.0.0.1:$_ca_production"
	wait_until "caddy ($work/caddy/caddy.log)" curl -sf -o /dev/null "$caddy_admin/id/app-production"
}

# pg_as_owner CMD...: run a PostgreSQL server program as the cluster's
# owner: the postgres user when we are root (initdb refuses root).
pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start_postgres() {
	pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] ||
		{ echo "demo: PostgreSQL is needed (sh tools/install-deps.sh)" >&2; exit 3; }
	PATH="$pg_bin:$PATH"
	pg_sock="$work/pg/sock"
	mkdir -p "$pg_sock"
	if [ "$(id -u)" -eq 0 ]; then
		# The postgres user goes through $work to its own directory.
		chmod 711 "$work"
		chown postgres "$work/pg" "$pg_sock"
	fi
	pg_as_owner initdb -D "$work/pg/data" -U postgres -A trust -E UTF8 \
	    --locale=C >"$work/pg/initdb.log" 2>&1 ||
		{ echo "demo: initdb failed: $(tail -n 3 "$work/pg/initdb.log")" >&2; exit 3; }
	pg_as_owner pg_ctl -D "$work/pg/data" -w -t 30 -l "$work/pg/server.log" \
	    -o "-k $pg_sock -c listen_addresses= -c fsync=off" start \
	    >"$work/pg/pg_ctl.log" 2>&1 ||
		{ echo "demo: PostgreSQL did not start: $(tail -n 3 "$work/pg/server.log")" >&2; exit 3; }
	pg_started=1
	for _pg_db in staging production; do
		psql -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -U postgres -d postgres \
		    -c "CREATE DATABASE $_pg_db" >/dev/null || exit 3
	done
	psql -X -q -h "$pg_sock" -U postgres -d postgres -c "CREATE ROLE app LOGIN" >/dev/null &&
	psql -X -q -h "$pg_sock" -U postgres -d postgres \
	    -c "ALTER DATABASE staging OWNER TO app" \
	    -c "ALTER DATABASE production OWNER TO app" >/dev/null || exit 3
	pg_version=$("$pg_bin/postgres" --version | sed 's/^[^0-9]*\([0-9.]*\).*/\1/')
}

# write_deploy_scripts DIR: the commands deploy-slot runs, in DIR/deploy/
# (part of the example project): they read the deployed tag's files
# from the remote, as a server would from its registry.
write_deploy_scripts() {
	mkdir -p "$1/deploy"
	cat >"$1/deploy/start-slot" <<'EOF'
#!/bin/sh
# START_CMD: the app of tag $VERSION, in a checkout of its own, on $PORT.
set -eu
dir="$DEMO_WORK/checkouts/$DEPLOY_ENV-$SLOT"
rm -rf "$dir"
mkdir -p "$dir"
git -C "$DEMO_WORK/example.git" archive "$VERSION" app | tar -x -C "$dir"
cd "$dir"
exec sh app/serve
EOF
	cat >"$1/deploy/migrate" <<'EOF'
#!/bin/sh
# MIGRATE_CMD: the migrations/*.sql of tag $VERSION not yet applied, in
# order, each in a transaction with its record in schema_migrations.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git -C "$DEMO_WORK/example.git" archive "$VERSION" migrations | tar -x -C "$dir"
export PGOPTIONS="-c client_min_messages=warning"
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@" -d "$DATABASE_URL"; }
sql -c 'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY)'
for f in "$dir"/migrations/*.sql; do
	name=$(basename "$f" .sql)
	[ -z "$(echo "SELECT 1 FROM schema_migrations WHERE name = :'name';" |
		sql -v name="$name" -f -)" ] || continue
	{ cat "$f"; echo "INSERT INTO schema_migrations VALUES (:'name');"; } |
		sql -1 -v name="$name" -f -
	echo "migrate: applied $name"
done
EOF
	cat >"$1/deploy/schema-version" <<'EOF'
#!/bin/sh
# MIGRATE_VERSION_CMD: the last migration applied, or "none".
psql -X -q -A -t "$DATABASE_URL" -c 'SELECT coalesce(max(name), $$none$$) FROM schema_migrations' 2>/dev/null || echo none
EOF
	chmod +x "$1/deploy/start-slot" "$1/deploy/migrate" "$1/deploy/schema-version"
}

write_deploy_config() {
	_wd_url=$staging_url
	[ "$2" = staging ] || _wd_url=$production_url
	cat >"$1/.deploy.conf.$2" <<EOF
# deploy-slot's configuration for $2 (man deploy-slot)
STATE_DIR=$work/state/$2
SLOTS=blue:$(free_port),green:$(free_port)
START_CMD=$1/deploy/start-slot
CADDY_ADMIN=$caddy_admin
CADDY_UPSTREAM_ID=app-$2
PUBLIC_URL=$_wd_url
HEALTH_ASSERT=json.status == "healthy"
GATE_TIMEOUT=3s
DATABASE_URL=postgresql://app@/$2?host=$pg_sock
MIGRATE_CMD=$1/deploy/migrate
MIGRATE_VERSION_CMD=$1/deploy/schema-version
RESTORE_ON_FAILURE=always
DRAIN_TIMEOUT=2s
EOF
}

# served ENV: the version ENV's site answers /version with, through
# Caddy; "-" when it answers none.
served() {
	_sv_url=$staging_url
	[ "$1" = staging ] || _sv_url=$production_url
	_sv=$(curl -s --max-time 5 "$_sv_url/version" | jq -r '.version // empty' 2>/dev/null) || :
	echo "${_sv:--}"
}

# schema ENV: the last migration applied to ENV's database.
schema() {
	psql -X -q -A -t -h "$pg_sock" -U postgres -d "$1" \
	    -c 'SELECT coalesce(max(name), $$none$$) FROM schema_migrations' 2>/dev/null || echo none
}

stop_deploy_world() {
	for _sw_pid in $(cat "$work"/state/*/state.json 2>/dev/null | jq -r '.slots[].pid // empty' 2>/dev/null) \
	    $(cat "$work"/state/*/attempt.json 2>/dev/null | jq -r '.target_pid // empty' 2>/dev/null); do
		# dash's kill takes no --: a process group as -PID.
		kill -TERM "-$_sw_pid" 2>/dev/null || kill "$_sw_pid" 2>/dev/null || :
	done
	[ -z "${caddy_pid:-}" ] || { kill "$caddy_pid" 2>/dev/null; wait "$caddy_pid" 2>/dev/null; } || :
	[ -z "${pg_started:-}" ] ||
		pg_as_owner pg_ctl -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || :
}
