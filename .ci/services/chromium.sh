#!/usr/bin/env bash
# Ensure a headless-capable Chromium (Debian package) plus CJK fonts.
#
#   eval "$(bash .ci/services/chromium.sh)"   # -> CHROMIUM_PATH
#
# Installs `chromium` and `fonts-noto-cjk` with apt if either is missing, then
# checks that `chromium --headless --no-sandbox --disable-gpu --dump-dom
# about:blank` works. No daemon is started (nothing to stop).
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

CHROMIUM_PATH=/usr/bin/chromium

have_cjk_font() {
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'
}

if [ ! -x "$CHROMIUM_PATH" ] || ! have_cjk_font; then
    apt_install chromium fonts-noto-cjk
fi
[ -x "$CHROMIUM_PATH" ] || die "$CHROMIUM_PATH missing after installing chromium"
have_cjk_font || die "fonts-noto-cjk not installed"

log "$("$CHROMIUM_PATH" --version 2>/dev/null || echo 'chromium --version failed')"

# Smoke test. HOME/XDG dirs under the state dir so root's profile isn't touched
# and the test works without a writable $HOME.
probe_home="$CI_SERVICES_DIR/chromium-probe"
mkdir -p "$probe_home"
out="$(HOME="$probe_home" XDG_CONFIG_HOME="$probe_home/config" XDG_CACHE_HOME="$probe_home/cache" \
    timeout 60 "$CHROMIUM_PATH" --headless --no-sandbox --disable-gpu \
    --disable-dev-shm-usage --no-first-run --user-data-dir="$probe_home/profile" \
    --dump-dom about:blank 2>"$probe_home/stderr.log")" || {
    tail -n 20 "$probe_home/stderr.log" >&2 || true
    die "headless chromium smoke test failed (see $probe_home/stderr.log)"
}
case "$out" in
*"<html"*) log "headless smoke test ok" ;;
*)
    tail -n 20 "$probe_home/stderr.log" >&2 || true
    die "unexpected --dump-dom output: ${out:0:200}"
    ;;
esac

emit CHROMIUM_PATH "$CHROMIUM_PATH"
