#!/usr/bin/env bash
# Start a private PostgreSQL cluster for tests/CI.
#
#   eval "$(bash .ci/services/postgres.sh)"   # -> DATABASE_URL
#
# * Uses Debian's `postgresql` package (installed via apt if missing) and calls
#   the binaries in /usr/lib/postgresql/<ver>/bin explicitly (a /usr/local/bin
#   pg_ctl may exist and be something else).
# * Cluster: $CI_SERVICES_DIR/pg/data, owned by the `postgres` OS user,
#   UTF8 / C.UTF-8, listening on 127.0.0.1:${PGPORT:-54329} only, unix socket in
#   the data dir. Durability is switched off (fsync etc.): throwaway test data.
# * Role `tjqms` (password `tjqms`, CREATEDB so Django can create test DBs)
#   owns database `tjqms`.
# Env: PGPORT, PG_VERSION (force a major version), CI_SERVICES_DIR.
# Stop with .ci/services/stop-all.sh.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

PGPORT="${PGPORT:-54329}"
PG_DB_USER=tjqms
PG_DB_PASSWORD=tjqms
PG_DB_NAME=tjqms
PG_OS_USER=postgres
PG_ROOT="$CI_SERVICES_DIR/pg"
PGDATA_DIR="$PG_ROOT/data"
PG_LOG="$PG_ROOT/postgres.log"

find_pg_bindir() {
    local d
    if [ -n "${PG_VERSION:-}" ]; then
        d="/usr/lib/postgresql/$PG_VERSION/bin"
        [ -x "$d/pg_ctl" ] && echo "$d"
        return 0
    fi
    # newest installed major version
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -n -r); do
        if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then
            echo "$d"
            return 0
        fi
    done
}

PGBIN="$(find_pg_bindir)"
if [ -z "$PGBIN" ]; then
    apt_install postgresql
    PGBIN="$(find_pg_bindir)"
    [ -n "$PGBIN" ] || die "postgresql installed but no /usr/lib/postgresql/*/bin/pg_ctl found"
fi
id "$PG_OS_USER" >/dev/null 2>&1 || die "OS user '$PG_OS_USER' does not exist (should come with the postgresql package)"
log "using $PGBIN ($("$PGBIN/postgres" --version))"

pg() { as_user "$PG_OS_USER" "$PGBIN/$@"; }
psql_admin() {
    # superuser over the unix socket in the data dir (trust auth for local)
    pg psql -X -q -v ON_ERROR_STOP=1 -h "$PGDATA_DIR" -p "$PGPORT" -U postgres -d postgres "$@"
}

mkdir -p "$PG_ROOT"
if is_root; then chown "$PG_OS_USER": "$PG_ROOT"; fi
check_user_can_reach "$PG_OS_USER" "$PG_ROOT"

# --- initdb (once) ---------------------------------------------------------
if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
    [ -d "$PGDATA_DIR" ] && [ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ] &&
        die "$PGDATA_DIR exists, is not empty and is not a cluster; remove it"
    log "initdb into $PGDATA_DIR"
    pwfile="$(mktemp)"
    trap 'rm -f "$pwfile"' EXIT
    echo postgres >"$pwfile"
    if is_root; then chown "$PG_OS_USER" "$pwfile"; fi
    pg initdb -D "$PGDATA_DIR" -U postgres --pwfile="$pwfile" \
        --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >&2 ||
        die "initdb failed"
    rm -f "$pwfile"
fi
installed_major="$(cat "$PGDATA_DIR/PG_VERSION")"
bin_major="$("$PGBIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
[ "$installed_major" = "$bin_major" ] ||
    die "cluster in $PGDATA_DIR is PostgreSQL $installed_major but binaries are $bin_major; set PG_VERSION=$installed_major or remove $PGDATA_DIR"

# --- start (unless running) ------------------------------------------------
if pg pg_ctl status -D "$PGDATA_DIR" >/dev/null 2>&1; then
    running_port="$(sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
    [ "$running_port" = "$PGPORT" ] ||
        die "cluster $PGDATA_DIR is already running on port ${running_port:-?}, not $PGPORT; run stop-all.sh first"
    log "cluster already running ($PGDATA_DIR)"
else
    if port_listening "$PGPORT"; then
        die "127.0.0.1:$PGPORT is already in use by another process; set PGPORT"
    fi
    log "starting postgres on 127.0.0.1:$PGPORT (log: $PG_LOG)"
    touch "$PG_LOG"
    if is_root; then chown "$PG_OS_USER" "$PG_LOG"; fi
    if ! pg pg_ctl start -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 -o "\
-c listen_addresses=127.0.0.1 -p $PGPORT \
-c unix_socket_directories='$PGDATA_DIR' \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c max_connections=200" >&2; then
        tail -n 30 "$PG_LOG" >&2 || true
        die "pg_ctl start failed (see $PG_LOG)"
    fi
fi

# wait until ready on TCP
for _ in $(seq 1 60); do
    if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -d postgres; then break; fi
    sleep 0.5
done
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -d postgres ||
    die "postgres not accepting connections on 127.0.0.1:$PGPORT (see $PG_LOG)"

# --- role + database (idempotent, cheap) -----------------------------------
psql_admin <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_DB_USER') THEN
    CREATE ROLE $PG_DB_USER LOGIN;
  END IF;
END
\$\$;
ALTER ROLE $PG_DB_USER WITH LOGIN CREATEDB PASSWORD '$PG_DB_PASSWORD';
SQL
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB_NAME'")" != 1 ]; then
    log "creating database $PG_DB_NAME"
    psql_admin -c "CREATE DATABASE $PG_DB_NAME OWNER $PG_DB_USER ENCODING 'UTF8' TEMPLATE template0"
fi

DATABASE_URL="postgres://$PG_DB_USER:$PG_DB_PASSWORD@127.0.0.1:$PGPORT/$PG_DB_NAME"
# sanity check: connect as the app role over TCP with the password
PGPASSWORD="$PG_DB_PASSWORD" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -tAc 'SELECT 1' >/dev/null ||
    die "cannot connect as $PG_DB_USER to $DATABASE_URL"
log "ready: $DATABASE_URL"

emit DATABASE_URL "$DATABASE_URL"
