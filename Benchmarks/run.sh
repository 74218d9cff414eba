#!/usr/bin/env bash
# Runs the kernel benchmarks against the peers on seeded data, on this machine, in one run.
#   bash Benchmarks/run.sh [N_POINTS] [RUNS]
# Needs a release build (make release) and the peers (Benchmarks/peers/install.sh, run here).
# Whole-process wall times by hyperfine (median of RUNS after a warm-up), then agreement
# checks (compare.py); the table is written to Benchmarks/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
runs=${2:-5}
source "$here/setup.sh"
"$H" bench --out . --points "$n" --runs 3 | tee kernels.tsv
ALB="+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m"
# A 1% sample in Albers metres for GRASS v.kernel, whose exact per-cell sums are too slow for all.
awk -F, 'NR == 1 || NR % 100 == 2' points.csv > sample.csv
rm -f sample_albers.csv
ogr2ogr -f CSV sample_albers.csv sample.csv -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
  -s_srs EPSG:4326 -t_srs "$ALB" -lco GEOMETRY=AS_XY -select id
# A non-uniform 1 km friction surface for the cost workloads: GeoData's terrain friction resampled.
gdalwarp -q -overwrite -tr 1000 1000 -te $(gdalinfo -json kde.tif | "$py" -c "import json,sys; d=json.load(sys.stdin)['cornerCoordinates']; print(d['lowerLeft'][0], d['lowerLeft'][1], d['upperRight'][0], d['upperRight'][1])") \
  -r bilinear "$root/GeoData/friction_10km.tif" friction_1km.tif
hf() { hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$1.json" "${@:2}" >"$1.log" 2>&1 || { cat "$1.log" >&2; return 1; }; }
hf count_province -n hinterland "$H stats --points points.csv --by province -o ours_province.csv" \
  -n geopandas "$py $here/peers/geopandas_counts.py points.csv provinces.gpkg adcode gp_province.csv"
hf count_prefecture -n hinterland "$H stats --points points.csv --by prefecture -o ours_prefecture.csv" \
  -n geopandas "$py $here/peers/geopandas_counts.py points.csv prefectures.gpkg adcode gp_prefecture.csv"
hf kde -n hinterland "$H density --points points.csv --cell 1km --bandwidth 20km --clip country --units per_cell -o kde_ours.tif" \
  -n scipy "$py $here/peers/scipy_kde.py points.csv kde.tif kde_scipy.npy 20000" \
  -n "scipy, GeoTIFF out" "$py $here/peers/scipy_kde.py points.csv kde.tif kde_scipy.npy 20000 --geotiff kde_scipy.tif" \
  -n KDEpy "$py $here/peers/kdepy_kde.py points.csv kde.tif 20000"
hf kde_sample -n hinterland "$H density --points sample.csv --cell 1km --bandwidth 20km --clip country --units per_cell -o kde_sample.tif" \
  -n "GRASS v.kernel" "bash $here/peers/grass_vkernel.sh sample_albers.csv kde.tif 20000"
hf zonal -n hinterland "$H zonal --raster kde.tif --by prefecture --stats sum -o zonal_ours_cli.csv" \
  -n exactextract "$py $here/peers/exactextract_zonal.py kde.tif prefectures.gpkg zonal_exactextract.csv" \
  -n rasterstats "$py $here/peers/rasterstats_zonal.py kde.tif prefectures.gpkg zonal_rasterstats.csv"
# Nearest of 20 hubs on the 1 km grid (issue: catchments).
ogr2ogr -f CSV hubs20_albers.csv hubs20.csv -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
  -s_srs EPSG:4326 -t_srs "$ALB" -lco GEOMETRY=AS_XY -select name 2>/dev/null || { rm -f hubs20_albers.csv; ogr2ogr -f CSV hubs20_albers.csv hubs20.csv -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -s_srs EPSG:4326 -t_srs "$ALB" -lco GEOMETRY=AS_XY -select name; }
hf nearest_hub -n hinterland "$H catchment --hubs hubs20.csv --name name --model voronoi --cell 1km -o voronoi_ours.tif --stats voronoi_ours.csv" \
  -n "scipy cKDTree" "$py $here/peers/scipy_nearest_hub.py hubs20.csv kde.tif voronoi_scipy.npy" \
  -n "GRASS r.grow.distance" "bash $here/peers/grass_nearest_hub.sh hubs20_albers.csv kde.tif grow"
hf cost_hub -n hinterland "$H catchment --hubs hubs20.csv --name name --model cost --friction friction_1km.tif --cell 1km -o cost_ours.tif --stats cost_ours.csv" \
  -n "GRASS r.cost" "bash $here/peers/grass_nearest_hub.sh hubs20_albers.csv kde.tif cost friction_1km.tif"
# A province choropleth (SVG + 3,000 px PNG) against geopandas + matplotlib.
cp "$root/Output/zones_province.csv" zones_province.csv 2>/dev/null || "$H" zones --by province -o zones_province.csv
"$H" export --layer provinces -o provinces_map.gpkg 2>/dev/null
hf choropleth -n hinterland "$H map --style $root/Styles/fig1_population_density.json --width 3000 -o ch_ours.svg -o ch_ours.png" \
  -n "geopandas+matplotlib" "$py $here/peers/matplotlib_choropleth.py provinces_map.gpkg zones_province.csv ch_mpl.svg ch_mpl.png"
"$py" "$here/compare.py" "$work" "$n" | tee "$here/RESULTS.md"
# The kernels' generated code: packed SIMD arithmetic and no trapping checked conversions.
{ echo; echo "## Generated code (objdump of the release build, Benchmarks/check_vectorised.sh)"; echo; echo '```';
  bash "$here/check_vectorised.sh" "$H"; echo '```'; } >> "$here/RESULTS.md"
# The user's own files: full-resolution zone files in four formats, point layers in three.
BENCH_DIR="$work" bash "$here/userfiles.sh" "$runs" | tee -a "$here/RESULTS.md"
