#!/usr/bin/env bash
# Start a single-node Elasticsearch 8 for tests/CI.
#
#   eval "$(bash .ci/services/elasticsearch.sh)"   # -> ELASTICSEARCH_URL
#
# Source: the `integ-test-zip` distribution published on Maven Central
#   org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip
# fetched with Maven (cached in $CI_CACHE_DIR/elasticsearch), unpacked into
# $CI_SERVICES_DIR/es/home (the `elasticsearch` user must be able to read it,
# and $HOME/.cache usually sits under a 0700 /root) and run on the system JDK
# (ES 8.x needs Java >= 17; Debian 12's OpenJDK 17 works. ES 9 would need 21).
# 8.19.21 was the newest 8.x in maven-metadata.xml when this was written.
#
# !! LIMITATION of the integ-test-zip: it ships ONLY the modules
# !!   apm, transport-netty4, x-pack-core, x-pack-security
# !! i.e. no analysis-common, mapper-extras, lang-painless, reindex, aggregations,
# !! ingest-common, ... Only the analysis components built into the server core
# !! are available: analyzers `standard`, `simple`, `whitespace`, `stop`,
# !! `keyword`; tokenizer `standard`; filter `lowercase`. NOT available (index
# !! creation fails with "Unknown tokenizer/filter type [...]"): tokenizers
# !! `ngram`, `edge_ngram`, `whitespace`, `keyword`, `pattern`, `cjk`...; filters
# !! `ngram`, `edge_ngram`, `asciifolding`, `stop`, `stemmer`, `word_delimiter`,
# !! `cjk_bigram`...; also `analysis-icu` / `analysis-smartcn` plugins.
# !! The custom filter *type* `lowercase` is missing too (only the pre-built
# !! `lowercase` filter exists), and so is the root endpoint `GET /` (405), so
# !! elasticsearch-py's `es.info()` fails (cluster/index/search APIs work).
# !! Wagtail 8 / modelsearch's Elasticsearch backend defines ngram/edge_ngram
# !! tokenizers+filters and uses asciifolding in its index settings, so it
# !! cannot create its indexes on this distribution. A workaround (verified at
# !! index-creation/search level; it disables partial/autocomplete ngram
# !! matching) is to neuter those definitions through the backend's
# !! INDEX_SETTINGS, which modelsearch deep-merges into its defaults:
# !!   {"settings": {"analysis": {
# !!     "analyzer": {"ngram_analyzer": {"filter": ["lowercase"]},
# !!                  "edgengram_analyzer": {"filter": ["lowercase"]}},
# !!     "tokenizer": {"ngram_tokenizer": {"type": "standard"},
# !!                   "edgengram_tokenizer": {"type": "standard"}},
# !!     "filter": {"ngram": {"type": "stop", "stopwords": "_none_"},
# !!                "edgengram": {"type": "stop", "stopwords": "_none_"}}}}}
# !! No add-on jars for ES 8 are on Maven Central (checked analysis-common and
# !! analysis-icu under org.elasticsearch.plugin / .module: absent).
#
# Runs as the system user `elasticsearch` (created if missing; ES refuses root),
# bound to 127.0.0.1:${ES_PORT:-19200}, data/logs under $CI_SERVICES_DIR/es,
# heap 512m, security off (when x-pack-security is present).
# Env: ES_VERSION, ES_PORT, ES_JAVA_HOME, ES_HEAP (default 512m),
#      CI_SERVICES_DIR, CI_CACHE_DIR.  Stop with .ci/services/stop-all.sh.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-19200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_OS_USER=elasticsearch
ES_URL="http://127.0.0.1:$ES_PORT"

ES_CACHE="$CI_CACHE_DIR/elasticsearch"
ES_ZIP="$ES_CACHE/elasticsearch-$ES_VERSION.zip"
ES_ROOT="$CI_SERVICES_DIR/es"
ES_HOME="$ES_ROOT/home/elasticsearch-$ES_VERSION"
ES_CONF="$ES_ROOT/config"
ES_DATA="$ES_ROOT/data"
ES_LOGS="$ES_ROOT/logs"
ES_TMP="$ES_ROOT/tmp"
ES_PIDFILE="$ES_ROOT/es.pid"
ES_STDOUT="$ES_ROOT/stdout.log"

es_get() { curl -fsS --max-time 10 "$ES_URL$1"; }

wait_ready() {
    local deadline=$((SECONDS + ${1:-120}))
    while [ $SECONDS -lt $deadline ]; do
        if es_get '/_cluster/health?wait_for_status=yellow&timeout=5s' >/dev/null 2>&1; then
            return 0
        fi
        if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then
            return 1 # process died
        fi
        sleep 1
    done
    return 1
}

# --- already running? ------------------------------------------------------
ES_PORTFILE="$ES_ROOT/es.port"
if pid="$(alive_pid "$ES_PIDFILE")"; then
    running_port="$(cat "$ES_PORTFILE" 2>/dev/null || true)"
    [ "$running_port" = "$ES_PORT" ] ||
        die "elasticsearch from $ES_ROOT is already running (pid $pid) on port ${running_port:-?}, not $ES_PORT; run stop-all.sh first"
    if wait_ready 120 "$pid"; then
        log "already running (pid $pid) at $ES_URL"
        emit ELASTICSEARCH_URL "$ES_URL"
        exit 0
    fi
    die "elasticsearch pid $pid is alive but $ES_URL is not healthy (see $ES_LOGS)"
