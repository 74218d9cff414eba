"""Zonal sums with exactextract (exact coverage fractions), zones reprojected to the raster CRS."""
import sys
import geopandas as gpd
import rasterio
from exactextract import exact_extract

raster, zones_path, out = sys.argv[1:4]
with rasterio.open(raster) as r:
    crs = r.crs
zones = gpd.read_file(zones_path)[["adcode", "geometry"]].to_crs(crs)
df = exact_extract(raster, zones, "sum", include_cols=["adcode"], output="pandas")
df.to_csv(out, index=False)
