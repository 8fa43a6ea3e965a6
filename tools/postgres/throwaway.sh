#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and measurements of the PostgreSQL store:
# initdb in a temporary folder on a free loopback port, trust authentication, stopped
# and deleted by `stop`. initdb refuses to run as root, so as root the cluster belongs
# to the `postgres` user (runuser). Uses Debian's postgresql package
# (/usr/lib/postgresql/*/bin, or initdb on the PATH).
#
#   tools/postgres/throwaway.sh start      prints: DIR URL   (URL: postgresql://…/vigil)
#   tools/postgres/throwaway.sh stop DIR   stops the server and deletes DIR
#   tools/postgres/throwaway.sh pause DIR  stops the server, keeps the data (outage tests)
#   tools/postgres/throwaway.sh resume DIR starts it again on the same port
set -euo pipefail

bindir() {
    if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$found" ] || { echo "PostgreSQL is not installed (no initdb; apt-get install postgresql)" >&2; exit 3; }
    echo "$found"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
    local dir=$1 bin
    bin=$(bindir)
    # The server must not keep the caller's stdout or stderr open (a caller reading them to
    # the end would wait for ever).
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 start </dev/null >/dev/null 2>>"$dir/pg_ctl.err"
}

case "${1:-}" in
start)
    BIN=$(bindir)
    DIR=$(mktemp -d /tmp/vigil-pg.XXXXXX)
    chmod 755 "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    PORT=$(free_port)
    as_owner "$BIN/initdb" -D "$DIR/data" -U vigil --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1
    cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
fsync = on
synchronous_commit = on
max_connections = 100
CONF
    echo "$PORT" >"$DIR/port"
    start_server "$DIR"
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U vigil vigil
    echo "$DIR postgresql://vigil@127.0.0.1:$PORT/vigil"
    ;;
stop)
    DIR=${2:?usage: stop DIR}
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
pause)
    DIR=${2:?usage: pause DIR}
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    ;;
resume)
    DIR=${2:?usage: resume DIR}
    start_server "$DIR"
    ;;
*)
    echo "usage: $0 start | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
