#!/usr/bin/env bash
# Stop the services started by postgres.sh, elasticsearch.sh and s3.sh.
# Only processes recorded in $CI_SERVICES_DIR are touched; data is kept
# (remove $CI_SERVICES_DIR for a clean slate). chromium.sh starts no daemon.
# Prints nothing on stdout. Exit status is non-zero if something would not stop.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

failed=0

# kill_pidfile NAME PIDFILE PATTERN: SIGTERM, wait up to 30 s, then SIGKILL.
# PATTERN must occur in the process's command line (guards against stale
# pid files whose pid was reused by an unrelated process).
kill_pidfile() {
    local name=$1 pidfile=$2 pattern=$3 pid cmd
    if ! pid="$(alive_pid "$pidfile")"; then
        log "$name: not running"
        rm -f "$pidfile"
        return 0
    fi
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    if [[ "$cmd" != *"$pattern"* ]]; then
        log "$name: stale pid file (pid $pid is '${cmd:0:80}'), not touching it"
        rm -f "$pidfile"
        return 0
    fi
    log "$name: stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name: still alive after 30s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    if kill -0 "$pid" 2>/dev/null; then
        log "$name: ERROR could not stop pid $pid"
        failed=1
    else
        rm -f "$pidfile"
        log "$name: stopped"
    fi
}

# --- postgres ---------------------------------------------------------------
PGDATA_DIR="$CI_SERVICES_DIR/pg/data"
if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
    pgbin=""
    if [ -s "$PGDATA_DIR/PG_VERSION" ]; then
        pgbin="/usr/lib/postgresql/$(cat "$PGDATA_DIR/PG_VERSION")/bin"
    fi
    if [ -x "$pgbin/pg_ctl" ] && id postgres >/dev/null 2>&1 &&
        as_user postgres "$pgbin/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1; then
        log "postgres: stopping"
        if ! as_user postgres "$pgbin/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 60 >&2; then
            log "postgres: fast shutdown failed, trying immediate"
            as_user postgres "$pgbin/pg_ctl" stop -D "$PGDATA_DIR" -m immediate -w -t 30 >&2 || {
                log "postgres: ERROR could not stop"
                failed=1
            }
        fi
    else
        # stale pid file or no pg_ctl: fall back to the pid in postmaster.pid
        head -n 1 "$PGDATA_DIR/postmaster.pid" >"$CI_SERVICES_DIR/pg/.pid.tmp"
        kill_pidfile postgres "$CI_SERVICES_DIR/pg/.pid.tmp" "$PGDATA_DIR"
    fi
else
    log "postgres: not running"
fi

# --- elasticsearch ------------------------------------------------------------
kill_pidfile elasticsearch "$CI_SERVICES_DIR/es/es.pid" org.elasticsearch

# --- s3 (minio) ---------------------------------------------------------------
kill_pidfile s3 "$CI_SERVICES_DIR/s3/minio.pid" "$CI_SERVICES_DIR/s3/data"
kill_pidfile redis "$CI_SERVICES_DIR/redis/redis.pid" redis-server

if [ "$failed" -ne 0 ]; then
    die "some services could not be stopped"
fi
log "all stopped"
