"""Count the points of a point layer (any format) per zone: pyogrio reads it, geopandas
sjoin counts, as geopandas_counts.py does for CSV.
  python geopandas_counts_layer.py POINTS ZONES KEY OUT.csv"""
import sys
import geopandas as gpd

points, zones_path, key, out = sys.argv[1:5]
pts = gpd.read_file(points, engine="pyogrio", columns=["weight"])
zones = gpd.read_file(zones_path, engine="pyogrio")[[key, "geometry"]]
joined = gpd.sjoin(pts, zones, how="left", predicate="within")
joined.groupby(key).size().rename("count").to_csv(out)
