"""The benchmark's points.csv as GeoPackage, FlatGeobuf and Shapefile point layers (WGS84,
fields id and weight), the formats users bring besides CSV.
  python points_layers.py points.csv OUT_DIR"""
import os, sys
import geopandas as gpd
import pandas as pd

src, out = sys.argv[1:3]
df = pd.read_csv(src)
g = gpd.GeoDataFrame(df[["id", "weight"]], geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
for ext, driver in (("gpkg", "GPKG"), ("fgb", "FlatGeobuf"), ("shp", "ESRI Shapefile")):
    path = os.path.join(out, f"points.{ext}")
    if not os.path.exists(path):
        g.to_file(path, driver=driver, engine="pyogrio", layer="points" if ext == "gpkg" else None)
