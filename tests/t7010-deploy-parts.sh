#!/bin/sh
# deploy-slot's parts against the real things: the switch through Caddy's
# admin API (read back, surviving a restart, Caddy down or refusing, its
# Host and Origin checks), connections counted by the kernel while a slot
# drains, and PostgreSQL snapshots (taken, verified, kept, listed,
# restored whole), the password never in an argv, an output or a file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"
. "$(dirname "$0")/lib-deploy.sh"

command -v caddy >/dev/null 2>&1 || skip_all "caddy is not installed"
command -v openssl >/dev/null 2>&1 || skip_all "openssl is not installed"
[ -n "$(pg_bindir)" ] || skip_all "PostgreSQL is not installed"

slot_start blue 1.0.0
blue=$slot_port
slot_start green 2.0.0
green=$slot_port
caddy_rejectable=1 caddy_start "127.0.0.1:$blue"

# --- Caddy ---------------------------------------------------------------
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "Caddy sends traffic to blue"
run deployparts caddy-upstreams "$caddy_admin" app
is "$rc" 0 "upstreams read: exit 0"
is "$(jqr '.upstreams | join(",")')" "127.0.0.1:$blue" "the upstream is blue's dial address"

run deployparts caddy-switch "$caddy_admin" app "127.0.0.1:$green"
is "$rc" 0 "switch to green: exit 0"
is "$(jqr '[.result, (.before | join(","))] | join(" ")')" "ok 127.0.0.1:$blue" \
	"the switch reports what was there before"
is "$(caddy_dial)" "127.0.0.1:$green" "Caddy's own API reads green back"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "traffic goes to green"

caddy_restart
is "$(caddy_dial)" "127.0.0.1:$green" "after a restart (--resume) Caddy still dials green"
is "$(curl -s "$public_url/version")" '{"version":"2.0.0"}' "and traffic still goes to green"
is "$(jq -r '.. | objects | select(."@id" == "app") | .upstreams[0].dial' \
	"$XDG_CONFIG_HOME/caddy/autosave.json")" "127.0.0.1:$green" \
	"the switch is in Caddy's autosave, not in the file it started from"

run deployparts caddy-switch "http://localhost:$caddy_admin_port/" app "127.0.0.1:$blue"
is "$rc" 0 "CADDY_ADMIN naming localhost with a final /: Caddy's Host check passes"
is "$(caddy_dial)" "127.0.0.1:$blue" "and the switch went through"
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$caddy_admin/id/app")" 403 \
	"(Caddy does refuse a foreign Host)"

run deployparts caddy-switch "$caddy_admin" nope "127.0.0.1:$green"
is "$rc" 5 "an unknown @id: exit 5 (no handler)"
like "$(jqr .error)" "^Caddy has no object with \"@id\": \"nope\"" "the error names the @id"
is "$(caddy_dial)" "127.0.0.1:$blue" "nothing changed"

run deployparts caddy-switch "$caddy_admin" app ""
is "$(jqr .result)" rejected "an empty dial is refused before Caddy is asked"
run deployparts caddy-switch ftp://127.0.0.1:1 app "127.0.0.1:$green"
is "$rc" 2 "a CADDY_ADMIN that is not http://: exit 2"
like "$err" "CADDY_ADMIN 'ftp://127.0.0.1:1' is not an http:// address" "and says so"

caddy_reject
run deployparts caddy-switch "$caddy_admin" app "127.0.0.1:$green"
is "$rc" 4 "Caddy refusing the change: exit 4 (rejected)"
like "$(jqr .error)" '^Caddy refused PATCH /id/app/upstreams \(status 500\): .*loading certificates' \
	"the error quotes Caddy's own"
is "$(caddy_dial)" "127.0.0.1:$blue" "Caddy kept its previous upstream"
is "$(curl -s "$public_url/version")" '{"version":"1.0.0"}' "and blue keeps serving"
caddy_accept

caddy_stop
run deployparts caddy-switch "$caddy_admin" app "127.0.0.1:$green"
is "$rc" 3 "Caddy down: exit 3"
is "$(jqr .result)" down "reported as down"
like "$(jqr .error)" "^Caddy's admin API at $caddy_admin does not answer: .*(onnect|refused)" \
	"the error says nothing answers"
