#!/usr/bin/env bash
# Scale checks, with the wall time and peak memory (maximum resident set size) from GNU time.
#   bash Benchmarks/scale.sh [N_POINTS]   stats (three zone sets) and density at 1 km on N points
#                                         (default 10,000,000), as CSV and, up to 10^7, as GeoPackage;
#                                         CSVs past 256 MB are read a block at a time
#   bash Benchmarks/scale.sh grids        density of 10^6 points at 1 km, 500 m, 250 m and 100 m
#                                         (2 km Gaussian, clipped to China): grids past 1.5·10^8
#                                         cells are made a band of rows at a time
# The points are drawn from the county seats in proportion to their 2020 census population, each
# moved by a Gaussian offset of 10 km, weight = that population (`hinterland bench`, seeded); past
# 10^7 points, 10^6 such points repeated. Both are deterministic.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
H=${HINTERLAND:-$root/.build/release/hinterland}
[ -x "$H" ] || (cd "$root" && swift build -c release --static-swift-stdlib --product hinterland >/dev/null)
work=${BENCH_DIR:-$root/Output/scale}
mkdir -p "$work"
cd "$work"
measure() {  # label, command…
  /usr/bin/time -v "${@:2}" 2> time.log >/dev/null || { cat time.log >&2; exit 1; }
  wall=$(grep "Elapsed (wall clock)" time.log | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" time.log | awk '{printf "%.0f", $NF / 1024}')
  printf '| %s | %s | %s MB |\n' "$1" "$wall" "$rss"
}
points_csv() {  # N → points_N.csv
  local n=$1 f="points_$1.csv"
  [ -f "$f" ] && { echo "$f"; return; }
  if [ "$n" -le 10000000 ]; then
    mkdir -p "gen_$n" && "$H" bench --out "gen_$n" --points "$n" --runs 1 >/dev/null && mv "gen_$n/points.csv" "$f" && rm -rf "gen_$n"
  else
    # Beyond 10^7: the 10^6 points repeated (n a multiple of 10^6), written at disk speed.
    local base
    base=$(points_csv 1000000)
    { head -n 1 "$base"; for _ in $(seq $((n / 1000000))); do tail -n +2 "$base"; done; } > "$f.part" && mv "$f.part" "$f"
  fi
  echo "$f"
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start" >&2
if [ "${1:-}" = grids ]; then
  p=$(points_csv 1000000)
  echo "| density of 10^6 points, 2 km Gaussian, clipped to China | wall time | peak memory |"
  echo "|---|---|---|"
  for cell in 1km 500m 250m 100m; do
    measure "$cell cells" "$H" density --points "$p" --weight weight --cell "$cell" --bandwidth 2km --clip country -o "grid_$cell.tif"
  done
  echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
  exit 0
fi
n=${1:-10000000}
p=$(points_csv "$n")
echo "| task ($n points) | wall time | peak memory |"
echo "|---|---|---|"
measure "stats --by province --by cluster --by huline (CSV)" "$H" stats --points "$p" --weight weight --by province --by cluster --by huline -o s_csv.csv
measure "density 1 km, 20 km Gaussian, clipped (CSV)" "$H" density --points "$p" --weight weight --cell 1km --bandwidth 20km --clip country -o d_csv.tif
if [ "$n" -le 10000000 ]; then
  g="points_$n.gpkg"
  [ -f "$g" ] || ogr2ogr -f GPKG "$g" "$p" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
    -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nln points -gt 200000
  measure "stats --by province --by cluster --by huline (GeoPackage)" "$H" stats --points "$g" --weight weight --by province --by cluster --by huline -o s_gpkg.csv
  measure "density 1 km, 20 km Gaussian, clipped (GeoPackage)" "$H" density --points "$g" --weight weight --cell 1km --bandwidth 20km --clip country -o d_gpkg.tif
  cmp -s s_csv.csv s_gpkg.csv || echo "note: CSV and GeoPackage statistics differ" >&2
fi
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
