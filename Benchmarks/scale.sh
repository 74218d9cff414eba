#!/usr/bin/env bash
# Scale check: stats and density on 10,000,000 points, as CSV and as GeoPackage, with the
# wall time and peak memory (maximum resident set size) from GNU time.
#   bash Benchmarks/scale.sh [N_POINTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000000}
H="$root/.build/release/hinterland"
[ -x "$H" ] || (cd "$root" && swift build -c release --static-swift-stdlib --product hinterland >/dev/null)
work=${BENCH_DIR:-$root/Output/scale}
mkdir -p "$work"
cd "$work"
[ -f points.csv ] || "$H" bench --out . --points "$n" --runs 1 >/dev/null
[ -f points.gpkg ] || ogr2ogr -f GPKG points.gpkg points.csv -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
  -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nln points -gt 200000
measure() {  # label, command…
  /usr/bin/time -v "${@:2}" 2> time.log >/dev/null || { cat time.log >&2; exit 1; }
  wall=$(grep "Elapsed (wall clock)" time.log | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" time.log | awk '{printf "%.0f", $NF / 1024}')
  printf '| %s | %s | %s MB |\n' "$1" "$wall" "$rss"
}
echo "| task ($n points) | wall time | peak memory |"
echo "|---|---|---|"
measure "stats --by province --by cluster --by huline (CSV)" "$H" stats --points points.csv --weight weight --by province --by cluster --by huline -o s_csv.csv
measure "stats --by province --by cluster --by huline (GeoPackage)" "$H" stats --points points.gpkg --weight weight --by province --by cluster --by huline -o s_gpkg.csv
measure "density 1 km, 20 km Gaussian, clipped (CSV)" "$H" density --points points.csv --weight weight --cell 1km --bandwidth 20km --clip country -o d_csv.tif
measure "density 1 km, 20 km Gaussian, clipped (GeoPackage)" "$H" density --points points.gpkg --weight weight --cell 1km --bandwidth 20km --clip country -o d_gpkg.tif
cmp -s s_csv.csv s_gpkg.csv || echo "note: CSV and GeoPackage statistics differ" >&2