# An address that accepts nothing: the timeout bounds the wait.
printf 'GET /\n' >"$TMP/hang-routes"
httpd_hang_port=$(free_port)
httpd -r "$TMP/hang-routes" -P "$httpd_hang_port" -n &
hang_pid=$!
at_exit "kill $hang_pid 2>/dev/null"
# Fill its one-connection backlog first.
curl -s -m 1 "http://127.0.0.1:$httpd_hang_port/" >/dev/null 2>&1 &
curl -s -m 1 "http://127.0.0.1:$httpd_hang_port/" >/dev/null 2>&1 &
sleep 0.2
t0=$(date +%s%N)
run deployparts caddy-switch "http://127.0.0.1:$httpd_hang_port" app "127.0.0.1:$green" 500
elapsed=$((($(date +%s%N) - t0) / 1000000))
is "$(jqr .result)" down "an admin address that never answers: down"
ok "$([ "$elapsed" -lt 5000 ]; echo $?)" "within the timeout, not forever (${elapsed} ms for 500)"
kill $hang_pid

# enforce_origin: Caddy wants an Origin header, which every request sends.
caddy_start ""
CADDY_ADMIN_EXTRA='"enforce_origin": true' caddy_config "127.0.0.1:$blue" >"$TMP/caddy/caddy.json"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
	--data-binary "@$TMP/caddy/caddy.json" "$caddy_admin/load"
is "$(curl -s -o /dev/null -w '%{http_code}' "$caddy_admin/id/app")" 403 \
	"with enforce_origin, a request without Origin is refused"
run deployparts caddy-switch "$caddy_admin" app "127.0.0.1:$green"
is "$rc" 0 "the switch sends its Origin and passes"
is "$(curl -s -H "Origin: $caddy_admin" "$caddy_admin/id/app/upstreams" | jq -r '.[0].dial')" \
	"127.0.0.1:$green" "Caddy dials green"

# --- the switch under load: 16 reused connections, 6 switches ----------
loadclient -c 16 -s "$TMP/load.stop" -e "$TMP/load.expect" -t 60s \
	"$public_url/version" >"$TMP/load.json" 2>"$TMP/load.err" &
load_pid=$!
at_exit "kill $load_pid 2>/dev/null"
sleep 0.3
switches_ok=0
for v in 1.0.0 2.0.0 1.0.0 2.0.0 1.0.0 2.0.0; do
	case $v in 1.0.0) dial=127.0.0.1:$blue ;; *) dial=127.0.0.1:$green ;; esac
	echo "$(date +%s%3N) -" >>"$TMP/load.expect"
	deployparts caddy-switch "$caddy_admin" app "$dial" >/dev/null 2>&1 &&
		switches_ok=$((switches_ok + 1))
	echo "$(date +%s%3N) $v" >>"$TMP/load.expect"
	sleep 0.2
done
touch "$TMP/load.stop"
wait $load_pid
out=$(cat "$TMP/load.json")
is "$switches_ok" 6 "six switches under load"
is "$(jqr .failures)" 0 "no request failed ($(jqr .requests) requests, errors: $(jqr '.errors | tostring'))"
is "$(jqr '.by_version | keys | join(" ")')" "1.0.0 2.0.0" "every answer was one of the two versions"
is "$(jqr '[.expectations[] | .other] | add')" 0 \
	"once a switch returned, every request saw the new version ($(jqr '[.expectations[].requests] | add') checked)"
is "$(jqr '[.expectations[] | select(.requests > 0)] | length')" 6 "requests were checked after every switch"

run deployparts drain "$blue"
ok "$([ "$(jqr .established)" -gt 0 ]; echo $?)" \
	"Caddy's idle connections to the slot it left are counted ($(jqr .established))"

# --- drain ---------------------------------------------------------------
# A slot Caddy never dialled (Caddy keeps idle connections to the others).
slot_start drain 3.0.0
drain=$slot_port
run deployparts drain "$drain"
is "$(jqr .established)" 0 "an idle slot has no established connection"
httpd_routes "$TMP/slot-drain.routes" "GET /slow
  delay 1500ms
  body slow"
curl_pids=
for i in 1 2 3; do
	curl -s -o /dev/null "http://127.0.0.1:$drain/slow" &
	curl_pids="$curl_pids $!"
done
sleep 0.5
run deployparts drain "$drain"
is "$(jqr .established)" 3 "three clients waiting on the slot: 3 established"
run deployparts drain "$drain" 5000
is "$(jqr .established)" 0 "drain waits until they are answered"
wait $curl_pids

# --- snapshots -----------------------------------------------------------
pg_start
snapdir="$TMP/snapshots"
# Every PostgreSQL program run goes through a wrapper first in PATH that
# logs its argv as the kernel has it and whether PGPASSWORD was set, on
# one line.
mkdir -p "$TMP/wrap"
for prog in pg_dump pg_restore psql; do
	cat >"$TMP/wrap/$prog" <<EOW
#!/bin/sh
{ tr '\0' ' ' </proc/\$\$/cmdline; echo "PGPASSWORD=\${PGPASSWORD:+set}"; } >>"$TMP/argv.log"
exec "$(pg_bindir)/$prog" "\$@"
EOW
	chmod +x "$TMP/wrap/$prog"
