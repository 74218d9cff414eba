#!/usr/bin/env bash
# GRASS GIS v.kernel (exact kernel sums per cell) on the same 1 km Albers grid.
# Usage: grass_vkernel.sh points_albers.csv ref.tif bandwidth_m
set -euo pipefail
export GRASS_BATCH_JOB= GRASS_MESSAGE_FORMAT=plain
pts=$1; ref=$2; bw=$3
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
grass -c "$ref" "$db/loc" -e >/dev/null 2>&1 || { echo "grass: cannot create a project" >&2; exit 1; }
grass "$db/loc/PERMANENT" --exec r.in.gdal input="$ref" output=ref -o --quiet >/dev/null 2>&1
grass "$db/loc/PERMANENT" --exec g.region raster=ref --quiet >/dev/null 2>&1
grass "$db/loc/PERMANENT" --exec v.in.ascii input="$pts" output=pts separator=comma skip=1 x=1 y=2 --quiet >/dev/null 2>&1
grass "$db/loc/PERMANENT" --exec v.kernel input=pts output=kde radius="$bw" kernel=gaussian --quiet >/dev/null 2>&1
