#!/usr/bin/env bash
# GRASS GIS nearest-hub allocation on the same grid: r.grow.distance (Euclidean) or r.cost
# (accumulated cost over a uniform friction) from the hub cells.
# Usage: grass_nearest_hub.sh hubs_albers.csv ref.tif grow|cost
set -euo pipefail
export GRASS_MESSAGE_FORMAT=plain
hubs=$1; ref=$2; tool=$3
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
g() { grass "$db/loc/PERMANENT" --exec "$@" --quiet >/dev/null 2>&1; }
grass -c "$ref" "$db/loc" -e >/dev/null 2>&1 || { echo "grass: cannot create a project" >&2; exit 1; }
g r.in.gdal input="$ref" output=ref -o
g g.region raster=ref
g v.in.ascii input="$hubs" output=hubs separator=comma skip=1 x=1 y=2 cat=0
if [ "$tool" = grow ]; then
  g v.to.rast input=hubs output=hubcells use=cat
  g r.grow.distance input=hubcells value=alloc metric=euclidean
else
  g r.mapcalc expression="friction = 1"
  g r.cost input=friction output=cost start_points=hubs nearest=alloc
fi
