#!/usr/bin/env bash
# Checks that the release build's hot kernels are vectorised and free of checked conversions:
# disassembles each kernel's functions (objdump) and counts packed SIMD arithmetic (…ps/…pd on
# xmm/ymm, vpadd/vpmull on integers), scalar arithmetic (…ss/…sd), and ud2 traps (what Swift's
# checked Int(Double) conversions and overflow checks compile to). Exits non-zero if a kernel
# that should be vectorised has no packed arithmetic, or if a hot kernel still traps.
#   bash Benchmarks/check_vectorised.sh [path/to/hinterland]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/.build/release/hinterland}
[ -x "$bin" ] || (cd "$root" && swift build -c release --static-swift-stdlib --product hinterland >/dev/null)
dis=$(mktemp)
trap 'rm -f "$dis"' EXIT
objdump -d --no-show-raw-insn "$bin" > "$dis"
status=0
printf '%-22s %8s %8s %8s %6s\n' kernel functions packed scalar ud2
# kernel (Swift type name in the mangled symbol) and whether it must hold packed arithmetic:
# the convolutions, crossing tests and hub distances are data-parallel; binning (a scatter),
# zonal accumulation (a branchy reduction), scanlines, the Dijkstra search and the DEFLATE
# bit packing are not; the Adler-32 checksum sums 32 bytes per step.
for spec in SeparableConvolution:yes StampConvolution:yes LinearBinning:no ZonalStatistics:no \
            CoverageFraction:no PolygonIndex:yes HubAllocation:yes CostDistance:no ScanlineRasterize:no \
            Adler32:yes RunLengthDeflate:no; do
  name=${spec%%:*}; must=${spec##*:}
  # Function bodies of this kernel type (its methods, their specialisations and closures).
  awk -v pat="<[$]s7Kernels[0-9]+${name}" '
    /^[0-9a-f]+ <.*>:$/ { inside = ($0 ~ pat); if (inside) fn++; next }
    inside && /\t/ { print }
    END { print "#functions " fn+0 }' "$dis" > "$dis.k" || true
  fns=$(awk '/^#functions/ {print $2}' "$dis.k")
  packed=$(grep -c -E '\s(v?(add|sub|mul|div|min|max|fmadd[0-9]*|fnmadd[0-9]*)p[sd]|v?cmp[a-z]*p[sd]|v?blendv?p[sd]|v?padd[bwdq]|v?pmull[wd]|v?pmaddwd)\s' "$dis.k" || true)
  scalar=$(grep -c -E '\s(v?(add|sub|mul|div|min|max)s[sd]|v?fmadd[0-9]*s[sd])\s' "$dis.k" || true)
  traps=$(grep -c -E '\sud2' "$dis.k" || true)
  printf '%-22s %8s %8s %8s %6s\n' "$name" "$fns" "$packed" "$scalar" "$traps"
  if [ "$must" = yes ] && [ "$packed" -eq 0 ]; then echo "  $name: no packed SIMD arithmetic" >&2; status=1; fi
  if [ "$traps" -gt 0 ]; then echo "  $name: $traps trap instructions (checked arithmetic or conversions)" >&2; status=1; fi
done
rm -f "$dis.k"
exit $status
