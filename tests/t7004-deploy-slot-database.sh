#!/bin/sh
# deploy-slot with a real PostgreSQL: a snapshot before each deploy, the
# migration run with DATABASE_URL, a migration failing halfway restored
# from the snapshot (the database equals it afterwards), rollback
# --restore-db, and the password nowhere: argv, output, audit, state.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
. "$(dirname "$0")/lib-deploy-slot.sh"

[ -n "$(pg_bindir)" ] || skip_all "PostgreSQL is not installed"
deploy_setup db
pg_start
# pg_dump, pg_restore and psql, their argv recorded (but when run as the
# postgres user, who cannot write here).
mkdir shims
for p in pg_dump pg_restore psql; do
	real=$(command -v $p)
	printf '#!/bin/sh\n{ printf "%%s\\n" "$0 $*"; } 2>/dev/null >>%s/argv.log\nexec %s "$@"\n' \
	    "$TMP" "$real" >shims/$p
	chmod +x shims/$p
done
export PATH="$TMP/shims:$PATH"
cat >migrate <<'EOF2'
#!/bin/sh
# migrate FILE: run FILE's SQL, statement by statement, stopping at the
# first error (so a failure leaves it half done).
PGPASSWORD=$MIGRATE_PASSWORD exec psql -X -q -v ON_ERROR_STOP=1 \
    -h "$PG_SOCK" -U app -d appdb -f "$1"
EOF2
cat >schema-version <<'EOF2'
#!/bin/sh
PGPASSWORD=$MIGRATE_PASSWORD psql -X -q -A -t -h "$PG_SOCK" -U app -d appdb \
    -c 'SELECT coalesce(max(v), 0) FROM schema_migrations' 2>/dev/null || echo 0
EOF2
chmod +x migrate schema-version
export PG_SOCK="$pg_sock" MIGRATE_PASSWORD="$pg_password"
printf '%s\n' 'CREATE TABLE schema_migrations (v int);' \
    'INSERT INTO schema_migrations VALUES (1);' \
    "CREATE TABLE items (name text); INSERT INTO items VALUES ('one');" >m1.sql
printf '%s\n' 'INSERT INTO schema_migrations VALUES (2);' \
    'CREATE TABLE half (x int);' "INSERT INTO items VALUES ('two');" \
    'SELECT 1/0;' 'CREATE TABLE never (x int);' >m2-bad.sql
printf '%s\n' 'INSERT INTO schema_migrations VALUES (2);' \
    "INSERT INTO items VALUES ('two');" >m2.sql
conf() {
	deploy_conf "MIGRATE_VERSION_CMD=$TMP/schema-version" "$@"
}
# The password comes from the environment, as CI gives it.
export DEPLOY_SLOT_DATABASE_URL="$DATABASE_URL"
unset DATABASE_URL
state() {
	pg_psql 'SELECT string_agg(v::text, $$,$$ ORDER BY v) FROM schema_migrations'
	pg_psql 'SELECT string_agg(name, $$,$$ ORDER BY name) FROM items'
	pg_psql "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"
}

conf "MIGRATE_CMD=$TMP/migrate $TMP/m1.sql"
run deploy-slot -e db deploy 1.0.0
is "$rc" 0 "deploy 1.0.0 with a migration: exit 0"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=ok migrate=ok start=ok gate=ok switch=ok verify=ok record=ok" \
	"snapshot and migrate steps"
snap1=$(jqr .snapshot.path)
[ -s "$snap1" ] && [ -s "$snap1.json" ]
ok $? "the snapshot and its sidecar exist"
is "$(jqr '[.snapshot.verified, .snapshot.version, .snapshot.to_version] | map(tostring) | join(" ")')" \
	"true null 1.0.0" "the snapshot: verified, replacing nothing, before 1.0.0"
like "$(jqr '.steps[] | select(.name == "migrate") | .detail')" "to 1" "the migration counted"
is "$(state | tr '\n' ' ')" "1 one items,schema_migrations " "the database migrated"
is "$(jq -r .snapshot state/state.json)" "$(basename "$snap1")" "the state names the snapshot"

# A migration failing halfway: traffic stays on 1.0.0, the new slot is
# stopped, the database equals the snapshot taken before the attempt.
conf "MIGRATE_CMD=$TMP/migrate $TMP/m2-bad.sql"
before=$(state)
run deploy-slot -e db deploy 2.0.0
is "$rc" 1 "a migration failing halfway: exit 1"
is "$(jqr '[.steps[] | .name + "=" + .status] | join(" ")')" \
	"lock=ok recover=skipped state=ok snapshot=ok migrate=failed restore=ok" \
	"migrate failed, restore done"
