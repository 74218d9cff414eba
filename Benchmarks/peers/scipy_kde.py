"""Binned Gaussian KDE with numpy + scipy.ndimage.gaussian_filter on the same grid as ours.

Linear binning (bilinear weights to the four cell centres, as ours) then a Gaussian filter of
sigma = bandwidth/cell, truncated at 4 sigma, zero padding: the same edge handling."""
import sys, json, subprocess
import numpy as np, pandas as pd
from pyproj import Transformer
from scipy.ndimage import gaussian_filter

args = sys.argv[1:]
# --geotiff OUT.tif: write the kind of file hinterland writes (tiled, DEFLATE, georeferenced; GDAL at
# DEFLATE level 1 on all cores)
# instead of a bare .npy array, for a like-for-like timing.
geotiff = args.pop(args.index("--geotiff") + 1) if "--geotiff" in args else None
if geotiff: args.remove("--geotiff")
points_csv, ref_tif, out_npy = args[0:3]
bandwidth, weighted = float(args[3]), len(args) > 4 and args[4] == "weighted"
info = json.loads(subprocess.run(["gdalinfo", "-json", ref_tif], capture_output=True, check=True).stdout)
w, h = info["size"]
x0, dx, _, y0, _, dy = info["geoTransform"]
df = pd.read_csv(points_csv)
t = Transformer.from_crs("EPSG:4326", "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m", always_xy=True)
x, y = t.transform(df.lon.values, df.lat.values)
c = (x - x0) / dx - 0.5
r = (y0 - y) / -dy - 0.5
wt = df.weight.values.astype(float) if weighted else np.ones(len(df))
ok = (c >= 0) & (r >= 0) & (c <= w - 1) & (r <= h - 1)
c, r, wt = c[ok], r[ok], wt[ok]
c0, r0 = np.floor(c).astype(int), np.floor(r).astype(int)
fc, fr = c - c0, r - r0
c1, r1 = np.minimum(c0 + 1, w - 1), np.minimum(r0 + 1, h - 1)
grid = np.zeros((h, w))
np.add.at(grid, (r0, c0), wt * (1 - fc) * (1 - fr))
np.add.at(grid, (r0, c1), wt * fc * (1 - fr))
np.add.at(grid, (r1, c0), wt * (1 - fc) * fr)
np.add.at(grid, (r1, c1), wt * fc * fr)
dens = gaussian_filter(grid, sigma=bandwidth / dx, truncate=4.0, mode="constant")
if geotiff:
    import rasterio
    with rasterio.open(ref_tif) as ref:
        crs, transform = ref.crs, ref.transform
    with rasterio.open(geotiff, "w", driver="GTiff", width=w, height=h, count=1, dtype="float32", crs=crs, transform=transform,
                       tiled=True, blockxsize=256, blockysize=256, compress="deflate", zlevel=1, num_threads="all_cpus") as out:
        out.write(dens.astype(np.float32), 1)
else:
    np.save(out_npy, dens.astype(np.float32))
