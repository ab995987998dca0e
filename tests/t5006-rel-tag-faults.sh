#!/bin/sh
# rel-tag and rel-check under hostile remotes: a git server that accepts
# the connection and never answers; remotes whose hooks refuse the push
# (local path, file://, http; ssh in t5003);
# a tag name too long for the file system.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"
. "$(dirname "$0")/httpd.sh"

# A git server over HTTP that takes the request and never answers.
cat >"$TMP/silent.routes" <<'EOF'
GET /silent.git/info/refs
  delay 1h
POST /silent.git/git-receive-pack
  delay 1h
POST /silent.git/git-upload-pack
  delay 1h
EOF
httpd_start silent "$TMP/silent.routes"
SILENT=http://127.0.0.1:$httpd_port/silent.git

released_project s 0.1.0
S=$TMP/s
git -C "$S" config --unset "url.$S.git.insteadOf"
git -C "$S" remote set-url origin "$SILENT"
before=$(refs "$S")

# Each run is itself bounded (timeout 60: exit 124) so that a hang fails
# the test instead of blocking the suite.
export RELTOOLS_GIT_TIMEOUT=1
run timeout 60 rel-tag -C "$S" -r 0.1.0 --push --dry-run
is "$rc" 3 "silent http remote, --dry-run: exit 3, not a hang"
is "$err" "rel-tag: cannot connect to remote 'origin': no answer from 127.0.0.1:$httpd_port within 1 s (waiting for its reply; RELTOOLS_GIT_TIMEOUT sets the limit)" \
	"silent http remote, --dry-run: names the remote and what it waited for"
run timeout 60 rel-tag -C "$S" -r 0.1.0 --push
is "$rc" 3 "silent http remote, --push: exit 3"
like "$err" "^rel-tag: cannot connect to remote 'origin': no answer from 127.0.0.1:$httpd_port within 1 s" \
	"silent http remote, --push: said"
is "$(refs "$S")" "$before" "silent http remote: nothing committed or tagged"

run timeout 60 rel-check -C "$S" -r 0.1.0 --no-ci
is "$rc" 1 "silent http remote, rel-check --no-ci: exit 1, not a hang"
is "$(check sync)" "fail cannot fetch from remote 'origin': no answer from 127.0.0.1:$httpd_port within 1 s (waiting for its reply; RELTOOLS_GIT_TIMEOUT sets the limit)" \
	"rel-check: the sync check says what it waited for"

# The limit as a duration; a value that is none is refused.
RELTOOLS_GIT_TIMEOUT=1500ms run timeout 60 rel-tag -C "$S" -r 0.1.0 --push --dry-run
like "$err" "within 1.5 s" "RELTOOLS_GIT_TIMEOUT=1500ms"
RELTOOLS_GIT_TIMEOUT=soon run timeout 60 rel-tag -C "$S" -r 0.1.0 --push --dry-run
is "$rc" 3 "RELTOOLS_GIT_TIMEOUT=soon: exit 3"
is "$err" "rel-tag: RELTOOLS_GIT_TIMEOUT='soon' is not a duration (seconds, or 500ms, 2m)" \
	"RELTOOLS_GIT_TIMEOUT=soon: said"
unset RELTOOLS_GIT_TIMEOUT

