#!/usr/bin/env python3
"""Flags the prefecture-level units whose boundary runs along the sea shore.

Writes GeoData/tables/coastal_prefectures.csv: adcode,name_zh,coastal,shore_km,source
  coastal = 1 when at least MIN_KM of the prefecture's boundary lies within TOL_KM of the
  GSHHG level-1 (land/ocean) shoreline at intermediate resolution. The co-operative units use
  it to keep coastal prefectures out of automatic (inland) hinterlands.

Takes about 8 minutes (gmt select over every boundary vertex). Needs ogr2ogr (gdal-bin) and GMT with the GSHHG data (Debian: gmt gmt-gshhg); standard library
otherwise; no network; deterministic.
Run:  python3 GeoData/scripts/build_coastal_prefectures.py
"""
import csv
import math
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEO = os.path.dirname(HERE)
GPKG = os.path.join(GEO, "china.gpkg")
OUT = os.path.join(GEO, "tables", "coastal_prefectures.csv")
TOL_KM = 2.0      # boundary vertices this close to the shoreline count as shore
MIN_KM = 5.0      # this much shore makes a prefecture coastal
REGION = "104/126/17/42"   # the mainland coast from 北仑河 to 鸭绿江, Hainan and Taiwan included
SOURCE = ("GSHHG 2.3 level-1 shoreline, intermediate resolution (gmt coast -Di -A0/1/1); boundary from GeoData/china.gpkg "
          f"prefectures; coastal = at least {MIN_KM:g} km of boundary within {TOL_KM:g} km of the shoreline")


def km(lon1, lat1, lon2, lat2):
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(a))


def main():
    attrs = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", GPKG, "prefectures", "-lco", "GEOMETRY=AS_WKT",
                            "-select", "adcode,name_zh"], check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(attrs.splitlines()))
    with tempfile.TemporaryDirectory() as tmp:
        coast = os.path.join(tmp, "coast.txt")
        with open(coast, "w") as f:
            subprocess.run(["gmt", "coast", f"-R{REGION}", "-Di", "-A0/1/1", "-W", "-M"], check=True, stdout=f)
        verts = os.path.join(tmp, "verts.txt")
        segments = []   # (prefecture index, vertex id, lon, lat, next lon, next lat)
        with open(verts, "w") as f:
            for i, r in enumerate(rows):
                for ring in re.findall(r"\(([^()]+)\)", r["WKT"]):
                    pts = [tuple(map(float, p.split())) for p in ring.split(",")]
                    for k in range(len(pts) - 1):
                        vid = len(segments)
                        segments.append((i, pts[k][0], pts[k][1], pts[k + 1][0], pts[k + 1][1]))
                        f.write(f"{pts[k][0]:.7f} {pts[k][1]:.7f} {vid}\n")
        near = subprocess.run(["gmt", "select", verts, f"-L{coast}+d{TOL_KM}k", "-fg", f"-R{REGION}"],
                              check=True, capture_output=True, text=True).stdout
    shore = [0.0] * len(rows)
    for line in near.splitlines():
        vid = int(float(line.split()[2]))
        i, x1, y1, x2, y2 = segments[vid]
        shore[i] += km(x1, y1, x2, y2)
    with open(OUT, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["adcode", "name_zh", "coastal", "shore_km", "source"])
        for i, r in sorted(enumerate(rows), key=lambda t: t[1]["adcode"]):
            w.writerow([r["adcode"], r["name_zh"], 1 if shore[i] >= MIN_KM else 0, f"{shore[i]:.1f}", SOURCE])


if __name__ == "__main__":
    main()
