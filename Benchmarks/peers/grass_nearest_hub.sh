#!/usr/bin/env bash
# GRASS GIS nearest-hub allocation on the same grid: r.grow.distance (Euclidean) or r.cost
# (accumulated cost from the hub cells over the given friction raster, with knight's moves:
# the same 16-neighbour moves and the same friction as hinterland's default).
# Usage: grass_nearest_hub.sh hubs_albers.csv ref.tif grow
#        grass_nearest_hub.sh hubs_albers.csv ref.tif cost friction.tif
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
  g r.in.gdal input="$4" output=friction -o
  g r.cost -k input=friction output=cost start_points=hubs nearest=alloc
fi
