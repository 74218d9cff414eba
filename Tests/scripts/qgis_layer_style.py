"""Opens a GeoPackage layer in QGIS (PyQGIS, no display) and prints, as one JSON object,
what QGIS made of it: the renderer type, its classification field, its classes or
categories (label and colour), the CRS description and the layer's abstract.
Usage: QT_QPA_PLATFORM=offscreen python3 qgis_layer_style.py FILE.gpkg LAYER [STYLE.sld|STYLE.qml]
"""
import json
import os
import sys

from qgis.core import QgsApplication, QgsVectorLayer
from qgis.PyQt.QtXml import QDomDocument

app = QgsApplication([], False)
app.initQgis()
path, layer_name = sys.argv[1], sys.argv[2]
layer = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
out = {"valid": layer.isValid()}
if layer.isValid():
    if len(sys.argv) > 3:
        style = sys.argv[3]
        if style.endswith(".sld"):
            message, ok = layer.loadSldStyle(style)
        else:
            # From the file itself (loadNamedStyle would prefer the GeoPackage's own style).
            doc = QDomDocument()
            with open(style, encoding="utf-8") as f:
                doc.setContent(f.read())
            ok, message = layer.importNamedStyle(doc)
        out["loaded"] = bool(ok)
    r = layer.renderer()
    out["renderer"] = r.type()
    out["crs"] = layer.crs().description()
    out["features"] = layer.featureCount()
    out["abstract"] = layer.metadata().abstract() or layer.dataProvider().dataComment()
    if r.type() == "graduatedSymbol":
        out["field"] = r.classAttribute()
        out["classes"] = [[rg.label(), rg.symbol().color().name(), rg.lowerValue(), rg.upperValue()] for rg in r.ranges()]
    elif r.type() == "categorizedSymbol":
        out["field"] = r.classAttribute()
        out["classes"] = [[c.label(), c.symbol().color().name(), str(c.value())] for c in r.categories()]
    elif r.type() == "RuleRenderer":
        out["classes"] = [[rule.label(), rule.symbol().color().name() if rule.symbol() else None, rule.filterExpression()]
                          for rule in r.rootRule().children()]
    elif r.type() == "singleSymbol":
        out["classes"] = [["", r.symbol().color().name()]]
    out["labels"] = bool(layer.labelsEnabled())
print(json.dumps(out, ensure_ascii=False))
sys.stdout.flush()
# QGIS may crash while tearing down its application object; the answer is out already.
os._exit(0)
