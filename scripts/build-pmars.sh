#!/usr/bin/env bash
# Build the reference simulator, pMARS 0.9.2 without display, from Debian's
# source package, into .tools/pmars/pmars (git-ignored).  The differential
# tests compare redqueen with this binary.  Debian's binary package needs an
# X display, so it cannot be used.  Safe to run again: it does nothing when
# the binary is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.tools/pmars"
[ -x "$dest/pmars" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/ \
   && ! grep -rqs "Types:.*deb-src" /etc/apt/sources.list.d/; then
  # Match the signing key of the distribution's own sources so apt accepts both.
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | $sudo tee /etc/apt/sources.list.d/redqueen-src.sources >/dev/null
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq dpkg-dev make gcc >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source -qq pmars >/dev/null 2>&1)
src="$(ls -d "$work"/pmars-*/src)"
make -s -C "$src" CFLAGS="-O2 -DEXT94 -DSERVER -DPERMUTATE" LIB="" >/dev/null 2>&1
mkdir -p "$dest"
cp "$src/pmars" "$dest/pmars"
cp "$src/../doc/redcode.ref" "$dest/" 2>/dev/null || true
echo "built $dest/pmars"
