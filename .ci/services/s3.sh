#!/usr/bin/env bash
# Start a real S3-compatible server (MinIO, built from source) for tests/CI.
#
#   eval "$(bash .ci/services/s3.sh)"
#   # -> AWS_S3_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
#   #    AWS_STORAGE_BUCKET_NAME AWS_S3_REGION_NAME
#
# * MinIO is built once with `go install github.com/minio/minio@$MINIO_VERSION`
#   into $CI_CACHE_DIR/minio/$MINIO_VERSION/ (first build ~6 min on 2 cores with
#   Go 1.26; reruns reuse the binary). The pinned pseudo-version is the newest
#   commit the Go module proxy served when this was written (upstream MinIO
#   publishes source only; RELEASE.* tags are not Go-module versions).
# * Listens on 127.0.0.1:${S3_PORT:-19000} (web console on
#   127.0.0.1:${S3_CONSOLE_PORT:-19001}), data in $CI_SERVICES_DIR/s3/data.
#   (MinIO by design also listens on the other loopback address, [::1]:$S3_PORT;
#   still loopback-only.)
# * Creates bucket `tjqms-media` with boto3 (project .venv if it has boto3,
#   else python3 if it has it, else a private venv in $CI_CACHE_DIR), with a
#   put/get/delete round-trip as a smoke test.
# Env: MINIO_VERSION, S3_PORT, S3_CONSOLE_PORT, CI_SERVICES_DIR, CI_CACHE_DIR.
# Stop with .ci/services/stop-all.sh.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
S3_PORT="${S3_PORT:-19000}"
S3_CONSOLE_PORT="${S3_CONSOLE_PORT:-$((S3_PORT + 1))}"
S3_ACCESS_KEY=tjqmsminio
S3_SECRET_KEY=tjqmsminio-secret
S3_BUCKET=tjqms-media
S3_REGION=us-east-1
S3_URL="http://127.0.0.1:$S3_PORT"

MINIO_BIN_DIR="$CI_CACHE_DIR/minio/$MINIO_VERSION"
MINIO_BIN="$MINIO_BIN_DIR/minio"
S3_ROOT="$CI_SERVICES_DIR/s3"
S3_DATA="$S3_ROOT/data"
S3_PIDFILE="$S3_ROOT/minio.pid"
S3_LOG="$S3_ROOT/minio.log"

healthy() { curl -fsS --max-time 5 -o /dev/null "$S3_URL/minio/health/ready" 2>/dev/null; }

command -v curl >/dev/null || apt_install curl

# --- build (cached) ------------------------------------------------------------
if [ ! -x "$MINIO_BIN" ]; then
    command -v go >/dev/null || die "go not found; needed to build MinIO"
    mkdir -p "$MINIO_BIN_DIR"
    log "building github.com/minio/minio@$MINIO_VERSION with $(go version | awk '{print $3}') (takes several minutes the first time)"
    t0=$SECONDS
    # build in a neutral dir so a go.mod/go.work of the caller does not interfere
    (cd / && GOBIN="$MINIO_BIN_DIR" GOFLAGS="${GOFLAGS:-} -trimpath" \
        go install "github.com/minio/minio@$MINIO_VERSION") >&2 || {
        rm -rf "$MINIO_BIN_DIR"
        die "building minio@$MINIO_VERSION failed; try another MINIO_VERSION (go list -m -versions is empty for minio: use a pseudo-version from 'go list -m github.com/minio/minio@<commit>')"
    }
    [ -x "$MINIO_BIN" ] || die "go install succeeded but $MINIO_BIN is missing"
    log "built minio in $((SECONDS - t0))s"
fi

# --- start (unless running) --------------------------------------------------------
mkdir -p "$S3_DATA"
S3_PORTFILE="$S3_ROOT/minio.port"
if pid="$(alive_pid "$S3_PIDFILE")"; then
    running_port="$(cat "$S3_PORTFILE" 2>/dev/null || true)"
    [ "$running_port" = "$S3_PORT" ] ||
        die "minio from $S3_ROOT is already running (pid $pid) on port ${running_port:-?}, not $S3_PORT; run stop-all.sh first"
    log "minio already running (pid $pid)"
