# shellcheck shell=bash
# Shared helpers for the .ci/services/*.sh scripts. Sourced, not executed.
#
# Conventions for every service script:
#   * progress/diagnostics go to stderr; stdout carries ONLY `export NAME=value`
#     lines, so callers can do:  eval "$(bash .ci/services/postgres.sh)"
#   * state/data/logs live under  $CI_SERVICES_DIR (default /tmp/tjqms-services)
#   * downloads/build artifacts under $CI_CACHE_DIR (default ~/.cache/tjqms-ci)
#   * every service binds to 127.0.0.1 only
#   * idempotent: a second run reuses what is installed / already running.

set -Eeuo pipefail

CI_SERVICES_DIR="${CI_SERVICES_DIR:-/tmp/tjqms-services}"
CI_CACHE_DIR="${CI_CACHE_DIR:-$HOME/.cache/tjqms-ci}"
export CI_SERVICES_DIR CI_CACHE_DIR

_SERVICE_NAME="$(basename "${BASH_SOURCE[1]:-$0}" .sh)"

log() { printf '[%s] %s\n' "$_SERVICE_NAME" "$*" >&2; }
die() {
    printf '[%s] ERROR: %s\n' "$_SERVICE_NAME" "$*" >&2
    exit 1
}
_on_err() {
    local rc=$? line=${1:-?}
    printf '[%s] ERROR: command failed (exit %s) at line %s: %s\n' \
        "$_SERVICE_NAME" "$rc" "$line" "${BASH_COMMAND}" >&2
    exit "$rc"
}
trap '_on_err $LINENO' ERR

# Print an export line (value shell-quoted when needed) on stdout.
emit() {
    printf 'export %s=%q\n' "$1" "$2"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# apt-get install, running `apt-get update` once if the first attempt fails
# (e.g. empty package lists on a fresh CI image).
apt_install() {
    is_root || die "need root to apt-get install $*"
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get install -y $*"
    if ! apt-get install -y --no-install-recommends "$@" >&2; then
        log "apt-get install failed; running apt-get update and retrying"
        apt-get update >&2 || die "apt-get update failed"
        apt-get install -y --no-install-recommends "$@" >&2 || die "apt-get install $* failed"
    fi
}

# Run a command as another (system) user; no-op wrapper if we already are it.
as_user() {
    local user=$1
    shift
    if [ "$(id -un)" = "$user" ]; then
        "$@"
    else
        is_root || die "need root to run commands as user '$user'"
        runuser -u "$user" -- "$@"
    fi
}

# True if something listens on 127.0.0.1:$1 (TCP).
port_listening() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid from a pidfile if that process is alive, else empty (returns 1).
alive_pid() {
    local f=$1 pid
    [ -s "$f" ] || return 1
    pid=$(tr -dc '0-9' <"$f")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# Ensure a dir (and its parents) is reachable by a given user.
check_user_can_reach() {
    local user=$1 dir=$2
    if is_root && [ "$(id -un)" != "$user" ]; then
        runuser -u "$user" -- test -x "$dir" -a -r "$dir" ||
            die "user '$user' cannot access $dir (check permissions of its parent dirs, or set CI_SERVICES_DIR elsewhere)"
    fi
}