done
wrap_path="$TMP/wrap:$PATH"

pg_app "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
	INSERT INTO items VALUES (1, 'one'), (2, 'two')"
run env PATH="$wrap_path" deployparts snap-take "$snapdir" production 1.0.0 2.0.0
is "$rc" 0 "snapshot taken: exit 0"
snap_out=$out
snap_err=$err
like "$(jqr .snapshot.file)" '^production-[0-9]{8}T[0-9]{6}\.[0-9]{3}Z-1\.0\.0\.dump$' \
	"named with env, UTC time and the version replaced"
first=$(jqr .snapshot.path)
is "$(jqr '[.snapshot.env, .snapshot.version, .snapshot.to_version, .snapshot.kind, .snapshot.verified] | @json')" \
	'["production","1.0.0","2.0.0","deploy",true]' "its versions, kind, and verified"
is "$(jqr .snapshot.size)" "$(stat -c %s "$first")" "its size is the file's"
is "$(jqr .snapshot.sha256)" "$(sha256sum "$first" | cut -d' ' -f1)" "its sha256 is the file's"
like "$(jqr .snapshot.time)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' "its time, UTC"
is "$(jq -r '[.file, .sha256, .size, .verified, has("path")] | @json' "$first.json")" \
	"$(jqr '[.snapshot.file, .snapshot.sha256, .snapshot.size, true, false] | @json')" \
	"the sidecar says the same"
is "$(ls -A "$snapdir" | wc -l)" 2 "the dump and its sidecar, no temporary file"
like "$(pg_restore -l "$first")" "TABLE public items" "pg_restore reads the items table in it"
is "$(grep -c '^/.*pg_dump -Fc -w -f .* -d postgresql://app@/appdb?host=' "$TMP/argv.log")" 1 \
	"pg_dump got the URL without its password"
is "$(grep -c 'pg_dump -Fc .* PGPASSWORD=set$' "$TMP/argv.log")" 1 \
	"and the password in its environment"

# A migration after the snapshot: new table, changed rows, new column, new schema.
pg_app "CREATE TABLE added_later (x int); ALTER TABLE items ADD COLUMN extra int;
	UPDATE items SET name = 'changed'; INSERT INTO items VALUES (3, 'three', 0);
	CREATE SCHEMA later; CREATE TABLE later.t (y int); CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
	CREATE TYPE mood AS ENUM ('ok'); CREATE SEQUENCE s"
run env PATH="$wrap_path" deployparts snap-restore "$snapdir" latest 2.0.0
is "$rc" 0 "restore of the latest snapshot: exit 0"
restore_out=$out
restore_err=$err
is "$(pg_psql 'SELECT id, name FROM items ORDER BY id' | tr '\n' ' ')" "1|one 2|two " \
	"the rows are the snapshot's"
is "$(pg_psql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'extra'")" 0 \
	"the column added later is gone"
is "$(pg_psql "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND c.relkind IN ('r','S','v')")" \
	"items" "the table and sequence created after the snapshot are gone"
is "$(pg_psql "SELECT count(*) FROM pg_namespace WHERE nspname = 'later'")|$(pg_psql "SELECT count(*) FROM pg_proc WHERE proname = 'f'")|$(pg_psql "SELECT count(*) FROM pg_type WHERE typname = 'mood'")" \
	"0|0|0" "and so are the schema, function and type"
before=$(jqr .before.path)
is "$(jqr '[.before.kind, .before.version, .before.to_version] | @json')" '["before-restore","2.0.0","1.0.0"]' \
	"the database as it was is snapshotted first"
like "$(pg_restore -l "$before")" "TABLE public added_later" "and that snapshot holds what the restore dropped"
is "$(pg_app 'SELECT count(*) FROM items')" 2 "the role app reads the restored table it owns"

# Retention: SNAPSHOT_KEEP 3 keeps the newest 3.
for v in 2.0.0 3.0.0 4.0.0 5.0.0; do
	deployparts snap-take "$snapdir" production "$v" - 3 >/dev/null 2>&1
done
run deployparts snap-list "$snapdir"
is "$rc" 0 "list: exit 0"
is "$(jqr '[.snapshots[].version] | join(" ")')" "5.0.0 4.0.0 3.0.0" "the newest 3 kept, newest first"
is "$(ls "$snapdir" | wc -l)" 6 "the others removed with their sidecars"
is "$(jqr '[.snapshots[].time] | . == (sort | reverse)')" true "times descending"

