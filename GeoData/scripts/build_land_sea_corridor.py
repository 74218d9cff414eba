#!/usr/bin/env python3
"""Writes GeoData/land_sea_corridor.geojson: one LineString per main route of the western
land–sea corridor (西部陆海新通道), through its nodes in order, from tables/land_sea_corridor.csv.
Standard library only; deterministic.  Run: python3 GeoData/scripts/build_land_sea_corridor.py
"""
import csv
import json
import os

GEO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
routes = {}
with open(os.path.join(GEO, "tables", "land_sea_corridor.csv"), newline="") as f:
    for r in csv.DictReader(f):
        routes.setdefault(r["route"], []).append(r)
features = []
for name, rows in routes.items():
    rows.sort(key=lambda r: int(r["seq"]))
    features.append({"type": "Feature",
                     "properties": {"route": name, "route_en": rows[0]["route_en"],
                                    "nodes": "—".join(r["node"] for r in rows),
                                    "source": "西部陆海新通道总体规划 (国家发展改革委, 发改基础〔2019〕1333号, 2019-08), 主通道; "
                                              "nodes: GeoData/tables/land_sea_corridor.csv"},
                     "geometry": {"type": "LineString",
                                  "coordinates": [[float(r["lon_wgs84"]), float(r["lat_wgs84"])] for r in rows]}})
out = {"type": "FeatureCollection", "name": "land_sea_corridor",
       "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": features}
with open(os.path.join(GEO, "land_sea_corridor.geojson"), "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
