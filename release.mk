# release.mk: release recipes over reltools, for any project's Makefile.
#
#	include /usr/local/share/reltools/release.mk
#
#	make release-check   VERSION=1.2.0   may we release? (rel-check)
#	make release         VERSION=1.2.0   check, changelog, confirm, tag, push
#	make release-dry-run VERSION=1.2.0   the same, changing nothing
#	make release-finish  VERSION=1.2.0   after a release stopped in
#	                                     rel-tag: commit, tag, push (and
#	                                     publish) the rest
#	make release-retract VERSION=1.2.0   confirm, then delete the GitHub
#	                                     release, the remote tag and the
#	                                     local tag (rel-tag --retract)
#
# PUBLISH=1 makes release and release-finish publish the GitHub release
# of the tag after the push (rel-tag --publish), with the files ASSETS
# lists (words; no globbing here: let the Makefile's $(wildcard) do it).
#
# VERSION=auto (not for release-finish) is the next version the commits
# call for, as rel-gitlog --next gives it; none stops the recipe.
#
# The project's default goal stays its own, wherever the include stands.
#
# Variables: RELTOOLS_BIN (the tools; default the bin/ next to this file's
# share/), REMOTE, BRANCH, CHANGELOG, TAG_PREFIX, PACKAGE_DIR (one package
# of a monorepo: only the commits touching it, rel-gitlog --path),
# RELEASE_CHECK_FLAGS (e.g. --no-ci, --ci-wait 600), YES=1 (no
# confirmation prompt), PUBLISH, ASSETS.
#
# The recipes are POSIX sh (dash on Debian). Values reach them through
# the environment, never pasted into the command text; the prompt reads a
# whole line from /dev/tty, and a refusal or a missing terminal stops
# with a non-zero status. No commit or tag made here tells CI to skip
# anything: the forge's workflows must run on the release and its tag.

# The including project's default goal is kept: included first, these
# recipes must not become what a plain "make" runs.
RELTOOLS_SAVED_GOAL := $(.DEFAULT_GOAL)
RELTOOLS_MK_DIR := $(dir $(lastword $(MAKEFILE_LIST)))
RELTOOLS_BIN ?= $(abspath $(RELTOOLS_MK_DIR)../../bin)
REMOTE ?= origin
BRANCH ?= main
CHANGELOG ?= CHANGELOG.md
TAG_PREFIX ?= v
PACKAGE_DIR ?=
RELEASE_CHECK_FLAGS ?=
YES ?=
PUBLISH ?=
ASSETS ?=

RELEASE_TARGETS = release-check release release-dry-run release-finish \
	release-retract
# A value typed on the command line or in the environment is taken as
# typed: make must not read a '$' in it (1.0.0$(x) would become 1.0.0).
rel_typed = $(if $(filter command line environment,$(origin $1)),$(value $1),$($1))
$(RELEASE_TARGETS): export REL_VERSION = $(call rel_typed,VERSION)
$(RELEASE_TARGETS): export REL_BIN = $(call rel_typed,RELTOOLS_BIN)
$(RELEASE_TARGETS): export REL_REMOTE = $(call rel_typed,REMOTE)
$(RELEASE_TARGETS): export REL_BRANCH = $(call rel_typed,BRANCH)
$(RELEASE_TARGETS): export REL_CHANGELOG = $(call rel_typed,CHANGELOG)
$(RELEASE_TARGETS): export REL_TAG_PREFIX = $(call rel_typed,TAG_PREFIX)
$(RELEASE_TARGETS): export REL_PACKAGE_DIR = $(call rel_typed,PACKAGE_DIR)
$(RELEASE_TARGETS): export REL_CHECK_FLAGS = $(call rel_typed,RELEASE_CHECK_FLAGS)
$(RELEASE_TARGETS): export REL_YES = $(call rel_typed,YES)
$(RELEASE_TARGETS): export REL_PUBLISH = $(call rel_typed,PUBLISH)
$(RELEASE_TARGETS): export REL_ASSETS = $(call rel_typed,ASSETS)

# Shell fragments shared by the recipes ($@ is the target's name).
REL_NEED_VERSION = [ -n "$$REL_VERSION" ] || { \
	echo "$@: say which version: make $@ VERSION=X.Y.Z" \
		"(or VERSION=auto)" >&2; exit 2; }
