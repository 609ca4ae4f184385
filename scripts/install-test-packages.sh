#!/usr/bin/env bash
# Installs the Debian packages the tests need (scripts/test-packages.txt) when some are missing,
# then fetches the .debs the shipped https-nginx profile pins (scripts/fetch-stack-debs.mjs)
# (`npm run test:setup`, the first half of the README's test command). As root it runs apt-get;
# otherwise it prints the one command to run and exits 1, so the test command stops before tests
# that would fail for want of a tool. Nothing to do: it says so and exits 0.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/test-packages.txt"
say() { printf 'test-setup: %s\n' "$*" >&2; }
# The .deb files the shipped https-nginx profile was measured from: the tests that check its
# figures against readelf read them (scripts/fetch-stack-debs.mjs verifies each one's SHA256).
fetch_profile_debs() { node "$here/fetch-stack-debs.mjs" "$here/../stacks/debian-12-amd64/https-nginx.json"; }

command -v dpkg-query >/dev/null 2>&1 || { say "dpkg-query not found: the tests need Debian 12 (the packages are in $list)"; exit 1; }

mapfile -t packages < <(sed 's/#.*//' "$list" | awk 'NF { print $1 }')
# One dpkg-query for all: packages it does not know are missing too (it prints nothing for them).
mapfile -t installed < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null |
  awk '$2 == "installed" { print $1 }')
missing=()
for p in "${packages[@]}"; do
  [[ " ${installed[*]} " == *" $p "* ]] || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  say "all ${#packages[@]} Debian packages the tests need are installed"
  fetch_profile_debs
  exit 0
fi

say "missing ${#missing[@]} of ${#packages[@]} Debian packages: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  say "not root; install them with:"
  printf 'sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' "${missing[*]}"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
say "installed ${missing[*]}"
fetch_profile_debs
