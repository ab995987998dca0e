#!/bin/sh
# deploy-slot across hosts with a real PostgreSQL that the hosts share:
# only DB_HOST (here the second host) snapshots and migrates, before any
# other host starts anything; a migration failing there starts nothing
# elsewhere; a switch refused on another host puts the database back on
# DB_HOST (RESTORE_ON_FAILURE=always); rollback --restore-db restores
# on DB_HOST alone; the password in no argv on either side, no output,
# no file of any host's state.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-sshd.sh"
. "$(dirname "$0")/lib-deploy-hosts.sh"

[ -n "$(pg_bindir)" ] || skip_all "PostgreSQL is not installed"
hosts_setup
caddy_rejectable=1
host_add web1
caddy_rejectable=0
host_add web2
pg_start

# The migration: FILE's SQL on the shared database, noted in the host's
# own $TMP/remote (each host sees its own directory there). The password
# is in the script, not in its argv.
cat >migrate <<EOF2
#!/bin/sh
echo "\$1" >>$TMP/remote/migrated
PGPASSWORD='$pg_password' exec psql -X -q -v ON_ERROR_STOP=1 \\
    -h "$pg_sock" -U app -d appdb -f "\$1"
EOF2
chmod +x migrate
printf '%s\n' 'CREATE TABLE schema_migrations (v int);' \
    'INSERT INTO schema_migrations VALUES (1);' >m1.sql
printf '%s\n' 'INSERT INTO schema_migrations VALUES (2);' >m2.sql
printf '%s\n' 'INSERT INTO schema_migrations VALUES (3);' 'SELECT 1/0;' >m3-bad.sql
# conf MIGRATION [KEY=value...]: both hosts share the database and the
# migration; only DB_HOST runs it.
conf() {
	_m=$1
	shift
	host_conf web1 "DATABASE_URL=$DATABASE_URL" "MIGRATE_CMD=$TMP/migrate $TMP/$_m" "$@"
	host_conf web2 "DATABASE_URL=$DATABASE_URL" "MIGRATE_CMD=$TMP/migrate $TMP/$_m" "$@"
}
printf '%s\n' "HOSTS=web1,web2" "DB_HOST=web2" \
    "REMOTE_CONFIG=$TMP/remote/staging.conf" >.deploy.conf.staging
versions() {
	pg_psql 'SELECT string_agg(v::text, $$,$$ ORDER BY v) FROM schema_migrations'
}
serves() {
	printf '%s' "$(host_serves web1) $(host_serves web2)"
}
steps() {
	jqr "[.hosts[$1].steps[] | select(.phase == \"$2\") | .name + \"=\" + .status] | join(\" \")"
}

# Deploy across both hosts, watching every process's argv.
conf m1.sql
argv_watch_start "$TMP/argvs" 'deploy-slot|ssh|pg_dump|psql|Sekr[3]t'
run deploy-slot -e staging deploy 1.0.0
argv_watch_stop
is "$rc" 0 "deploy across 2 hosts, DB_HOST the second: exit 0"
is "$(steps 1 prepare)" \
	"lock=ok recover=skipped state=ok snapshot=ok migrate=ok start=ok gate=ok" \
	"DB_HOST (web2) snapshots and migrates"
is "$(steps 0 prepare)" \
	"lock=ok recover=skipped state=ok snapshot=skipped start=ok gate=ok" \
	"web1 neither snapshots nor migrates"
is "$(jqr '.hosts[0].steps[] | select(.name == "snapshot") | .detail')" \
	"--no-db: another host's deploy snapshots and migrates the database" \
	"and says why"
is "$(cat "$TMP/web2/migrated" 2>/dev/null)" "$TMP/m1.sql" "the migration ran on web2, once"
[ ! -e "$TMP/web1/migrated" ]
ok $? "and never on web1"
is "$(versions)" 1 "the shared database migrated"
ls "$TMP"/web2/state/snapshots/*.dump >/dev/null 2>&1
ok $? "the snapshot is on web2"
ls "$TMP"/web1/state/snapshots/*.dump >/dev/null 2>&1
ok $((! $?)) "none on web1"
is "$(serves)" "1.0.0 1.0.0" "both hosts serve 1.0.0"
grep -q 'pg_dump' "$TMP/argvs"
ok $? "pg_dump's argv was seen"
unlike "$(cat "$TMP/argvs")" "Sekr3t" "the password in no process's argv, either side"
unlike "$out$err" "Sekr3t" "the password nowhere in the output"
grep -rl 'Sekr3t' "$TMP/web1/state" "$TMP/web2/state" >/dev/null 2>&1
ok $((! $?)) "the password in no file of either host's state"

conf m2.sql
run deploy-slot -e staging deploy 2.0.0
is "$rc" 0 "deploy 2.0.0 with a second migration: exit 0"
is "$(versions)" 1,2 "migrated again"

# A migration failing on DB_HOST: nothing starts on the other host.
conf m3-bad.sql
run deploy-slot -e staging deploy 3.0.0
is "$rc" 1 "a migration failing on DB_HOST: exit 1"
like "$(jqr .error)" "^prepare failed on web2: MIGRATE_CMD '.*/migrate' failed" \
	"the error names the host and the migration"
is "$(jqr '[.hosts[0].steps[] | select(.phase == "prepare")] | length')" 0 \
	"web1 was never prepared"
is "$(versions)" 1,2 "the database restored from web2's snapshot"
is "$(serves)" "2.0.0 2.0.0" "no host switched"

# web1's Caddy refuses the switch: web2 switches back, and the database
# it migrated is put back as RESTORE_ON_FAILURE=always says.
conf m2.sql "RESTORE_ON_FAILURE=always"
printf '%s\n' 'INSERT INTO schema_migrations VALUES (3);' >m2.sql
caddy_dir=$TMP/web1-caddy
caddy_reject
run deploy-slot -e staging deploy 3.0.0
is "$rc" 3 "web1's Caddy refuses the switch: exit 3"
like "$(jqr .error)" "^switch failed on web1: caddy: " "the error names the host"
is "$(steps 1 abort)" "lock=ok state=ok unrecord=ok switch_back=ok stop_new=ok restore=ok" \
	"web2 switched back, and its abort restored the database"
is "$(versions)" 1,2 "the database as before the deploy"
is "$(serves)" "2.0.0 2.0.0" "both hosts serve 2.0.0 again"
caddy_accept
conf m2.sql

run deploy-slot -e staging --host web2 snapshots
is "$rc" 0 "snapshots on DB_HOST alone (--host): exit 0"
is "$(jqr '.snapshots[0].kind')" before-restore \
	"the newest snapshot holds what the abort took back"
# rollback --restore-db latest: restored on DB_HOST alone.
run deploy-slot -e staging rollback --restore-db latest
is "$rc" 0 "rollback --restore-db latest across hosts: exit 0"
like "$(steps 1 prepare)" "restore=ok" "web2 restored the database"
like "$(jqr '.hosts[1].steps[] | select(.name == "restore") | .detail')" "^staging-[0-9T.]*Z-1\\.0\\.0\\.dump restored" \
	"latest: the snapshot taken when 2.0.0 replaced 1.0.0, not the newest"
unlike "$(steps 0 prepare)" "restore" "web1 did not"
is "$(versions)" 1 "the database as before 2.0.0"
is "$(serves)" "1.0.0 1.0.0" "both hosts serve 1.0.0 again"
unlike "$out$err" "Sekr3t" "the password nowhere in the output"
done_testing