# VERSION=auto: the version rel-gitlog --next gives (its line on stderr
# says how it was reached); it exits 1 when no commit calls for one.
REL_AUTO_VERSION = if [ "$$REL_VERSION" = auto ]; then \
	REL_VERSION=$$("$$REL_BIN/rel-gitlog" --next \
		--tag-prefix "$$REL_TAG_PREFIX" \
		$${REL_PACKAGE_DIR:+--path "$$REL_PACKAGE_DIR"}) || exit $$?; \
	fi
# REL_CHECK_FLAGS is split into words on purpose (set -f: no globbing).
# REL_VERSION becomes the version as rel-check read it ("v1.2.0" is
# 1.2.0): the tools decide what a version is, the recipes do not.
REL_CHECK = checked=$$("$$REL_BIN/rel-check" -r "$$REL_VERSION" \
	--remote "$$REL_REMOTE" --branch "$$REL_BRANCH" \
	--changelog "$$REL_CHANGELOG" --tag-prefix "$$REL_TAG_PREFIX" \
	$${REL_PACKAGE_DIR:+--path "$$REL_PACKAGE_DIR"} \
	$$REL_CHECK_FLAGS); \
	REL_VERSION=$$(printf '%s\n' "$$checked" | \
		sed -n 's/.*"version": *"\([0-9A-Za-z.+-]*\)".*/\1/p')
# rel-gitlog's document goes through a file, not a pipe: a failing
# rel-gitlog must stop the release (sh has no pipefail).
REL_GITLOG = log=$$(mktemp) && trap 'rm -f "$$log" "$$log.new"' EXIT && \
	"$$REL_BIN/rel-gitlog" --tag-prefix "$$REL_TAG_PREFIX" \
	$${REL_PACKAGE_DIR:+--path "$$REL_PACKAGE_DIR"} >"$$log"

# With PUBLISH, rel-tag's arguments end with --publish and an --asset for
# each word of ASSETS (set -f: no globbing), in "$$@".
REL_TAG = set --; case "$$REL_PUBLISH" in ""|0|no) ;; *) set -- --publish; \
	for a in $$REL_ASSETS; do set -- "$$@" --asset "$$a"; done ;; esac; \
	"$$REL_BIN/rel-tag" -r "$$REL_VERSION" --file "$$REL_CHANGELOG" \
	--remote "$$REL_REMOTE" --tag-prefix "$$REL_TAG_PREFIX" --push "$$@"
# REL_CONFIRM: ask "$$question [y/N]" on the terminal unless YES; stop
# with status 1 and "$@: not confirmed" otherwise.
REL_CONFIRM = case "$$REL_YES" in \
	""|0|no) \
		if [ -t 0 ] && { : </dev/tty; } 2>/dev/null; then \
			printf '%s [y/N] ' "$$question" >/dev/tty; \
			answer=; read -r answer </dev/tty || answer=; \
		else \
			echo "$@: no terminal to confirm on: run with YES=1" >&2; \
			answer=; \
		fi; \
		case "$$answer" in \
		y|Y|yes|YES|Yes) ;; \
		*) echo "$@: not confirmed: nothing was changed" >&2; \
			exit 1 ;; \
		esac ;; \
	esac

release-check:
	@set -euf; $(REL_NEED_VERSION); $(REL_AUTO_VERSION); $(REL_CHECK)

