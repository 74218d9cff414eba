#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL + PostGIS server on 127.0.0.1 and
# HINTERLAND_TEST_PG set to its GDAL connection string. The server lives in a temporary
# folder and is stopped afterwards, whatever the command's result.
# If no server can start, the command still runs; the PostGIS tests then skip with a
# message, except under CI=true, where they fail.
set -uo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
port=${HINTERLAND_TEST_PG_PORT:-54329}
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgis: no PostgreSQL server binaries; PostGIS tests will skip" >&2
  exec "$@"
fi
dir=$(mktemp -d /tmp/hinterland-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() { "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT
started=0
if "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 &&
   "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null 2>&1 &&
   "${as_pg[@]}" "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE hinterland_test" >/dev/null &&
   "${as_pg[@]}" "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d hinterland_test -q -c "CREATE EXTENSION postgis" >/dev/null; then
  started=1
  export HINTERLAND_TEST_PG="PG:host=127.0.0.1 port=$port user=postgres dbname=hinterland_test"
  echo "with-postgis: PostgreSQL+PostGIS on 127.0.0.1:$port" >&2
else
  echo "with-postgis: could not start PostgreSQL+PostGIS (see below); PostGIS tests will skip" >&2
  tail -5 "$dir"/*.log >&2 2>/dev/null
fi
"$@"
rc=$?
exit $rc
