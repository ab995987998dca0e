#!/bin/sh
# rel-tag and rel-check over ssh: a real sshd on 127.0.0.1 with keys made
# here, the key in a real ssh-agent, OpenSSH's ssh run as git runs it
# (GIT_SSH_COMMAND honoured); an unknown host key refused, a host whose
# git never answers given up on after RELTOOLS_GIT_TIMEOUT.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-release.sh"

. "$(dirname "$0")/lib-sshd.sh"
command -v git-receive-pack >/dev/null || PATH="$PATH:$(git --exec-path)"
sshd_setup
sshd_start
port=$sshd_port

P=$TMP/p
new_project "$P"
git -C "$P" config --unset "url.$P.git.insteadOf"
git -C "$P" remote set-url origin "ssh://$(id -un)@127.0.0.1:$port$P.git"

# ssh reads the known hosts of the passwd entry's home, not $HOME: first
# without ours, the host key is unknown and refused.
run rel-check -C "$P" -r 0.1.0 --no-ci
is "$rc" 1 "an unknown host key: rel-check fails"
is "$(check sync)" "fail cannot fetch from remote 'origin': ssh $(id -un)@127.0.0.1:$port failed: Host key verification failed." \
	"an unknown host key: refused, in ssh's words"
cp "$P/CHANGELOG.md" "$TMP/CHANGELOG.unreleased"
rel-gitlog -q -C "$P" | rel-changelog release -q -r 0.1.0 --date 2026-02-01 \
	-i "$P/CHANGELOG.md" >/dev/null
before=$(refs "$P"; refs "$P.git")
run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 3 "an unknown host key: rel-tag exit 3"
is "$err" "rel-tag: cannot connect to remote 'origin': ssh $(id -un)@127.0.0.1:$port failed: Host key verification failed." \
	"an unknown host key: said"
is "$(refs "$P"; refs "$P.git")" "$before" "an unknown host key: nothing committed, tagged or pushed"
cp "$TMP/CHANGELOG.unreleased" "$P/CHANGELOG.md"
export GIT_SSH_COMMAND="ssh -o UserKnownHostsFile=$HOME/.ssh/known_hosts"

run rel-check -C "$P" -r 0.1.0 --no-ci
is "$rc" 0 "rel-check over ssh: exit 0"
is "$(check sync)" "pass in sync with 'origin/main' at $(git -C "$P" rev-parse --short=7 HEAD)" "rel-check fetches over ssh"
is "$(check tag-remote)" "pass no tag 'v0.1.0' on remote 'origin'" "rel-check lists the remote's tags over ssh"

rel-gitlog -q -C "$P" | rel-changelog release -q -r 0.1.0 --date 2026-02-01 \
	-i "$P/CHANGELOG.md" >/dev/null
run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 0 "rel-tag --push over ssh: exit 0"
is "$(jqr '.pushed | join(",")')" "refs/heads/main,refs/tags/v0.1.0" "both refs pushed over ssh"
is "$(git -C "$P.git" cat-file -t v0.1.0)" tag "the annotated tag reached the remote"
is "$(git -C "$P.git" rev-parse main)" "$(git -C "$P" rev-parse HEAD)" "the branch reached the remote"

# Without the agent's key: a clear authentication error, exit 3.
git -C "$P" reset -q --hard HEAD~1
git -C "$P" tag -d v0.1.0 >/dev/null
git -C "$P.git" update-ref -d refs/tags/v0.1.0
ssh-add -q -D 2>/dev/null
run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 3 "no key in the agent: exit 3"
is "$err" "rel-tag: cannot connect to remote 'origin': ssh $(id -un)@127.0.0.1:$port failed: $(id -un)@127.0.0.1: Permission denied (publickey)." \
	"no key in the agent: said, in ssh's words"
is "$(git -C "$P" tag -l v0.1.0)" "" "no key in the agent: nothing changed"
# A pre-receive hook of the remote refuses: exit 3, its words shown.
ssh-add -q "$S/user" 2>/dev/null
git -C "$P.git" update-ref refs/heads/main "$(git -C "$P" rev-parse HEAD)"
rel-gitlog -q -C "$P" | rel-changelog release -q -r 0.1.0 --date 2026-02-01 \
	-i "$P/CHANGELOG.md" >/dev/null
printf '#!/bin/sh\necho "HOOK: no releases on Fridays" >&2\nexit 1\n' >"$P.git/hooks/pre-receive"
chmod +x "$P.git/hooks/pre-receive"
remote_before=$(refs "$P.git")
run rel-tag -C "$P" -r 0.1.0 --push
is "$rc" 3 "ssh remote, pre-receive refuses: exit 3"
like "$err" "'refs/tags/v0.1.0' refused by remote 'origin': pre-receive hook declined" \
	"ssh remote, pre-receive refuses: said"
like "$err" "remote: HOOK: no releases on Fridays" "ssh remote, pre-receive refuses: the hook's message shown"
is "$(refs "$P.git")" "$remote_before" "ssh remote, pre-receive refuses: the remote unchanged"
# A host whose git never answers (it connects, authenticates, then says
# nothing): given up on after RELTOOLS_GIT_TIMEOUT, the host named.
mkdir -p "$TMP/silent"
for prog in git-upload-pack git-receive-pack; do
	printf '#!/bin/sh\nexec sleep 5\n' >"$TMP/silent/$prog"
	chmod +x "$TMP/silent/$prog"
done
PATH="$TMP/silent:$PATH" sshd_start
silent=$sshd_port
git -C "$P" remote set-url origin "ssh://$(id -un)@127.0.0.1:$silent$P.git"
RELTOOLS_GIT_TIMEOUT=1 run timeout 30 rel-check -C "$P" -r 0.2.0 --no-ci
is "$rc" 1 "a silent host: rel-check fails, and ends"
is "$(check sync)" "fail cannot fetch from remote 'origin': no answer from ssh $(id -un)@127.0.0.1:$silent within 1 s (waiting for its reply; RELTOOLS_GIT_TIMEOUT sets the limit)" \
	"a silent host: said, with the host and the limit"
before=$(refs "$P")
RELTOOLS_GIT_TIMEOUT=2 run timeout 30 rel-tag -C "$P" -r 0.2.0 --push
is "$rc" 3 "a silent host: rel-tag exit 3"
is "$err" "rel-tag: cannot connect to remote 'origin': no answer from ssh $(id -un)@127.0.0.1:$silent within 2 s (waiting for its reply; RELTOOLS_GIT_TIMEOUT sets the limit)" \
	"a silent host: rel-tag says so"
is "$(refs "$P")" "$before" "a silent host: nothing committed or tagged"
ps -eo args | grep -q "^ssh .* -p $silent -- $(id -un)@127.0.0.1 git-upload-pack"
ok $((! $?)) "a silent host: our ssh stopped, not left waiting"
done_testing