else
    if port_listening "$S3_PORT"; then
        die "127.0.0.1:$S3_PORT is in use by a process not started by this script; set S3_PORT"
    fi
    if port_listening "$S3_CONSOLE_PORT"; then
        die "127.0.0.1:$S3_CONSOLE_PORT (console) is in use; set S3_CONSOLE_PORT"
    fi
    log "starting minio on $S3_URL (console 127.0.0.1:$S3_CONSOLE_PORT, log: $S3_LOG)"
    MINIO_ROOT_USER="$S3_ACCESS_KEY" \
        MINIO_ROOT_PASSWORD="$S3_SECRET_KEY" \
        MINIO_SITE_REGION="$S3_REGION" \
        MINIO_UPDATE=off \
        MINIO_BROWSER_REDIRECT=false \
        setsid nohup "$MINIO_BIN" server --quiet --anonymous \
        --address "127.0.0.1:$S3_PORT" \
        --console-address "127.0.0.1:$S3_CONSOLE_PORT" \
        "$S3_DATA" >>"$S3_LOG" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$S3_PIDFILE"
    echo "$S3_PORT" >"$S3_PORTFILE"
fi

for _ in $(seq 1 120); do
    healthy && break
    kill -0 "$pid" 2>/dev/null || {
        tail -n 30 "$S3_LOG" >&2 || true
        rm -f "$S3_PIDFILE"
        die "minio exited during startup (see $S3_LOG)"
    }
    sleep 0.5
done
healthy || {
    tail -n 30 "$S3_LOG" >&2 || true
    die "minio not healthy at $S3_URL after 60s (see $S3_LOG)"
}

# --- bucket --------------------------------------------------------------------
pick_python() {
    local p
    for p in "${S3_PYTHON:-}" "$REPO_ROOT/.venv/bin/python" python3; do
        [ -n "$p" ] || continue
        command -v "$p" >/dev/null 2>&1 || continue
        if "$p" -c 'import boto3' >/dev/null 2>&1; then
            echo "$p"
            return 0
        fi
    done
    # private venv with boto3 in the cache (avoids PEP 668 / touching the project venv)
    local venv="$CI_CACHE_DIR/boto3-venv"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import boto3' >/dev/null 2>&1; then
        log "installing boto3 into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q boto3 >&2 || return 1
    fi
    echo "$venv/bin/python"
}
py="$(pick_python)" || die "no python with boto3 and could not create $CI_CACHE_DIR/boto3-venv"

S3_URL="$S3_URL" S3_ACCESS_KEY="$S3_ACCESS_KEY" S3_SECRET_KEY="$S3_SECRET_KEY" \
    S3_BUCKET="$S3_BUCKET" S3_REGION="$S3_REGION" "$py" - >&2 <<'PY' || die "bucket setup / smoke test failed"
import os, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["S3_URL"],
    aws_access_key_id=os.environ["S3_ACCESS_KEY"],
    aws_secret_access_key=os.environ["S3_SECRET_KEY"],
    region_name=os.environ["S3_REGION"],
    config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                  retries={"max_attempts": 5}),
)
bucket = os.environ["S3_BUCKET"]
try:
    s3.head_bucket(Bucket=bucket)
except ClientError:
    s3.create_bucket(Bucket=bucket)
    print(f"[s3] created bucket {bucket}", file=sys.stderr)
key = ".ci-smoke-test"
s3.put_object(Bucket=bucket, Key=key, Body=b"ok")
assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"ok"
s3.delete_object(Bucket=bucket, Key=key)
PY
log "ready: $S3_URL bucket $S3_BUCKET"

emit AWS_S3_ENDPOINT_URL "$S3_URL"
emit AWS_ACCESS_KEY_ID "$S3_ACCESS_KEY"
emit AWS_SECRET_ACCESS_KEY "$S3_SECRET_KEY"
emit AWS_STORAGE_BUCKET_NAME "$S3_BUCKET"
emit AWS_S3_REGION_NAME "$S3_REGION"
