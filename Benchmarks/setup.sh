# Sourced by run.sh and userfiles.sh (with `here` set to this folder): the peers' virtualenv,
# the release binary (built if missing) and the workload folder, entered.
root=$(cd "$here/.." && pwd)
venv=$(bash "$here/peers/install.sh" | tail -1)
py="$venv/bin/python"
H="$root/.build/release/hinterland"
[ -x "$H" ] || (cd "$root" && swift build -c release --static-swift-stdlib --product hinterland >/dev/null)
work=${BENCH_DIR:-$root/Output/bench}
mkdir -p "$work"
cd "$work"
