# tests/example/release.sh: the release half of the pipeline, for
# make demo (sourced by demo.sh, after make_example_repo):
#
#	show_release DIR	give DIR a changelog, a bare remote and a
#				GitHub stand-in serving green CI, then run
#				rel-check, rel-gitlog | rel-changelog release,
#				rel-tag --push, and show what they did
#
# The tools talk to people on stderr; here it joins stdout, in order.
# Everything is local: the remote is DIR.git, reached through a GitHub URL
# that git rewrites (url.*.insteadOf), and GitHub's API is the test
# server build/tests/httpd answering with GitHub's documented JSON.

# start_ci_server DIR SHA: the GitHub stand-in on a kernel-chosen port,
# green for commit SHA; sets GITHUB_API_URL.
start_ci_server() {
	fixtures="$TOP/tests/fixtures/github"
	cat >"$1.routes" <<EOF
GET /repos/example/widget/commits/$2/check-runs
  status 200
  body-file $fixtures/check-runs-green.json
GET /repos/example/widget/commits/$2/status
  status 200
  body-file $fixtures/status-success.json
EOF
	"$TOP/build/tests/httpd" -r "$1.routes" -p "$1.port" &
	ci_server=$!
	i=0
	while [ ! -s "$1.port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "demo: the CI stand-in did not start" >&2; exit 3; }
		sleep 0.05
	done
	export GITHUB_API_URL="http://127.0.0.1:$(cat "$1.port")"
}

stop_ci_server() {
	[ -z "${ci_server:-}" ] || kill "$ci_server" 2>/dev/null || :
}

show_release() {
	dir=$1
	url=https://github.com/example/widget.git
	git init -q --bare "$dir.git"
	git -C "$dir" remote add origin "$url"
	git -C "$dir" config "url.$dir.git.insteadOf" "$url"
	cat >"$dir/CHANGELOG.md" <<'EOF'
# Changelog

All notable changes to the widget are documented in this file.

## [Unreleased]

### Changed

- The command line speaks American English now.
EOF
	git -C "$dir" add CHANGELOG.md
	git -C "$dir" commit -q -m "docs: start a changelog"
	git -C "$dir" push -q origin main --tags
	start_ci_server "$dir" "$(git -C "$dir" rev-parse HEAD)"

	version=$(rel-gitlog -q -C "$dir" | jq -r .summary.next)
	echo
	echo "== rel-check -r $version   (git state, changelog, CI on the GitHub stand-in)"
	rel-check -C "$dir" -r "$version" 2>&1 >/dev/null
	echo
	echo "== rel-gitlog | rel-changelog release -r $version -i"
	(cd "$dir" && rel-gitlog -q | rel-changelog release -q -r "$version" -i >/dev/null)
	git -C "$dir" --no-pager diff --stat
	echo
	echo "== the new entry (rel-changelog notes -r $version)"
	rel-changelog notes -r "$version" "$dir/CHANGELOG.md"
	echo
	echo "== rel-tag -r $version --push"
	rel-tag -C "$dir" -r "$version" --push --pretty 2>&1
	echo
	echo "== the remote, read back with git"
	git -C "$dir.git" for-each-ref --format='%(objecttype) %(refname) %(subject)' \
		refs/heads refs/tags/v$version
	echo "== git describe: $(git -C "$dir" describe)"
	echo "== rel-gitlog's next base: $(rel-gitlog -q -C "$dir" | jq -r .from.tag)"
}
