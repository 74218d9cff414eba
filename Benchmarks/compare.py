"""Summarises the hyperfine runs and checks that the results agree with the peers."""
import csv, json, os, platform, subprocess, sys
import numpy as np
import rasterio

work, n = sys.argv[1], int(sys.argv[2])
os.chdir(work)

def medians(name):
    with open(f"{name}.json") as f:
        return [(r["command"], r["median"], r["min"], r["max"]) for r in json.load(f)["results"]]

def counts(path, key, col):
    with open(path) as f:
        return {r[key]: int(float(r[col])) for r in csv.DictReader(f) if r[key] not in ("(outside)", "")}

lines = [f"# Benchmark results", "",
         f"Seeded workload: {n:,} points drawn from GeoNames cities by population with 10 km jitter; "
         f"1 km China Albers grid; 370 prefectures. Whole-process wall time, median of the runs (hyperfine), "
         f"on {os.cpu_count()} cores ({platform.processor() or platform.machine()}).", "",
         "| task | tool | median s | min–max s | hinterland faster by |", "|---|---|---|---|---|"]
for task, label in [("count_province", "count per province"), ("count_prefecture", "count per prefecture"),
                    ("kde", "Gaussian KDE 20 km, 1 km grid"), ("kde_sample", f"Gaussian KDE, {n // 100:,}-point sample"),
                    ("zonal", "exact zonal sum per prefecture"),
                    ("nearest_hub", "nearest of 20 hubs, 1 km grid"), ("cost_hub", "cost allocation to 20 hubs, 1 km grid, terrain friction, knight moves"),
                    ("choropleth", "province choropleth, SVG + 3,000 px PNG")]:
    if not os.path.exists(f"{task}.json"):
        continue
    rows = medians(task)
    ours = next(m for c, m, _, _ in rows if c == "hinterland")
    for c, m, lo, hi in rows:
        ratio = "" if c == "hinterland" else f"{m / ours:.1f}×"
        lines.append(f"| {label} | {c} | {m:.3f} | {lo:.3f}–{hi:.3f} | {ratio} |")

lines += ["", "What each tool's run makes: hinterland writes a clipped, tiled, DEFLATE-compressed, georeferenced "
          "GeoTIFF (nodata outside China); \"scipy\" saves the bare array as .npy (no compression, no georeferencing, "
          "no clip); \"scipy, GeoTIFF out\" writes the same kind of file as hinterland (rasterio, tiled, DEFLATE level 1 "
          "on all cores), which is what a user needs to open the surface in a GIS.",
          "", "## Agreement", ""]
for level in ("province", "prefecture"):
    ours, gp = counts(f"ours_{level}.csv", "zone", "count"), counts(f"gp_{level}.csv", "adcode", "count")
    diff = sum(1 for k in set(ours) | set(gp) if ours.get(k, 0) != gp.get(k, 0))
    lines.append(f"- counts per {level}: {len(ours)} zones, {diff} differ from geopandas sjoin (within)")
with rasterio.open("kde_ours.tif") as r:
    a = r.read(1).astype(np.float64)
b = np.load("kde_scipy.npy").astype(np.float64)
inside = a != -9999          # ours is clipped to the country; compare where it has values
rel = np.abs(a - b)[inside].max() / b[inside].max()
lines.append(f"- KDE against scipy (linear binning + gaussian_filter, truncate 4σ, zero padding), cells inside China: "
             f"max |difference| / max = {rel:.2e}; sums inside {a[inside].sum():.6g} vs {b[inside].sum():.6g}")
ours = {r["zone"]: float(r["sum"]) for r in csv.DictReader(open("zonal_ours_cli.csv")) if r["sum"]}
ee = {r["adcode"]: float(r["sum"]) for r in csv.DictReader(open("zonal_exactextract.csv"))}
worst = max(abs(ours[k] - ee[k]) / max(abs(ee[k]), 1e-12) for k in ee if abs(ee[k]) > 1e-9)
lines.append(f"- zonal sums against exactextract: worst relative difference {worst:.2e} over {len(ee)} prefectures")
if os.path.exists("voronoi_ours.tif"):
    # The timed scipy run used the KDE grid; for the check, the same query on our grid.
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "peers", "scipy_nearest_hub.py"), "hubs20.csv", "voronoi_ours.tif", "voronoi_check.npy"], check=True)
    with rasterio.open("voronoi_ours.tif") as r:
        ours = r.read(1)
    ref = np.load("voronoi_check.npy")
    inside = ours >= 0
    lines.append(f"- nearest hub against scipy cKDTree: {int((ours[inside] != ref[inside]).sum())} of {int(inside.sum()):,} "
                 f"cells in China differ (hub cells are always their own hub's)")
print("\n".join(lines))
