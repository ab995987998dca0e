#!/bin/sh
# make release PUBLISH=1 ASSETS=..., make release-finish after a publish
# cut short, make release-retract with its confirmation, against the
# GitHub stand-in's release endpoints.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd.sh"
. "$(dirname "$0")/lib-release.sh"

TOKEN=ghp_makeT0kenNeverShown0123456789
P=$TMP/p
new_project "$P"
printf 'include %s/release.mk\n' "$TOP" >"$P/Makefile"
git -C "$P" add Makefile
commit "build: release with release.mk" "$P"
git -C "$P" push -q origin main
export RELTOOLS_BIN="$TOP/bin"
start_releases gh
R=$TMP/gh.routes
state() { curl -sS "$GITHUB_API_URL/_state" | jq -r "$1"; }
mk() { GH_TOKEN=$TOKEN run make -s -C "$P" "$@" RELEASE_CHECK_FLAGS=--no-ci; }
mkdir "$TMP/dist"
A=$TMP/dist/app-linux-amd64.tar.gz
head -c 20000 /dev/urandom >"$A"

mk release-dry-run VERSION=0.1.0 PUBLISH=1 ASSETS="$A"
is "$rc" 0 "dry run: exit 0"
like "$out" "publish the GitHub release of 'v0.1.0' with $A and SHA256SUMS" "dry run: the publish step told"
is "$(state '.releases | length')" 0 "dry run: nothing published"

mk release VERSION=0.1.0 YES=1 PUBLISH=1 ASSETS="$A"
is "$rc" 0 "release PUBLISH=1: exit 0"
is "$(state '[.releases[] | .tag_name + " " + (.draft | tostring)] | join(",")')" "v0.1.0 false" "release PUBLISH=1: published"
is "$(state '[.releases[0].assets[].name] | join(",")')" "app-linux-amd64.tar.gz,SHA256SUMS" "release PUBLISH=1: the asset and SHA256SUMS"
is "$(state '.releases[0].body')" "$(rel-changelog notes -r 0.1.0 "$P/CHANGELOG.md")" "release PUBLISH=1: the notes"
unlike "$out$err" "$TOKEN" "release PUBLISH=1: the token is in no output"

# A publish cut short: make release stops and says to finish.
commit "feat: a knob" "$P"
git -C "$P" push -q origin main
printf 'POST /repos/acme/widget/releases/4/assets?name=app-linux-amd64.tar.gz\n  reset\n' >"$R"
routes_touched "$R"
mk release VERSION=0.2.0 YES=1 PUBLISH=1 ASSETS="$A"
is "$rc" 2 "cut short: make fails"
like "$err" "release: stopped after CHANGELOG.md was released: once the cause is fixed, finish with make release-finish VERSION=0.2.0" \
	"cut short: release-finish advised"
is "$(state '.releases[0].tag_name + " " + (.releases[0].draft | tostring)')" "v0.2.0 true" "cut short: a draft left"
: >"$R"
routes_touched "$R"
mk release-finish VERSION=0.2.0 PUBLISH=1 ASSETS="$A"
is "$rc" 0 "release-finish: exit 0"
is "$(state '[.releases[] | .tag_name + " " + (.draft | tostring)] | join(",")')" "v0.2.0 false,v0.1.0 false" \
	"release-finish: the draft published, no second release"
is "$(state '[.releases[0].assets[].name] | join(",")')" "app-linux-amd64.tar.gz,SHA256SUMS" "release-finish: the assets there"

# release-retract: confirmation first; then all of it, never the branch.
heads=$(git -C "$P" rev-parse main; git -C "$P.git" rev-parse main)
mk release-retract VERSION=0.2.0
ok "$([ "$rc" -ne 0 ]; echo $?)" "retract without a terminal or YES: refused"
like "$err" "release-retract: no terminal to confirm on: run with YES=1" "retract: says how to confirm"
is "$(state '.releases | length') $(git -C "$P.git" tag -l v0.2.0) $(git -C "$P" tag -l v0.2.0)" "2 v0.2.0 v0.2.0" \
	"retract refused: nothing deleted"
mk release-retract VERSION=0.2.0 YES=1
is "$rc" 0 "retract YES=1: exit 0"
is "$(state '[.releases[].tag_name] | join(",")')" v0.1.0 "retract: the release gone"
is "$(git -C "$P.git" tag -l v0.2.0)$(git -C "$P" tag -l v0.2.0)" "" "retract: both tags gone"
is "$(git -C "$P" rev-parse main; git -C "$P.git" rev-parse main)" "$heads" "retract: the branch untouched"
git -C "$P" tag -a v0.3.0 -m "by hand" HEAD
mk release-retract VERSION=0.3.0 YES=1
is "$rc" 2 "retract of a tag rel-tag did not make: make fails"
like "$err" "not on the release commit rel-tag makes for it" "retract of a tag rel-tag did not make: said"
is "$(git -C "$P" tag -l v0.3.0)" v0.3.0 "retract of a tag rel-tag did not make: kept"
mk release-retract
is "$rc" 2 "retract without VERSION: usage"
done_testing
