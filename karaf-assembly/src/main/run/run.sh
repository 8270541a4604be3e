#!/usr/bin/env bash
#
# Installs the distribution just built into STEWARD_HOME and starts it (README's run command, profile "run").
# A fresh home gets the whole archive. An existing home is upgraded in place: the platform (bin, lib, system,
# store) is replaced; etc/ and data/ are kept, and etc/ only gains files it did not have. Karaf's bundle
# cache (data/cache) is cleared so that the new bundles are the ones that run; the store's data, the logs
# and the generated secrets stay. Features installed at run time are installed again by hand.
#
set -euo pipefail
archive="$1"
home="$2"
[ -f "$archive" ] || { echo "run: $archive not found (build it first)" >&2; exit 2; }

if [ -x "$home/bin/steward" ]; then
    "$home/bin/steward" stop >/dev/null 2>&1 || true
fi
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
tar xzf "$archive" -C "$staging"
unpacked="$(find "$staging" -mindepth 1 -maxdepth 1 -type d | head -1)"

if [ -d "$home/etc" ]; then
    echo "Upgrading Steward in $home (etc/ and data/ kept)"
    for part in bin lib system store; do
        rm -rf "${home:?}/$part"
        cp -a "$unpacked/$part" "$home/$part"
    done
    cp -an "$unpacked/etc/." "$home/etc/"
    rm -rf "$home/data/cache" "$home/data/tmp"
else
    echo "Installing Steward in $home"
    mkdir -p "$(dirname "$home")"
    cp -a "$unpacked" "$home"
fi
exec "$home/bin/steward" start
