#!/usr/bin/env bash
# Install size of the packed library, as a user gets it: `npm pack`, then `npm install <tarball>` into an
# empty folder, then `du` of its node_modules. Two installs per version:
#   library:    the tfjs-tune tarball alone (npm installs no optional peer dependency)
#   everything: the library + the tfjs-tune-kernel tarball (when the version has one) + better-sqlite3 + pg
# Usage: scripts/install-size.sh [commit]   (no commit: the working tree, which must be built: npm run build)
# An older commit is checked out with `git worktree add`, built with this checkout's node_modules, packed,
# and removed again. Installs run with --ignore-scripts (no native builds: the machine has no internet
# for prebuilt binaries), so the compiled outputs of better-sqlite3 and zeromq are printed separately,
# from this checkout's node_modules. The consumer pins @uwdata/flechette 2.6.0 (arquero's newer
# flechette needs a package that is not published; the library itself does the same in its own deps).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d /tmp/install-size.XXXXXX)
commit=${1:-}
src=$root
cleanup() {
  if [ -n "$commit" ]; then git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$commit" ]; then
  git -C "$root" worktree add --detach "$work/src" "$commit" >/dev/null
  src=$work/src
  ln -s "$root/node_modules" "$src/node_modules"
  (cd "$src" && node node_modules/typescript/bin/tsc -p tsconfig.build.json)
  if [ -f "$src/packages/kernel/tsconfig.build.json" ]; then (cd "$src" && node node_modules/typescript/bin/tsc -p packages/kernel/tsconfig.build.json); fi
fi

mkdir -p "$work/tgz"
(cd "$src" && npm pack --ignore-scripts --silent --pack-destination "$work/tgz" >/dev/null)
if [ -f "$src/packages/kernel/package.json" ]; then (cd "$src/packages/kernel" && npm pack --ignore-scripts --silent --pack-destination "$work/tgz" >/dev/null); fi
lib=$(ls "$work"/tgz/tfjs-tune-[0-9]*.tgz)
kernel=$(ls "$work"/tgz/tfjs-tune-kernel-*.tgz 2>/dev/null || true)

consumer() {
  mkdir -p "$1"
  printf '{ "name": "consumer", "private": true, "overrides": { "@uwdata/flechette": "2.6.0" } }\n' >"$1/package.json"
}
install() { (cd "$1" && shift && npm install --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error "$@" >/dev/null); }
report() {
  local dir=$1 label=$2
  echo "$label: $(du -sh "$dir/node_modules" | cut -f1) in node_modules ($(find "$dir/node_modules" -name package.json -path '*node_modules/*/package.json' -not -path '*/node_modules/*/node_modules/*/*/*' | wc -l) package.json files)"
  echo "  largest top-level packages (MB):"
  # one du per package (du counts a directory once, so a scope folder would hide its packages)
  (cd "$dir/node_modules" && for p in [!@.]* @*/*; do [ -d "$p" ] && du -sm -- "$p"; done | sort -rn | head -10 | sed 's/^/    /')
  for p in tslab zeromq better-sqlite3 pg @tensorflow/tfjs @tensorflow/tfjs-data @tensorflow/tfjs-converter; do
    [ -d "$dir/node_modules/$p" ] && printf '  has %s\n' "$p"
  done
  return 0
}

echo "version: ${commit:-working tree} ($(cd "$src" && git rev-parse --short HEAD))"
echo "tarballs: $(cd "$work/tgz" && ls -s --block-size=K ./*.tgz | tr '\n' ' ')"
consumer "$work/lib"
install "$work/lib" "$lib"
report "$work/lib" "library"
consumer "$work/all"
install "$work/all" "$lib" ${kernel:+"$kernel"} better-sqlite3 pg
report "$work/all" "everything"
for p in better-sqlite3 zeromq; do
  [ -d "$root/node_modules/$p/build" ] && echo "native build output not counted above: $p/build $(du -sh "$root/node_modules/$p/build" | cut -f1)"
done
exit 0