# hook REMOTE NAME: a hook of the bare repository REMOTE that refuses,
# saying why on stderr (the update hook only for tags).
hook() {
	cat >"$1/hooks/$2" <<-'EOF'
	#!/bin/sh
	case $0 in
	*update) case $1 in refs/tags/*) ;; *) exit 0 ;; esac ;;
	esac
	echo "HOOK: releases are frozen ($(basename "$0"))" >&2
	exit 1
	EOF
	chmod +x "$1/hooks/$2"
}

# Pushes to a local path or a file:// URL run the remote's hooks, as git
# push does; a refusal is exit 3 with the hook's words.
for kind in path file; do
	released_project "h$kind" 0.1.0
	H=$TMP/h$kind
	git -C "$H" config --unset "url.$H.git.insteadOf"
	url=$H.git
	[ $kind = file ] && url=file://$H.git
	git -C "$H" remote set-url origin "$url"
	hook "$H.git" pre-receive
	remote_before=$(refs "$H.git")
	run rel-tag -C "$H" -r 0.1.0 --push
	is "$rc" 3 "$kind remote, pre-receive refuses: exit 3"
	is "$(printf '%s\n' "$err" | sed 1,2d)" "rel-tag: 'refs/heads/main' refused by remote 'origin': pre-receive hook declined; 'refs/tags/v0.1.0' refused by remote 'origin': pre-receive hook declined
remote: HOOK: releases are frozen (pre-receive)" "$kind remote, pre-receive refuses: the hook's message shown"
	is "$(refs "$H.git")" "$remote_before" "$kind remote, pre-receive refuses: the remote unchanged"
	is "$(find "$H.git" -name '*.lock' | wc -l)" 0 "$kind remote: no lock left in the remote"

	# The update hook refuses the tag only: the branch lands, not the tag.
	rm "$H.git/hooks/pre-receive"
	hook "$H.git" update
	run rel-tag -C "$H" -r 0.1.0 --push
	is "$rc" 3 "$kind remote, update hook refuses the tag: exit 3"
	is "$err" "rel-tag: 'refs/tags/v0.1.0' refused by remote 'origin': hook declined
remote: HOOK: releases are frozen (update)
remote: error: hook declined to update refs/tags/v0.1.0" "$kind remote, update hook: the message"
	is "$(git -C "$H.git" tag -l)" "" "$kind remote, update hook: no tag on the remote"

	# Without the hook, a run again finishes the release.
	rm "$H.git/hooks/update"
	run rel-tag -C "$H" -r 0.1.0 --push
	is "$rc" 0 "$kind remote, hook gone: the run again finishes"
	is "$(jqr '.pushed | join(",")')" "refs/tags/v0.1.0" "$kind remote: only the tag was left to push"
	is "$(git -C "$H.git" cat-file -t v0.1.0)" tag "$kind remote: the annotated tag is there"
done

# An http remote: git http-backend (a CGI program behind httpd) runs the
# remote's hook; its refusal and words reach us the same way.
released_project w 0.1.0
W=$TMP/w
git -C "$W.git" config http.receivepack true
hook "$W.git" pre-receive
printf '#!/bin/sh\nGIT_PROJECT_ROOT=%s GIT_HTTP_EXPORT_ALL=1 exec "%s"\n' \
	"$TMP" "$(git --exec-path)/git-http-backend" >"$TMP/backend.sh"
chmod +x "$TMP/backend.sh"
printf '%s\n  cgi %s\n' "GET /w.git/info/refs" "$TMP/backend.sh" \
	"POST /w.git/git-receive-pack" "$TMP/backend.sh" \
	"POST /w.git/git-upload-pack" "$TMP/backend.sh" >"$TMP/git.routes"
httpd_start git "$TMP/git.routes"
git -C "$W" config --unset "url.$W.git.insteadOf"
git -C "$W" remote set-url origin "http://127.0.0.1:$httpd_port/w.git"
remote_before=$(refs "$W.git")
run rel-tag -C "$W" -r 0.1.0 --push
is "$rc" 3 "http remote, pre-receive refuses: exit 3"
is "$(printf '%s\n' "$err" | sed 1,2d)" "rel-tag: 'refs/heads/main' refused by remote 'origin': pre-receive hook declined; 'refs/tags/v0.1.0' refused by remote 'origin': pre-receive hook declined
remote: HOOK: releases are frozen (pre-receive)" "http remote, pre-receive refuses: the hook's message shown"
is "$(refs "$W.git")" "$remote_before" "http remote, pre-receive refuses: the remote unchanged"
rm "$W.git/hooks/pre-receive"
run rel-tag -C "$W" -r 0.1.0 --push
is "$rc" 0 "http remote, hook gone: the run again finishes"
is "$(git -C "$W.git" cat-file -t v0.1.0)" tag "http remote: the annotated tag is there"

# A tag name longer than a file name may be: refused before anything is
# written, in a dry run too.
long=1.$(printf '%300s' '' | tr ' ' 9).0
released_project l "$long"
L=$TMP/l
before=$(refs "$L")
status_before=$(git -C "$L" status --porcelain)
for dry in --dry-run ""; do
	run rel-tag -C "$L" -r "$long" --push $dry
	is "$rc" 2 "a tag name too long ${dry:-for real}: exit 2"
	is "$err" "rel-tag: tag 'v1.$(printf '%37s' '' | tr ' ' 9)...' is too long for a ref: each part of its name may have 250 bytes at most (305 here)" \
		"a tag name too long ${dry:-for real}: says why"
	is "$(refs "$L")" "$before" "a tag name too long ${dry:-for real}: nothing committed or tagged"
	is "$(git -C "$L" status --porcelain)" "$status_before" "a tag name too long ${dry:-for real}: the work tree as it was"
done

done_testing
