#!/bin/sh
# rel-changelog release -i under faults: concurrent releases and edits,
# stdout closed or full, a kill before the rename, stale temporary files,
# owner and group.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

cat >orig.md <<'EOF'
# Changelog

## [Unreleased]

### Added

- Thing
EOF
releases() { grep -c '^## \[[0-9]' CHANGELOG.md; }
temporaries() { ls -A | grep -c '^\.CHANGELOG\.md\.'; }

# wait_locked PID: until process PID holds an flock (10 s at most), seen
# in /proc/locks: trying the lock ourselves would get in its way.
wait_locked() {
	_n=0
	until grep -q "FLOCK .* WRITE $1 " /proc/locks || [ "$_n" -ge 200 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
}
# feed FIFO: let the process blocked on FIFO go on (or give up after 10 s
# when it never opened it, rather than hang).
feed() { timeout 10 sh -c ': >"$1"' - "$1"; }

# Two releases at once: the one that holds the lock (waiting on its
# gitlog, a FIFO) wins; the other changes nothing and exits 1.
cp orig.md CHANGELOG.md
mkfifo log1
rel-changelog release -r 0.2.0 --date 2026-02-01 --gitlog log1 -i \
	>first.out 2>first.err &
first=$!
wait_locked "$first"
run rel-changelog release -r 0.3.0 --date 2026-02-01 --gitlog /dev/null -i
is "$rc" 1 "a second release -i while one runs: exit 1"
is "$err" "rel-changelog: 'CHANGELOG.md' is being rewritten by another process: nothing changed" \
	"a second release -i: says why"
is "$out" "" "a second release -i: no summary"
feed log1
wait "$first"
is "$?" 0 "the first release: exit 0"
is "$(jq -r .version first.out)" 0.2.0 "the first release: its summary"
is "$(releases)" 1 "exactly one release in the file"
is "$(sed -n 5p CHANGELOG.md)" "## [0.2.0] - 2026-02-01" "the release of the one that ran"
is "$(temporaries)" 0 "no temporary file left"

# A line appended (without a lock, as an editor or echo would) while the
# release runs is never lost: the release is refused, exit 1.
cp orig.md CHANGELOG.md
rel-changelog release -r 0.2.0 --gitlog log1 -i >second.out 2>second.err &
second=$!
wait_locked "$second"
echo '- Appended meanwhile' >>CHANGELOG.md
feed log1
wait "$second"
is "$?" 1 "a file changed during the release: exit 1"
is "$(cat second.err)" "rel-changelog: 'CHANGELOG.md' changed while it was being released: nothing changed, run again" \
	"a file changed during the release: says so"
is "$(cat second.out)" "" "a file changed during the release: no summary"
is "$(tail -n 1 CHANGELOG.md)" "- Appended meanwhile" "the appended line is still there"
is "$(releases)" 0 "no release made"
is "$(temporaries)" 0 "no temporary file left"

# Exit 3 means nothing changed: the summary is written before the rename.
for out in closed /dev/full; do
	cp orig.md CHANGELOG.md
	if [ "$out" = closed ]; then
		rel-changelog release -r 0.2.0 --gitlog /dev/null -i >&- 2>err
	else
		rel-changelog release -r 0.2.0 --gitlog /dev/null -i >"$out" 2>err
	fi
	is "$?" 3 "stdout $out: exit 3"
	like "$(cat err)" "^rel-changelog: cannot write output: " "stdout $out: says so"
	cmp -s CHANGELOG.md orig.md
	ok $? "stdout $out: the file untouched"
	is "$(temporaries)" 0 "stdout $out: no temporary file left"
done

# Killed between writing the new file and the rename (blocked writing the
# summary to a full pipe): the file is untouched and nothing is left.
cp orig.md CHANGELOG.md
{ head -c 65536 /dev/zero
  sh -c 'echo $$ >pid; exec rel-changelog release -r 0.2.0 --gitlog /dev/null -i'
} | sleep 30 &
pipeline=$!
n=0
until [ -s pid ] && grep -q pipe_write "/proc/$(cat pid)/wchan" 2>/dev/null; do
	[ "$n" -lt 200 ] || break
	sleep 0.05
	n=$((n + 1))
done
ls -l "/proc/$(cat pid)/fd" 2>/dev/null | grep -q "CHANGELOG\|#[0-9]* (deleted)"
ok $? "blocked on its summary: holds the new file open"
kill -KILL "$(cat pid)"
kill "$pipeline" 2>/dev/null
wait "$pipeline" 2>/dev/null
cmp -s CHANGELOG.md orig.md
ok $? "killed before the rename: the file untouched"
is "$(temporaries)" 0 "killed before the rename: no temporary file left"

# Temporary files a killed run left (named ones, where the file system
# has no unnamed ones) are removed by the next run; others stay.
cp orig.md CHANGELOG.md
echo stale >.CHANGELOG.md.Ab12Cd
echo mine >.CHANGELOG.md.keep
run rel-changelog release -r 0.2.0 --gitlog /dev/null -i
is "$rc" 0 "with a stale temporary file: exit 0"
test ! -e .CHANGELOG.md.Ab12Cd
ok $? "the stale temporary file is removed"
is "$(cat .CHANGELOG.md.keep)" mine "a file not named as ours stays"
rm .CHANGELOG.md.keep

# Owner and group are kept (as root), as the mode is.
if [ "$(id -u)" = 0 ]; then
	cp orig.md CHANGELOG.md
	chown 1234:5678 CHANGELOG.md
	chmod 0640 CHANGELOG.md
	run rel-changelog release -r 0.2.0 --gitlog /dev/null -i
	is "$rc" 0 "a file of another owner: exit 0"
	is "$(stat -c '%u:%g %a' CHANGELOG.md)" "1234:5678 640" "owner, group and mode kept"
fi

# A new file written by atomicfile through a symbolic link into another
# directory: the lock and the check follow the link.
mkdir -p real
cp orig.md real/CHANGELOG.md
ln -s real/CHANGELOG.md link.md
run rel-changelog release -r 0.2.0 --gitlog /dev/null -i link.md
is "$rc" 0 "through a symbolic link: exit 0"
is "$(sed -n 5p real/CHANGELOG.md)" "## [0.2.0] - $(date -u +%F)" "through a symbolic link: the target released"
is "$(ls -A real | grep -c '^\.')" 0 "through a symbolic link: no temporary file left"

done_testing
