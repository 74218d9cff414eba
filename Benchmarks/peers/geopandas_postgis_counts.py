"""Count points per zone of a PostGIS table with geopandas (read_postgis + sjoin)."""
import sys
import geopandas as gpd
import pandas as pd
from sqlalchemy import create_engine

points_csv, url, table, key, out = sys.argv[1:6]
df = pd.read_csv(points_csv)
pts = gpd.GeoDataFrame(df[["id"]], geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
engine = create_engine(url)
zones = gpd.read_postgis(f'SELECT "{key}", geom FROM "{table}"', engine, geom_col="geom")
joined = gpd.sjoin(pts, zones, how="left", predicate="within")
counts = joined.groupby(key).size().rename("count")
counts.to_csv(out)