# Leftovers of an interrupted take: not listed, removed by the next take.
: >"$snapdir/.production-x.dump.tmp"
cp "$first.json" "$TMP/orphan.json" 2>/dev/null
: >"$snapdir/production-20260101T000000.000Z-9.dump"
run deployparts snap-list "$snapdir"
is "$(jqr '.snapshots | length')" 3 "a dump without sidecar is not a snapshot"
deployparts snap-take "$snapdir" production 6.0.0 - 3 >/dev/null 2>&1
is "$(ls -A "$snapdir" | grep -c -e '\.tmp$' -e '-9\.dump$')" 0 "leftovers removed by the next take"

# Failures: nothing left behind, a clear error, exit 3.
snaps_before=$(ls -A "$snapdir" | sort)
mkdir -p "$TMP/empty"
run env PATH="$TMP/empty" "$TOP/build/tests/deployparts" snap-take "$snapdir" production 6.0.0 7.0.0
is "$rc" 3 "pg_dump missing: exit 3"
like "$err" "pg_dump not found in PATH" "says pg_dump is not found"
DATABASE_URL="postgresql://app:$pg_password_url@/nosuchdb?host=$pg_sock" run deployparts snap-take "$snapdir" production 6.0.0 7.0.0
is "$rc" 3 "pg_dump failing: exit 3"
like "$err" 'pg_dump failed \(exit status 1\): .*database "nosuchdb" does not exist' "quotes pg_dump's error"
DATABASE_URL="postgresql://app:Wr0ngPw@/appdb?host=$pg_sock" run deployparts snap-take "$snapdir" production 6.0.0 7.0.0
is "$rc" 3 "a wrong password: exit 3"
like "$err" 'password authentication failed for user "app"' "authentication failed, said"
unlike "$err" "Wr0ngPw" "without quoting the password"
for fake in 'exit 0' ': >"$4"; exit 0' 'echo garbage >"$4"; exit 0'; do
	printf '#!/bin/sh\n%s\n' "$fake" >"$TMP/empty/pg_dump"
	chmod +x "$TMP/empty/pg_dump"
	run env PATH="$TMP/empty:$(pg_bindir)" "$TOP/build/tests/deployparts" snap-take "$snapdir" production 6.0.0 7.0.0
	is "$rc" 3 "a pg_dump that does '$fake': exit 3"
	case $fake in
	'exit 0') like "$err" "pg_dump wrote no dump" "  no dump, said" ;;
	':'*) like "$err" "pg_dump wrote an empty dump" "  an empty dump, said" ;;
	*) like "$err" "pg_restore -l cannot read the dump: pg_restore failed" "  an unreadable dump, said" ;;
	esac
done
DATABASE_URL="mysql://app:$pg_password_url@h/db" run deployparts snap-take "$snapdir" production 6.0.0 7.0.0
is "$rc" 3 "a DATABASE_URL that is not PostgreSQL's: exit 3"
is "$err" "deployparts: DATABASE_URL: not a postgresql:// or postgres:// URL" "said, without the URL"
is "$(ls -A "$snapdir" | sort)" "$snaps_before" "no failure left a file behind"

# A restore refuses a dump that is not what its sidecar describes.
latest=$(deployparts snap-list "$snapdir" | jq -r '.snapshots[0].path')
pg_app "CREATE TABLE marker (x int)"
printf 'x' >>"$latest"
run deployparts snap-restore "$snapdir" "$(basename "$latest")" 6.0.0
is "$rc" 3 "a tampered dump: exit 3"
like "$err" "is not the file its sidecar describes .*: not restored" "says why"
is "$(pg_psql "SELECT count(*) FROM pg_class WHERE relname = 'marker'")" 1 "the database is untouched"
run deployparts snap-restore "$snapdir" no-such.dump 6.0.0
is "$rc" 2 "an unknown snapshot: exit 2"
like "$err" "no snapshot 'no-such.dump' in '$snapdir'" "named"
# latest: taken before the active version was deployed, never a
# before-restore snapshot nor one of a redeploy of the same version.
run deployparts snap-restore "$snapdir" latest 6.0.0
is "$rc" 2 "latest, no snapshot taken by a deploy to 6.0.0: exit 2"
is "$err" "deployparts: no snapshot in '$snapdir' was taken before '6.0.0' was deployed: name one ('deploy-slot snapshots' lists them)" \
	"said, with what to do"

# The password never reached an argv, an output or a file we wrote.
all="$snap_out $snap_err $restore_out $restore_err $(cat "$TMP/argv.log") $(cat "$snapdir"/*.json) $(ls "$snapdir")"
for secret in "$pg_password" "$pg_password_url" Sekr3t; do
	unlike "$all" "$secret" "'$secret' is in no argv, output, sidecar or file name"
done
is "$(grep -c -- '-f .*/\.restore-[0-9]*\.sql\.tmp -d postgresql://app@/appdb?host=.* PGPASSWORD=set$' "$TMP/argv.log")" 1 \
	"psql restored with the password in its environment, its argv logged too"

done_testing
