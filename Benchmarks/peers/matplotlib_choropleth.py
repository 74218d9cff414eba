"""A province population-density choropleth with geopandas + matplotlib (Jenks classes,
China Albers, labels, legend), saved as SVG and as a 3,000 px PNG: the usual Python route."""
import sys
import geopandas as gpd
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

provinces_gpkg, zones_csv, out_svg, out_png = sys.argv[1:5]
plt.rcParams["font.family"] = "WenQuanYi Micro Hei"
gdf = gpd.read_file(provinces_gpkg, layer="provinces")
table = pd.read_csv(zones_csv, dtype={"zone": str})
gdf = gdf.merge(table[["zone", "density_per_km2"]], left_on="adcode", right_on="zone")
gdf = gdf.to_crs("+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m")
fig, ax = plt.subplots(figsize=(16, 12.5), dpi=100)
gdf.plot(column="density_per_km2", scheme="NaturalBreaks", k=6, cmap="YlOrRd", edgecolor="white", linewidth=0.4, legend=True, ax=ax)
for _, r in gdf.iterrows():
    p = r.geometry.representative_point()
    ax.annotate(r["name_zh"], (p.x, p.y), ha="center", fontsize=8)
ax.set_axis_off()
ax.set_title("2020年各省人口密度")
fig.savefig(out_svg)
fig.savefig(out_png, dpi=3000 / 16)
