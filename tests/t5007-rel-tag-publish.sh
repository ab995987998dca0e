#!/bin/sh
# rel-tag --publish: the GitHub release of the tag, its notes, assets and
# SHA256SUMS, against the GitHub stand-in's release endpoints; a run
# again finds it all done, a changed asset is replaced.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"
. "$(dirname "$0")/lib-release.sh"

TOKEN=ghp_publishT0kenNeverShown0123456789
released_project p 1.0.0
P=$TMP/p
start_releases gh
LOG=$TMP/gh.log
mkdir "$TMP/dist"
A=$TMP/dist/app-1.0.0-linux-amd64.tar.gz
B=$TMP/dist/app-1.0.0.zip
head -c 300000 /dev/urandom >"$A"
head -c 1000 /dev/urandom >"$B"
notes=$(rel-changelog notes -r 1.0.0 "$P/CHANGELOG.md")

# pub ARGS: rel-tag --publish with the token
pub() { GH_TOKEN=$TOKEN run rel-tag -C "$P" -r 1.0.0 --publish "$@"; }
# state JQ: jq -r over the stand-in's releases
state() { curl -sS "$GITHUB_API_URL/_state" | jq -r "$1"; }
# fetch_assets DIR: every asset of the release downloaded into DIR
fetch_assets() {
	rm -rf "$1"
	mkdir -p "$1"
	for u in $(jqr '.release.assets[].url'); do
		curl -sSf -o "$1/${u##*/}" "$u" || echo "cannot fetch $u"
	done
}

pub --asset "$A" --asset "$B"
is "$rc" 0 "first publish: exit 0"
is "$(jqr '.pushed | join(",")')" "refs/heads/main,refs/tags/v1.0.0" "first publish: pushed first"
is "$(jqr '.release.id | type')" number "release id"
is "$(jqr .release.url)" "$GITHUB_API_URL/acme/widget/releases/tag/v1.0.0" "release url: the page"
is "$(jqr .release.draft)" false "not left a draft"
is "$(jqr .release.prerelease)" false "not a pre-release"
is "$(jqr '[.release.assets[] | .name + " " + .state] | join(",")')" \
	"app-1.0.0-linux-amd64.tar.gz uploaded,app-1.0.0.zip uploaded,SHA256SUMS uploaded" \
	"the assets uploaded, SHA256SUMS last"
is "$(jqr '.release.assets[0].sha256')" "$(sha256sum <"$A" | cut -d' ' -f1)" "sha256 of the first asset"
is "$(jqr '.release.assets[1].size')" 1000 "size of the second"
is "$(state '.releases | length')" 1 "one release on GitHub"
is "$(state '.releases[0].tag_name + " " + .releases[0].name')" "v1.0.0 v1.0.0" "tag and title"
is "$(state '.releases[0].body')" "$notes" "the body is rel-changelog notes"
is "$(state '.releases[0].draft')" false "published"
fetch_assets "$TMP/got"
is "$(cd "$TMP/got" && sha256sum -c SHA256SUMS 2>&1)" \
	"app-1.0.0-linux-amd64.tar.gz: OK
