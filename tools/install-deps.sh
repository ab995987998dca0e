#!/bin/sh
# Install what reltools needs to build and test, on Debian 12 or later.
# Runs apt-get as root, or through sudo when not root.
set -eu
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
# The tests also drive curl, openssl, ss (iproute2), Caddy, sshd and
# PostgreSQL for real, and xmllint (libxml2-utils) reads JUnit reports.
PKGS="build-essential pkg-config git ca-certificates perl jq mandoc
      libgit2-dev libcurl4-openssl-dev libjansson-dev
      curl openssl iproute2 caddy postgresql openssh-server openssh-client
      libxml2-utils"
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
	awk '$NF != "installed" { print $1 }'; for p in $PKGS; do
	dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"; done)
[ -n "$missing" ] || exit 0
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
