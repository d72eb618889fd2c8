#!/usr/bin/env bash
# Installs the real AI agents that the integration tests run, at pinned versions, from the npm
# registry into a cache outside the repository. Idempotent: an install whose stamp file exists is
# not downloaded again. Prints one line per executable:
#   claude=/path/to/bin/claude.exe         (claude-code 2.x: a Bun binary, BoringSSL inside)
#   codex=/path/to/bin/codex               (the node launcher)
#   codex-native=/path/to/vendor/.../codex (the Rust binary the launcher runs, rustls inside)
#   claude-node=/path/to/cli.js            (the last claude-code that is a node script)
#   gemini=/path/to/bundle/gemini.js       (gemini-cli, a node script)
#   node=/usr/bin/node                     (the node those two run on, symlinks resolved)
# claude-node and gemini run on that node, so their TLS goes through node's OpenSSL.
#
# Environment:
#   TYR_AGENT_CACHE  where installs go (default /var/cache/tyr-test/agents)
set -euo pipefail

# The versions the tests were written and checked against: bump here, in one place.
CLAUDE_CODE_VERSION="2.1.330"
CODEX_VERSION="0.169.0"
# 2.1.112 is the last claude-code whose package is cli.js for node; 2.1.113 on ship bin/claude.exe.
CLAUDE_CODE_NODE_VERSION="2.1.112"
GEMINI_CLI_VERSION="0.61.0"

CACHE="${TYR_AGENT_CACHE:-/var/cache/tyr-test/agents}"

log() { echo "install-agents: $*" >&2; }

ensure_node() {
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        return
    fi
    log "node/npm missing: installing Debian's nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y nodejs npm >&2
}

# install_package NAME VERSION DIR: npm install -g --prefix DIR NAME@VERSION unless DIR's stamp
# says that exact version is already there. Installs into a scratch directory first and renames
# it into place, so an interrupted download never leaves a half-installed cache entry behind.
install_package() {
    local name="$1" version="$2" dir="$3"
    local stamp="$dir/.tyr-installed"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$name@$version" ]]; then
        log "$name@$version already in $dir"
        return
    fi
    ensure_node
    mkdir -p "$(dirname "$dir")"
    local scratch
    scratch="$(mktemp -d "$dir.partial.XXXXXX")"
    chmod 755 "$scratch"
    log "installing $name@$version into $dir"
    # --foreground-scripts keeps postinstall output (claude-code's binary placement) visible on failure.
    if ! npm install -g --prefix "$scratch" --no-audit --no-fund --foreground-scripts "$name@$version" >&2; then
        rm -rf "$scratch"
        log "npm install of $name@$version failed"
        exit 1
    fi
    finish_install "$name" "$scratch"
    echo "$name@$version" >"$scratch/.tyr-installed"
    rm -rf "$dir"
    mv "$scratch" "$dir"
}

# claude-code's postinstall copies the native binary over a placeholder bin/claude.exe. An npm
# that skips install scripts would leave the placeholder: run the postinstall ourselves then.
# Releases that are cli.js for node have no bin/claude.exe and nothing to finish.
finish_install() {
    local name="$1" prefix="$2"
    local package="$prefix/lib/node_modules/$name"
    if [[ "$name" != "@anthropic-ai/claude-code" || -f "$package/cli.js" ]]; then
        return
    fi
    if ! is_elf "$package/bin/claude.exe"; then
        log "claude.exe is still the placeholder: running its postinstall"
        (cd "$package" && node install.cjs) >&2
    fi
    if ! is_elf "$package/bin/claude.exe"; then
        log "claude.exe is not a native binary after postinstall"
        exit 1
    fi
}

is_elf() { [[ -f "$1" ]] && [[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" == '177ELF' ]]; }

mkdir -p "$CACHE"
# Two test runs at once (two checkouts, or CI beside a developer) must not replace a directory
# the other is reading: installs are serialised on a lock in the cache.
exec 9>"$CACHE/.lock"
flock 9

CLAUDE_DIR="$CACHE/claude-code-$CLAUDE_CODE_VERSION"
CODEX_DIR="$CACHE/codex-$CODEX_VERSION"
CLAUDE_NODE_DIR="$CACHE/claude-code-node-$CLAUDE_CODE_NODE_VERSION"
GEMINI_DIR="$CACHE/gemini-cli-$GEMINI_CLI_VERSION"

install_package "@anthropic-ai/claude-code" "$CLAUDE_CODE_VERSION" "$CLAUDE_DIR"
install_package "@openai/codex" "$CODEX_VERSION" "$CODEX_DIR"
install_package "@anthropic-ai/claude-code" "$CLAUDE_CODE_NODE_VERSION" "$CLAUDE_NODE_DIR"
install_package "@google/gemini-cli" "$GEMINI_CLI_VERSION" "$GEMINI_DIR"

claude="$CLAUDE_DIR/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe"
codex="$CODEX_DIR/lib/node_modules/@openai/codex/bin/codex.js"
claude_node="$CLAUDE_NODE_DIR/lib/node_modules/@anthropic-ai/claude-code/cli.js"
gemini="$GEMINI_DIR/lib/node_modules/@google/gemini-cli/bundle/gemini.js"
# The launcher finds the platform package's vendored binary; locate it the same way, by file.
codex_native="$(find "$CODEX_DIR/lib/node_modules" -type f -path '*/vendor/*/codex/codex' 2>/dev/null | head -n 1 || true)"
if [[ -z "$codex_native" ]]; then
    codex_native="$(find "$CODEX_DIR/lib/node_modules" -type f -path '*/vendor/*/bin/codex' 2>/dev/null | head -n 1 || true)"
fi

for path in "$claude" "$codex" "$codex_native" "$claude_node" "$gemini"; do
    if [[ -z "$path" || ! -x "$path" ]]; then
        log "expected executable missing: '${path}'"
        exit 1
    fi
done

echo "claude=$claude"
echo "codex=$codex"
echo "codex-native=$codex_native"
echo "claude-node=$claude_node"
echo "gemini=$gemini"
# What their "#!/usr/bin/env node" runs; ensure_node has made sure there is one.
ensure_node
echo "node=$(readlink -f "$(command -v node)")"
