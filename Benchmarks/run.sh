#!/usr/bin/env bash
# Runs the kernel benchmarks against the peers on seeded data, on this machine, in one run.
#   bash Benchmarks/run.sh [N_POINTS] [RUNS]
# Needs a release build (make release) and the peers (Benchmarks/peers/install.sh, run here).
# Whole-process wall times by hyperfine (median of RUNS after a warm-up), then agreement
# checks (compare.py); the table is written to Benchmarks/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
n=${1:-1000000}
runs=${2:-5}
venv=$(bash "$here/peers/install.sh" | tail -1)
py="$venv/bin/python"
H="$root/.build/release/hinterland"
[ -x "$H" ] || (cd "$root" && swift build -c release --product hinterland >/dev/null)
work=${BENCH_DIR:-$root/Output/bench}
mkdir -p "$work"
cd "$work"
"$H" bench --out . --points "$n" --runs 3 | tee kernels.tsv
ALB="+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m"
# A 1% sample in Albers metres for GRASS v.kernel, whose exact per-cell sums are too slow for all.
awk -F, 'NR == 1 || NR % 100 == 2' points.csv > sample.csv
rm -f sample_albers.csv
ogr2ogr -f CSV sample_albers.csv sample.csv -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
  -s_srs EPSG:4326 -t_srs "$ALB" -lco GEOMETRY=AS_XY -select id
hf() { hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$1.json" "${@:2}" >"$1.log" 2>&1 || { cat "$1.log" >&2; return 1; }; }
hf count_province -n hinterland "$H stats --points points.csv --by province -o ours_province.csv" \
  -n geopandas "$py $here/peers/geopandas_counts.py points.csv provinces.gpkg adcode gp_province.csv"
hf count_prefecture -n hinterland "$H stats --points points.csv --by prefecture -o ours_prefecture.csv" \
  -n geopandas "$py $here/peers/geopandas_counts.py points.csv prefectures.gpkg adcode gp_prefecture.csv"
hf kde -n hinterland "$H density --points points.csv --cell 1km --bandwidth 20km --clip country --units per_cell -o kde_ours.tif" \
  -n scipy "$py $here/peers/scipy_kde.py points.csv kde.tif kde_scipy.npy 20000" \
  -n KDEpy "$py $here/peers/kdepy_kde.py points.csv kde.tif 20000"
hf kde_sample -n hinterland "$H density --points sample.csv --cell 1km --bandwidth 20km --clip country --units per_cell -o kde_sample.tif" \
  -n "GRASS v.kernel" "bash $here/peers/grass_vkernel.sh sample_albers.csv kde.tif 20000"
hf zonal -n hinterland "$H zonal --raster kde.tif --by prefecture --stats sum -o zonal_ours_cli.csv" \
  -n exactextract "$py $here/peers/exactextract_zonal.py kde.tif prefectures.gpkg zonal_exactextract.csv" \
  -n rasterstats "$py $here/peers/rasterstats_zonal.py kde.tif prefectures.gpkg zonal_rasterstats.csv"
"$py" "$here/compare.py" "$work" "$n" | tee "$here/RESULTS.md"
