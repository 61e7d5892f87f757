#!/usr/bin/env bash
# The production arrangement on one machine, then a smoke test through it:
#   PostgreSQL (a fresh database), S3 (MinIO), Elasticsearch,
#   two gunicorn processes (A and B) with the production settings, one db_worker.
# .ci/smoke/smoke.py then publishes a case with an attachment through A's admin, finds it
# through B's /api/search/ and downloads the attachment through B (a signed S3 URL).
#
#   bash .ci/smoke/run.sh            # from .ci/run, or alone (starts what is missing)
#
# Env: POSTGRES_URL (else postgres.sh is run), SMOKE_PORT_A/B (18101/18102),
#      SMOKE_DIR (/tmp/tjqms-smoke: logs, static files, pid files).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PY="$ROOT/.venv/bin/python"
SMOKE_DIR="${SMOKE_DIR:-/tmp/tjqms-smoke}"
PORT_A="${SMOKE_PORT_A:-18101}"
PORT_B="${SMOKE_PORT_B:-18102}"

log() { printf '[smoke] %s\n' "$*" >&2; }

if [ -z "${POSTGRES_URL:-}" ]; then
    eval "$(bash .ci/services/postgres.sh)"
    POSTGRES_URL="$DATABASE_URL"
fi
[ -n "${AWS_STORAGE_BUCKET_NAME:-}" ] || eval "$(bash .ci/services/s3.sh)"
[ -n "${ELASTICSEARCH_URL:-}" ] || eval "$(bash .ci/services/elasticsearch.sh)"

mkdir -p "$SMOKE_DIR"
pids=()
stop_processes() {
    # Only the processes this script started, by pid.
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_processes EXIT

# A fresh database of its own, so the smoke test never meets an earlier run's content.
SMOKE_DB_URL="$("$PY" .ci/smoke/fresh_database.py "$POSTGRES_URL" tjqms_smoke)"

export DATABASE_URL="$SMOKE_DB_URL"
export DJANGO_SETTINGS_MODULE=project.settings.production
export SECRET_KEY="smoke-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export TASKS_BACKEND=database
export SEARCH_INDEX_PREFIX="tjqms-smoke"
export AWS_S3_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_STORAGE_BUCKET_NAME AWS_S3_REGION_NAME
export ELASTICSEARCH_URL
# Media of this run under a prefix of its own in the shared bucket.
export AWS_LOCATION="smoke-$(date +%s)"
# The detailed /health/ is for operators: the smoke test reads it as a monitoring system.
export HEALTH_TOKEN="smoke-health-$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"

log "migrate, reference and demo data, static files"
"$PY" manage.py migrate --noinput >"$SMOKE_DIR/migrate.log" 2>&1 || {
    tail -n 40 "$SMOKE_DIR/migrate.log" >&2
    exit 1
}
"$PY" manage.py load_initial_data --demo >"$SMOKE_DIR/load.log" 2>&1 || {
    tail -n 40 "$SMOKE_DIR/load.log" >&2
    exit 1
}
"$PY" manage.py collectstatic --noinput >"$SMOKE_DIR/collectstatic.log" 2>&1 || {
    tail -n 40 "$SMOKE_DIR/collectstatic.log" >&2
    exit 1
}
"$PY" manage.py check --deploy --fail-level WARNING >&2
if "$PY" manage.py help search_rebuild >/dev/null 2>&1; then
    "$PY" manage.py search_rebuild --no-progress >"$SMOKE_DIR/search_rebuild.log" 2>&1 || {
        tail -n 40 "$SMOKE_DIR/search_rebuild.log" >&2
        exit 1
    }
fi

for name in A B; do
    port_var="PORT_$name"
    port="${!port_var}"
    log "gunicorn $name on 127.0.0.1:$port"
    GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=2 \
        "$ROOT/.venv/bin/gunicorn" -c ops/gunicorn.conf.py \
        >"$SMOKE_DIR/gunicorn-$name.log" 2>&1 &
    pids+=("$!")
done
log "worker (manage.py db_worker)"
"$PY" manage.py db_worker --interval 0.5 >"$SMOKE_DIR/worker.log" 2>&1 &
pids+=("$!")

for port in "$PORT_A" "$PORT_B"; do
    for _ in $(seq 1 60); do
        curl -fsS -o /dev/null 2>/dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/health/ready/" && break
        sleep 1
    done
done

status=0
"$PY" .ci/smoke/smoke.py \
    --a "http://127.0.0.1:$PORT_A" --b "http://127.0.0.1:$PORT_B" || status=$?
if [ "$status" -ne 0 ]; then
    for f in gunicorn-A gunicorn-B worker; do
        log "--- tail of $SMOKE_DIR/$f.log"
        tail -n 30 "$SMOKE_DIR/$f.log" >&2 || true
    done
fi
exit "$status"
