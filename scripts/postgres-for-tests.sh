# Sourced by `make test`: start a throwaway PostgreSQL 15 on loopback for the store suite and
# export COUNCIL_TEST_POSTGRES_URL; stop it when the calling shell exits.
#
# Installs Debian's postgresql package when it is missing and we are root (CI runs as root on
# a fresh machine). PostgreSQL refuses to run as root, so the server runs as the postgres
# user (runuser). Set COUNCIL_SKIP_POSTGRES=1 to skip; the PostgreSQL tests then say so.
# shellcheck shell=bash

_council_pg_main() {
  if [[ -n "${COUNCIL_TEST_POSTGRES_URL:-}" || -n "${COUNCIL_SKIP_POSTGRES:-}" ]]; then
    return 0
  fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$bindir" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "postgres-for-tests: installing Debian's postgresql package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
      >/dev/null) || echo "postgres-for-tests: apt-get could not install postgresql" >&2
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [[ -z "$bindir" ]]; then
    echo "postgres-for-tests: no PostgreSQL server here; PostgreSQL tests will be skipped" >&2
    return 0
  fi
  local run=()
  if [[ "$(id -u)" == 0 ]]; then
    run=(runuser -u postgres --)
  fi
  local dir port
  dir=$(mktemp -d /tmp/council-pg.XXXXXX)
  chmod 755 "$dir"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if ! "${run[@]}" "$bindir/initdb" -D "$dir/data" -U council -A trust >/dev/null 2>&1; then
    echo "postgres-for-tests: initdb failed; PostgreSQL tests will be skipped" >&2
    return 0
  fi
  if ! "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null; then
    echo "postgres-for-tests: the server did not start (see $dir/log); skipping" >&2
    return 0
  fi
  "${run[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U council council_test
  export COUNCIL_TEST_POSTGRES_URL="postgresql+psycopg://council@127.0.0.1:$port/council_test"
  _COUNCIL_PG_STOP=("${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop)
  trap '"${_COUNCIL_PG_STOP[@]}" >/dev/null 2>&1; rm -rf "'"$dir"'"' EXIT
  echo "postgres-for-tests: PostgreSQL on 127.0.0.1:$port" >&2
}

_council_pg_main
