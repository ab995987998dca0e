#!/bin/sh
# rel-tag --publish finishes what an earlier run left: an upload cut
# short, a draft only the list of releases shows, an asset another run
# uploaded meanwhile (422 already_exists); pre-releases and drafts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"
. "$(dirname "$0")/lib-release.sh"

TOKEN=ghp_resumeT0kenNeverShown0123456789
start_releases gh
LOG=$TMP/gh.log
R=$TMP/gh.routes
mkdir "$TMP/dist"
A=$TMP/dist/app.tar.gz
B=$TMP/dist/app.zip
head -c 200000 /dev/urandom >"$A"
head -c 5000 /dev/urandom >"$B"
state() { curl -sS "$GITHUB_API_URL/_state" | jq -r "$1"; }
routes() { printf '%s\n' "$1" >"$R"; routes_touched "$R"; }
pub() { _d=$1; _v=$2; shift 2; GH_TOKEN=$TOKEN run rel-tag -C "$TMP/$_d" -r "$_v" --publish "$@"; }

# An upload cut short: the run fails, the draft holds the first asset.
released_project p 1.0.0
routes "POST /repos/acme/widget/releases/1/assets?name=app.zip
  reset"
pub p 1.0.0 --asset "$A" --asset "$B"
is "$rc" 3 "upload cut short: exit 3"
like "$err" "rel-tag: cannot reach GitHub at '$GITHUB_API_URL': " "upload cut short: said"
unlike "$out$err" "$TOKEN" "upload cut short: the token is in no output"
is "$(state '.releases[0].draft')" true "upload cut short: the release is still a draft"
is "$(state '[.releases[0].assets[].name] | join(",")')" app.tar.gz "upload cut short: one asset there"
is "$(curl -s -o /dev/null -w '%{http_code}' "$GITHUB_API_URL/repos/acme/widget/releases/tags/v1.0.0")" 404 \
	"upload cut short: GitHub's tags endpoint does not show the draft"
routes ""
: >"$LOG"
pub p 1.0.0 --asset "$A" --asset "$B"
is "$rc" 0 "again: exit 0"
is "$(jqr '[.release.assets[] | .name + " " + .state] | join(",")')" \
	"app.tar.gz skipped,app.zip uploaded,SHA256SUMS uploaded" "again: the draft found, the rest uploaded"
is "$(jqr .release.draft)" false "again: published"
like "$(grep '^GET ' "$LOG" | head -2 | tr '\n' ' ')" \
	"^GET /repos/acme/widget/releases/tags/v1.0.0 GET /repos/acme/widget/releases\?per_page=100 $" \
	"again: the tag asked, then the list for a draft"
is "$(writes "$LOG" | cut -d' ' -f1,2 | sed 's/name=.*//' | tr '\n' ' ')" \
	"POST /repos/acme/widget/releases/1/assets? POST /repos/acme/widget/releases/1/assets? PATCH /repos/acme/widget/releases/1 " \
	"again: no second release, two uploads, then published"
is "$(state '.releases | length')" 1 "again: one release"
is "$(state '.releases[0].draft')" false "again: no draft left"

# A server that gives no digest (an older GitHub Enterprise), and an
# upload GitHub never finished (state "starter"): uploaded again.
curl -sS "$GITHUB_API_URL/repos/acme/widget/releases/1/assets" |
	jq '(.[0] |= del(.digest)) | (.[1].state = "starter")' >"$TMP/assets.json"
routes "GET /repos/acme/widget/releases/1/assets
  header Content-Type: application/json; charset=utf-8
  body-file $TMP/assets.json"
: >"$LOG"
pub p 1.0.0 --asset "$A" --asset "$B"
is "$rc" 0 "no digest, an unfinished upload: exit 0"
is "$(jqr '[.release.assets[] | .name + " " + .state] | join(",")')" \
	"app.tar.gz replaced,app.zip replaced,SHA256SUMS skipped" "no digest, an unfinished upload: both replaced"
is "$(writes "$LOG" | cut -d' ' -f1 | tr '\n' ' ')" "DELETE POST DELETE POST " "no digest, an unfinished upload: deleted, uploaded"
routes ""

