#!/usr/bin/env bash
# Debian's nginx for tests/ops/test_nginx_front.py and `make bench` (the page cache's files
# served by nginx in front, deploy/nginx/). Nothing is started here: each test and the bench
# run their own nginx on a loopback port with a temporary prefix (ops/nginx.py).
#
#   eval "$(bash .ci/services/nginx.sh)"   # -> NGINX_BIN
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

command -v nginx >/dev/null || PATH="$PATH:/usr/sbin" command -v nginx >/dev/null || apt_install nginx-light
emit NGINX_BIN "$(PATH="$PATH:/usr/sbin" command -v nginx)"
