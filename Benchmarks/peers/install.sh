#!/usr/bin/env bash
# Installs the peer tools the benchmarks compare against, in their own places:
#   Debian: hyperfine (timing), grass-core (v.kernel), gdal-bin, PostgreSQL+PostGIS (zone tables)
#   PyPI (a virtualenv in $BENCH_VENV): geopandas, scipy, KDEpy, exactextract, rasterstats, rasterio,
#   SQLAlchemy and psycopg2 (geopandas.read_postgis)
set -euo pipefail
venv=${BENCH_VENV:-$(cd "$(dirname "$0")/../.." && pwd)/.build-peers/venv}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
missing=""
for p in hyperfine grass-core gdal-bin postgresql postgresql-15-postgis-3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q update >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends $missing >/dev/null
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy==2.4.6 scipy==1.17.1 KDEpy==1.1.12 exactextract==0.3.0 rasterstats==0.21.0 \
    geopandas==1.2.0 pyogrio==0.13.0 rasterio==1.4.4 shapely==2.2.0 pyproj==3.7.2 pandas==3.1.1 \
    mapclassify==2.10.0 matplotlib==3.11.2
fi
# geopandas.read_postgis: SQLAlchemy and the PostgreSQL driver (added later: also into an older venv).
"$venv/bin/python" -c "import sqlalchemy, psycopg2" 2>/dev/null || "$venv/bin/pip" install -q SQLAlchemy==2.1.9 psycopg2-binary==2.9.13
grass --version >/dev/null 2>&1 || true   # first run of GRASS sets up its config
echo "$venv"