# Another run uploads an asset after this one listed them: 422
# already_exists, looked at again, skipped.
released_project q 2.0.0
id=$(curl -sS -X POST -d '{"tag_name":"v2.0.0","name":"v2.0.0","draft":true}' \
	"$GITHUB_API_URL/repos/acme/widget/releases" | jq -r .id)
upload=$(curl -sS "$GITHUB_API_URL/repos/acme/widget/releases/$id" | jq -r '.upload_url | sub("{.*"; "")')
curl -sS -X POST --data-binary @"$A" "$upload?name=app.tar.gz" >/dev/null
routes "GET /repos/acme/widget/releases/$id/assets
  header Content-Type: application/json; charset=utf-8
  body []
then
  pass"
: >"$LOG"
pub q 2.0.0 --asset "$A"
is "$rc" 0 "race: exit 0"
is "$(jqr '[.release.assets[] | .name + " " + .state] | join(",")')" \
	"app.tar.gz skipped,SHA256SUMS uploaded" "race: the asset another run uploaded is kept"
like "$(grep -A12 "^POST .*assets?name=app.tar.gz" "$LOG")" "Body: 200000" "race: the upload was tried"
is "$(grep -c "^GET /repos/acme/widget/releases/$id/assets" "$LOG")" 2 "race: the assets listed again after the 422"
like "$err" "asset 'app.tar.gz' appeared meanwhile" "race: said"
is "$(state "[.releases[] | select(.id == $id) | .assets[].name] | join(\",\")")" "app.tar.gz,SHA256SUMS" "race: one asset of each name"

# The same race with other bytes: the other run's asset is replaced.
head -c 100 /dev/urandom >"$TMP/other"
routes ""
aid=$(state "[.releases[] | select(.id == $id) | .assets[] | select(.name == \"app.tar.gz\") | .id][0]")
curl -sS -X DELETE "$GITHUB_API_URL/repos/acme/widget/releases/assets/$aid"
curl -sS -X POST --data-binary @"$TMP/other" "$upload?name=app.tar.gz" >/dev/null
routes "GET /repos/acme/widget/releases/$id/assets
  body []
then
  pass"
pub q 2.0.0 --asset "$A"
is "$rc" 0 "race, other bytes: exit 0"
is "$(jqr '[.release.assets[] | .name + " " + .state] | join(",")')" \
	"app.tar.gz replaced,SHA256SUMS skipped" "race, other bytes: replaced"
is "$(curl -sS "$(jqr '.release.assets[0].url')" | sha256sum | cut -d' ' -f1)" "$(sha256sum <"$A" | cut -d' ' -f1)" \
	"race, other bytes: GitHub holds the file's bytes"
routes ""

# A pre-release: flagged, never marked latest.
released_project r 3.0.0-rc.1
: >"$TMP/gh.bodies"
pub r 3.0.0-rc.1
is "$rc" 0 "pre-release: exit 0"
is "$(jqr .release.prerelease)" true "pre-release: flagged in the output"
is "$(jqr '.release.assets | length')" 0 "pre-release: no assets, no SHA256SUMS"
is "$(state '.releases[] | select(.tag_name == "v3.0.0-rc.1") | .prerelease')" true "pre-release: flagged on GitHub"
like "$(cat "$TMP/gh.bodies")" '"prerelease":true,"make_latest":"false"' "pre-release: make_latest false"
: >"$LOG"
pub r 3.0.0-rc.1
is "$(writes "$LOG")" "" "pre-release again: nothing written"

# A draft stays one; a run without --draft publishes it.
released_project s 4.0.0
pub s 4.0.0 --draft --asset "$B"
is "$rc" 0 "draft: exit 0"
is "$(jqr .release.draft)" true "draft: the output says so"
is "$(state '.releases[] | select(.tag_name == "v4.0.0") | .draft')" true "draft: a draft on GitHub"
: >"$LOG"
pub s 4.0.0 --draft --asset "$B"
is "$(jqr '[.release.assets[].state] | join(",")')" "skipped,skipped" "draft again: found through the list"
is "$(writes "$LOG")" "" "draft again: nothing written"
pub s 4.0.0 --asset "$B"
is "$(jqr .release.draft)" false "without --draft: published"
is "$(writes "$LOG" | cut -d' ' -f1)" PATCH "without --draft: one PATCH"
like "$(tail -1 "$TMP/gh.bodies")" '^\{"draft":false\}$' "without --draft: draft false"
done_testing
