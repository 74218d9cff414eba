"""Nearest hub for every cell centre of a grid with scipy's cKDTree (the usual Python route)."""
import sys, json, subprocess
import numpy as np, pandas as pd
from pyproj import Transformer
from scipy.spatial import cKDTree

hubs_csv, ref_tif, out_npy = sys.argv[1:4]
info = json.loads(subprocess.run(["gdalinfo", "-json", ref_tif], capture_output=True, check=True).stdout)
w, h = info["size"]
x0, dx, _, y0, _, dy = info["geoTransform"]
t = Transformer.from_crs("EPSG:4326", "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m", always_xy=True)
hubs = pd.read_csv(hubs_csv)
hx, hy = t.transform(hubs.lon.values, hubs.lat.values)
tree = cKDTree(np.column_stack([hx, hy]))
xs = x0 + (np.arange(w) + 0.5) * dx
ys = y0 + (np.arange(h) + 0.5) * dy
gx, gy = np.meshgrid(xs, ys)
_, idx = tree.query(np.column_stack([gx.ravel(), gy.ravel()]), workers=-1)
np.save(out_npy, idx.reshape(h, w).astype(np.int32))
