#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the storage tests and print its URL on the last line.
# Uses Debian's postgresql package (`.ci/run` installs it); the data directory lives under /tmp and the server
# listens on localhost only. Idempotent: a server already running on the port is reused.
set -euo pipefail
PORT="${KLANTGEVOEL_TEST_PG_PORT:-54329}"
DATA="${KLANTGEVOEL_TEST_PG_DATA:-/tmp/klantgevoel-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ -z "$BIN" || ! -x "$BIN/pg_ctl" ]]; then
  echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 3
fi
RUN=()
if [[ "$(id -u)" == 0 ]]; then RUN=(runuser -u postgres --); fi  # the server refuses to run as root
if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    mkdir -p "$DATA"
    [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$DATA"
    "${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c fsync=off" start >/dev/null
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