fi
if port_listening "$ES_PORT"; then
    die "127.0.0.1:$ES_PORT is in use by a process not started by this script; set ES_PORT"
fi

command -v curl >/dev/null || apt_install curl
command -v unzip >/dev/null || apt_install unzip

# --- java --------------------------------------------------------------------
if [ -z "${ES_JAVA_HOME:-}" ]; then
    java_bin="$(command -v java || true)"
    [ -n "$java_bin" ] || die "no java on PATH; install a JDK >= 17 (apt-get install -y openjdk-17-jdk-headless) or set ES_JAVA_HOME"
    ES_JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
fi
[ -x "$ES_JAVA_HOME/bin/java" ] || die "ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
java_major="$("$ES_JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p')"
case "$ES_VERSION" in
8.*) need_java=17 ;;
*) need_java=21 ;;
esac
[ "${java_major:-0}" -ge "$need_java" ] 2>/dev/null ||
    die "Elasticsearch $ES_VERSION needs Java >= $need_java, $ES_JAVA_HOME is Java ${java_major:-?}"
log "java $java_major at $ES_JAVA_HOME"

# --- download (cached) -------------------------------------------------------
if [ ! -s "$ES_ZIP" ] || ! unzip -tq "$ES_ZIP" >/dev/null 2>&1; then
    command -v mvn >/dev/null || die "mvn not found (needed to fetch Elasticsearch from Maven Central)"
    mkdir -p "$ES_CACHE"
    log "fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip via Maven"
    rm -f "$ES_ZIP"
    mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
        "-DoutputDirectory=$ES_CACHE" -Dmdep.overWriteReleases=true >&2 ||
        die "maven could not fetch Elasticsearch $ES_VERSION (does that version exist on Maven Central?)"
    [ -s "$ES_ZIP" ] || die "maven finished but $ES_ZIP is missing"
fi

# --- user --------------------------------------------------------------------
if ! id "$ES_OS_USER" >/dev/null 2>&1; then
    is_root || die "user '$ES_OS_USER' missing and not root to create it"
    log "creating system user $ES_OS_USER"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$ES_OS_USER"
fi

# --- unpack + config (once per version) ---------------------------------------
mkdir -p "$ES_ROOT"
if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
    log "unpacking $ES_ZIP"
    rm -rf "$ES_ROOT/home"
    mkdir -p "$ES_ROOT/home"
    unzip -q "$ES_ZIP" -d "$ES_ROOT/home"
    [ -x "$ES_HOME/bin/elasticsearch" ] || die "unexpected zip layout: $ES_HOME/bin/elasticsearch missing"
    rm -rf "$ES_CONF"
fi
if [ ! -f "$ES_CONF/elasticsearch.yml" ]; then
    # private copy of config: ES writes its keystore there
    rm -rf "$ES_CONF"
    cp -a "$ES_HOME/config" "$ES_CONF"
fi
mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_TMP"
if is_root; then
    chown -R root: "$ES_ROOT/home"
    chmod -R a+rX "$ES_ROOT/home"
    chown -R "$ES_OS_USER": "$ES_CONF" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    chown "$ES_OS_USER": "$ES_ROOT"
fi
check_user_can_reach "$ES_OS_USER" "$ES_HOME/bin"

# --- settings ----------------------------------------------------------------
settings=(
    -Ediscovery.type=single-node
    -Enetwork.host=127.0.0.1
    "-Ehttp.port=$ES_PORT"
    "-Epath.data=$ES_DATA"
    "-Epath.logs=$ES_LOGS"
    -Ecluster.name=tjqms-ci
    -Ecluster.routing.allocation.disk.threshold_enabled=false
    -Eaction.destructive_requires_name=false
)
if [ -d "$ES_HOME/modules/x-pack-security" ]; then
    settings+=(-Expack.security.enabled=false)
fi
if [ -d "$ES_HOME/modules/x-pack-ml" ]; then
    settings+=(-Expack.ml.enabled=false)
fi
if [ -d "$ES_HOME/modules/ingest-geoip" ]; then
    settings+=(-Eingest.geoip.downloader.enabled=false)
fi

# --- start -------------------------------------------------------------------
rm -f "$ES_PIDFILE"
echo "$ES_PORT" >"$ES_PORTFILE"
log "starting Elasticsearch $ES_VERSION on $ES_URL (logs: $ES_LOGS)"
start_ts=$SECONDS
if ! as_user "$ES_OS_USER" env \
    ES_JAVA_HOME="$ES_JAVA_HOME" \
    ES_PATH_CONF="$ES_CONF" \
    ES_TMPDIR="$ES_TMP" \
    ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_EXTRA_JAVA_OPTS:-}" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" "${settings[@]}" \
    >"$ES_STDOUT" 2>&1 </dev/null; then
    tail -n 40 "$ES_STDOUT" >&2 || true
    die "elasticsearch failed to start (see $ES_STDOUT and $ES_LOGS)"
fi

pid="$(alive_pid "$ES_PIDFILE" || true)"
if ! wait_ready 120 "$pid"; then
    tail -n 40 "$ES_STDOUT" >&2 || true
    tail -n 40 "$ES_LOGS/tjqms-ci.log" >&2 2>/dev/null || true
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    die "elasticsearch did not become yellow within 120s (see $ES_LOGS)"
fi
# (GET / is not available: the integ-test-zip lacks the module providing it)
log "ready after $((SECONDS - start_ts))s (pid $pid)"

emit ELASTICSEARCH_URL "$ES_URL"
