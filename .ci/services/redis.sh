#!/usr/bin/env bash
# Start a private Redis for tests/CI (the page cache's production backend).
#
#   eval "$(bash .ci/services/redis.sh)"   # -> REDIS_URL
#
# * Uses Debian's `redis-server` package (installed via apt if missing).
# * Listens on 127.0.0.1:${REDIS_PORT:-16379} only, no persistence, data and log in
#   $CI_SERVICES_DIR/redis, pid file there for stop-all.sh.
# Env: REDIS_PORT, CI_SERVICES_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

REDIS_PORT="${REDIS_PORT:-16379}"
REDIS_ROOT="$CI_SERVICES_DIR/redis"
REDIS_PIDFILE="$REDIS_ROOT/redis.pid"
REDIS_LOG="$REDIS_ROOT/redis.log"

command -v redis-server >/dev/null || apt_install redis-server
mkdir -p "$REDIS_ROOT"

ping() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

if ! ping; then
    log "starting redis-server on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
        --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" --dir "$REDIS_ROOT" \
        --save "" --appendonly no --protected-mode yes >&2
    for _ in $(seq 1 40); do
        ping && break
        sleep 0.25
    done
    ping || die "redis-server did not answer on 127.0.0.1:$REDIS_PORT (see $REDIS_LOG)"
else
    log "already running on 127.0.0.1:$REDIS_PORT"
fi

emit REDIS_URL "redis://127.0.0.1:$REDIS_PORT/0"