like "$(jqr .error)" "^MIGRATE_CMD '.*/migrate' failed with exit status 3$" "the error names the migration"
like "$err" "division by zero" "the migration's own output on stderr"
is "$(state)" "$before" "the database equals the snapshot again"
snap2=$(jqr .snapshot.path)
is "$(jqr .restored.snapshot.path)" "$snap2" "restored from this attempt's snapshot"
saved=$(jqr .restored.before_restore.path)
[ -s "$saved" ]
ok $? "the half-migrated database was saved before the restore"
is "$(jqr .restored.before_restore.kind)" before-restore "its kind"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "1.0.0 still served"
curl -s -o /dev/null "http://127.0.0.1:$green/health"
ok $((! $?)) "green was never started"
is "$(jq -r '[.result, .restored.before_restore.file] | join(" ")' state/audit.log | tail -n 1)" \
	"failed $(basename "$saved")" "audited with both files"

# RESTORE_ON_FAILURE=never: the database stays as the migration left it.
conf "MIGRATE_CMD=$TMP/migrate $TMP/m2-bad.sql" "RESTORE_ON_FAILURE=never"
run deploy-slot -e db deploy 2.0.0
is "$rc" 1 "never: exit 1"
is "$(jqr '.steps[-1] | .name + "=" + .status')" "restore=skipped" "never: not restored"
like "$(state | tr '\n' ' ')" "^1,2 one,two half,items,schema_migrations $" "never: half migrated"
pg_psql 'DROP TABLE half; DELETE FROM schema_migrations WHERE v = 2; DELETE FROM items WHERE name = $$two$$' >/dev/null

# A good migration, then rollback --restore-db latest: the database as
# before 2.0.0, traffic on 1.0.0.
conf "MIGRATE_CMD=$TMP/migrate $TMP/m2.sql"
run deploy-slot -e db deploy 2.0.0
is "$rc" 0 "deploy 2.0.0: exit 0"
is "$(state | tr '\n' ' ')" "1,2 one,two items,schema_migrations " "2.0.0 migrated"
run deploy-slot -e db snapshots
is "$rc" 0 "snapshots: exit 0"
is "$(jqr '.snapshots[0].to_version')" 2.0.0 "snapshots: newest first"
is "$(jqr '[.snapshots[] | .kind] | unique | join(",")')" "before-restore,deploy" "snapshots: both kinds listed"
run deploy-slot -e db rollback --restore-db latest
is "$rc" 0 "rollback --restore-db latest: exit 0"
is "$(jqr '[.steps[] | .name] | join(" ")')" \
	"lock recover state start gate restore switch verify record drain stop" \
	"rollback restores after the gate, before the switch"
is "$(state | tr '\n' ' ')" "1 one items,schema_migrations " "the database as before 2.0.0"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "1.0.0 served"
run deploy-slot -e db rollback --restore-db no-such.dump
is "$rc" 2 "an unknown snapshot: exit 2"

# Killed with -9 in the middle of its migration: the next deploy restores
# the snapshot (the migration failed, perhaps halfway), then deploys.
before=$(state)
cat >migrate-slow <<'EOF2'
#!/bin/sh
PGPASSWORD=$MIGRATE_PASSWORD psql -X -q -h "$PG_SOCK" -U app -d appdb \
    -c 'CREATE TABLE halfway (x int)'
echo $$ >"$TMP/migrating"
exec sleep 30
EOF2
chmod +x migrate-slow
conf "MIGRATE_CMD=$TMP/migrate-slow"
TMP=$TMP deploy-slot -q -e db deploy 5.0.0 >/dev/null 2>&1 &
pid=$!
wait_for "the slow migration" test -s migrating
kill -9 $pid
wait $pid 2>/dev/null
kill "$(cat migrating)"
like "$(state | tr '\n' ' ')" "halfway" "killed mid-migration: the database half migrated"
conf
run deploy-slot -e db deploy 5.0.0
is "$rc" 0 "the next deploy: exit 0"
like "$(jqr '.steps[] | select(.name == "recover") | .detail')" \
	"at 'migrate': .*database restored from " "it restored the snapshot first"
is "$(state)" "$before" "the database equals the snapshot again"

# The password: never in argv, output, audit, state or sidecars.
grep -F -e "$pg_password" -e "$pg_password_url" argv.log >/dev/null
ok $((! $?)) "no password in the argv of pg_dump, pg_restore, psql"
grep -c '^.*pg_dump' argv.log >/dev/null
ok $? "pg_dump ran through the shim"
cat state/audit.log state/state.json state/snapshots/*.json >all.txt
grep -rF -e "$pg_password" -e "$pg_password_url" all.txt "$TMP/.out" "$TMP/.err" >/dev/null
ok $((! $?)) "no password in the audit log, state, sidecars, output"
done_testing