# The new changelog is shown as a diff and written only once confirmed,
# with the date fixed before the question, so a refusal changes nothing.
release:
	@set -euf; $(REL_NEED_VERSION); how=; \
	[ "$$REL_VERSION" != auto ] || how=' (VERSION=auto)'; \
	$(REL_AUTO_VERSION); $(REL_CHECK); $(REL_GITLOG); \
	today=$$(date -u +%Y-%m-%d); \
	"$$REL_BIN/rel-changelog" release -r "$$REL_VERSION" --date "$$today" \
		--tag-prefix "$$REL_TAG_PREFIX" --gitlog "$$log" \
		"$$REL_CHANGELOG" >"$$log.new"; \
	diff -u -L "a/$$REL_CHANGELOG" -L "b/$$REL_CHANGELOG" \
		"$$REL_CHANGELOG" "$$log.new" || [ $$? -eq 1 ]; \
	pub=; case "$$REL_PUBLISH" in ""|0|no) ;; \
	*) pub=', then publish the GitHub release' ;; esac; \
	question=$$(printf 'release: commit, tag %s%s%s and push to %s%s?' \
		"$$REL_TAG_PREFIX" "$$REL_VERSION" "$$how" "$$REL_REMOTE" \
		"$$pub"); \
	$(REL_CONFIRM); \
	"$$REL_BIN/rel-changelog" release -r "$$REL_VERSION" --date "$$today" \
		--tag-prefix "$$REL_TAG_PREFIX" --gitlog "$$log" -i \
		"$$REL_CHANGELOG" >/dev/null; \
	$(REL_TAG) >/dev/null || { status=$$?; \
		echo "release: stopped after $$REL_CHANGELOG was released:" \
			"once the cause is fixed, finish with" \
			"make release-finish VERSION=$$REL_VERSION" \
			"(and this run's other variables)" >&2; \
		exit $$status; }

# rel-tag finds what is done and does the rest; rel-check would refuse
# now that the changelog is released (and maybe the tag made).
release-finish:
	@set -euf; $(REL_NEED_VERSION); [ "$$REL_VERSION" != auto ] || { \
		echo "$@: VERSION=auto starts a release: give the version" \
			"the release stopped at" >&2; exit 2; }; \
	$(REL_TAG) >/dev/null

# rel-tag's own plan would be made before the changelog is released,
# without the release commit and its push: the plan is told here, after
# rel-check passed (a clean tree, in sync, no tag yet), and rel-tag
# --dry-run only refuses what it would refuse, the notes read from the
# changelog as it would be.
release-dry-run:
	@set -euf; $(REL_NEED_VERSION); $(REL_AUTO_VERSION); $(REL_CHECK); \
	$(REL_GITLOG); \
	"$$REL_BIN/rel-changelog" release -r "$$REL_VERSION" \
		--tag-prefix "$$REL_TAG_PREFIX" --gitlog "$$log" \
		"$$REL_CHANGELOG" >"$$log.new"; \
	$(REL_TAG) --dry-run -q --notes "$$log.new" >/dev/null; \
	tag=$$REL_TAG_PREFIX$$REL_VERSION; \
	echo "release-dry-run: the new entry of $$REL_CHANGELOG:"; \
	"$$REL_BIN/rel-changelog" notes -r "$$REL_VERSION" "$$log.new"; \
	echo "release-dry-run: then:"; \
	echo "  commit $$REL_CHANGELOG as 'release: $$tag'"; \
	echo "  create the annotated tag '$$tag' with the release notes"; \
	echo "  push 'refs/heads/$$REL_BRANCH' and 'refs/tags/$$tag'" \
		"to '$$REL_REMOTE'"; \
	case "$$REL_PUBLISH" in ""|0|no) ;; *) \
	echo "  publish the GitHub release of '$$tag'" \
		"$${REL_ASSETS:+with $$REL_ASSETS and SHA256SUMS}" ;; esac

# The tag must be on the release commit rel-tag made; the branch and
# that commit stay.
release-retract:
	@set -euf; $(REL_NEED_VERSION); [ "$$REL_VERSION" != auto ] || { \
		echo "$@: VERSION=auto starts a release: give the version" \
			"to take back" >&2; exit 2; }; \
	"$$REL_BIN/rel-tag" -r "$$REL_VERSION" --remote "$$REL_REMOTE" \
		--tag-prefix "$$REL_TAG_PREFIX" --retract --dry-run -q >/dev/null; \
	question=$$(printf 'release-retract: delete the GitHub release of %s%s, then the tag on %s and here?' \
		"$$REL_TAG_PREFIX" "$$REL_VERSION" "$$REL_REMOTE"); \
	$(REL_CONFIRM); \
	"$$REL_BIN/rel-tag" -r "$$REL_VERSION" --remote "$$REL_REMOTE" \
		--tag-prefix "$$REL_TAG_PREFIX" --retract >/dev/null

.PHONY: $(RELEASE_TARGETS)
.DEFAULT_GOAL := $(RELTOOLS_SAVED_GOAL)
