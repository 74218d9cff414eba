"""Gaussian KDE with KDEpy's FFTKDE (binned, FFT convolution) on a grid of the same cell size."""
import sys, json, subprocess
import numpy as np, pandas as pd
from pyproj import Transformer
from KDEpy import FFTKDE

points_csv, ref_tif, bandwidth = sys.argv[1], sys.argv[2], float(sys.argv[3])
info = json.loads(subprocess.run(["gdalinfo", "-json", ref_tif], capture_output=True, check=True).stdout)
w, h = info["size"]
df = pd.read_csv(points_csv)
t = Transformer.from_crs("EPSG:4326", "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m", always_xy=True)
x, y = t.transform(df.lon.values, df.lat.values)
# KDEpy cannot size its kernel support for a bandwidth of 20,000 (metres): work in km.
data = np.column_stack([x, y]) / 1000.0
grid, values = FFTKDE(kernel="gaussian", bw=bandwidth / 1000.0).fit(data).evaluate((w, h))
print(values.shape, float(values.sum()))