app-1.0.0.zip: OK" "the uploaded bytes read back pass sha256sum -c SHA256SUMS"
ok "$(cmp -s "$A" "$TMP/got/${A##*/}"; echo $?)" "the first asset read back is the file"
is "$(sed -n 's/^POST \(.*\)/\1/p' "$LOG" | head -1)" /repos/acme/widget/releases "the release created first"
like "$(head -c 400 "$TMP/gh.bodies" | sed -n 2p)" '"draft":true' "created as a draft while its assets upload"
like "$(grep -c "^POST /repos/acme/widget/releases/[0-9]*/assets?name=" "$LOG")" '^3$' "three uploads"
upload_host=$(grep -A8 '^POST /repos/acme/widget/releases/[0-9]*/assets' "$LOG" | sed -n 's/^  Host: //p' | sort -u)
ok "$([ "$upload_host" != "127.0.0.1:$PORT" ] && [ -n "$upload_host" ]; echo $?)" "uploads go to the upload_url's port ($upload_host), not the API's"
like "$(grep -A8 "assets?name=app-1.0.0.zip" "$LOG")" "Content-Type: application/zip" "the content type of a .zip"
like "$(grep -A8 "assets?name=app-1.0.0-linux" "$LOG")" "Content-Type: application/gzip" "the content type of a .tar.gz"
like "$(grep -A8 "assets?name=SHA256SUMS" "$LOG")" "Content-Type: text/plain" "SHA256SUMS is text"
like "$(grep -A8 "assets?name=app-1.0.0-linux" "$LOG")" "Body: 300000 sha256:$(sha256sum <"$A" | cut -d' ' -f1)" "the stand-in got the file's bytes"
is "$(writes "$LOG" | tail -1 | cut -d' ' -f1)" PATCH "published at the end"
like "$(tail -c 200 "$TMP/gh.bodies")" '"draft":false' "the draft flag dropped"
like "$(cat "$LOG")" "Authorization: Bearer $TOKEN" "the token sent to GitHub"
unlike "$out$err" "$TOKEN" "the token is in no output"
like "$err" "rel-tag: GitHub release 'v1.0.0': $GITHUB_API_URL/acme/widget/releases/tag/v1.0.0" "progress: the release page"

# Again: everything is there; no request that writes.
: >"$LOG"
pub --asset "$A" --asset "$B"
is "$rc" 0 "again: exit 0"
is "$(jqr '[.release.assets[].state] | join(",")')" "skipped,skipped,skipped" "again: every asset skipped"
is "$(writes "$LOG")" "" "again: no request that writes"
like "$(grep -c '^GET ' "$LOG")" '^[1-9]' "again: only reads"
is "$(jqr '.already_done | join(",")')" "commit,tag,push refs/heads/main,push refs/tags/v1.0.0" "again: the git steps done already"

# A changed asset: deleted and uploaded again, with SHA256SUMS.
head -c 1200 /dev/urandom >"$B"
: >"$LOG"
pub --asset "$A" --asset "$B"
is "$rc" 0 "changed: exit 0"
is "$(jqr '[.release.assets[].state] | join(",")')" "skipped,replaced,replaced" "changed: the asset and SHA256SUMS replaced"
is "$(writes "$LOG" | cut -d' ' -f1 | tr '\n' ' ')" "DELETE POST DELETE POST " "changed: delete then upload, twice"
is "$(state '[.releases[0].assets[].name] | join(",")')" "app-1.0.0-linux-amd64.tar.gz,app-1.0.0.zip,SHA256SUMS" "changed: one asset a name"
fetch_assets "$TMP/got2"
is "$(cd "$TMP/got2" && sha256sum -c SHA256SUMS 2>&1 | tr '\n' ' ')" \
	"app-1.0.0-linux-amd64.tar.gz: OK app-1.0.0.zip: OK " "changed: the bytes read back pass sha256sum -c"
ok "$(cmp -s "$B" "$TMP/got2/${B##*/}"; echo $?)" "changed: the new bytes on GitHub"

# A new title and notes: the release updated, only what differs.
: >"$LOG"
pub --title "Widget 1.0" --asset "$A" --asset "$B"
is "$rc" 0 "title: exit 0"
is "$(writes "$LOG")" "PATCH /repos/acme/widget/releases/$(jqr .release.id)" "title: one PATCH"
is "$(tail -1 "$TMP/gh.bodies")" '{"name":"Widget 1.0"}' "title: only the title sent"
is "$(state '.releases[0].name')" "Widget 1.0" "title: changed"

# --dry-run: reads, says what it would do, writes nothing.
head -c 10 /dev/urandom >"$B"
: >"$LOG"
pub --dry-run --asset "$A" --asset "$B"
is "$rc" 0 "dry run: exit 0"
is "$(writes "$LOG")" "" "dry run: no request that writes"
is "$(jqr '[.release.assets[].state] | join(",")')" "skipped,replaced,replaced" "dry run: what would be done"
like "$(jqr '.plan | join("|")')" "update the GitHub release 'v1.0.0': title\|replace asset 'app-1.0.0.zip' \(10 bytes\)\|replace asset 'SHA256SUMS'" "dry run: the plan"
like "$err" "rel-tag: would replace asset 'app-1.0.0.zip'" "dry run: said"

# A large asset: progress on stderr as it is sent.
head -c 9437184 /dev/zero >"$TMP/dist/big.bin"
pub --title "Widget 1.0" --asset "$A" --asset "$B" --asset "$TMP/dist/big.bin"
is "$rc" 0 "large asset: exit 0"
like "$err" "rel-tag: uploading big.bin: 50% of 9 MiB" "large asset: progress on stderr"
unlike "$err" "uploading app-1.0.0.zip" "a small asset: no progress lines"
like "$(grep -A12 "assets?name=big.bin" "$LOG")" "Body: 9437184 sha256:$(sha256sum <"$TMP/dist/big.bin" | cut -d' ' -f1)" \
	"large asset: the stand-in got every byte"
done_testing
