"""Count points per zone with geopandas sjoin (the usual Python route)."""
import sys
import geopandas as gpd
import pandas as pd

points_csv, zones_path, key, out = sys.argv[1:5]
df = pd.read_csv(points_csv)
pts = gpd.GeoDataFrame(df[["id"]], geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
zones = gpd.read_file(zones_path)[[key, "geometry"]]
joined = gpd.sjoin(pts, zones, how="left", predicate="within")
counts = joined.groupby(key).size().rename("count")
counts.to_csv(out)
