#!/usr/bin/env bash
# The chain as a user runs it, timed: simulate two tomograms (default 400x400x128, seeds 1 and 2), `cryomine mine`
# the first, select the clusters whose picks mostly lie on membranes or large globules of its label map (`select
# --from-labels`, standing in for the person at the report), `train-seg` from them and `segment` the second, each
# command with --timings. Prints one line per command, "e2e COMMAND SECONDS" (wall, JVM start included), the commands'
# stage profiles, and, where python3 with numpy and mrcfile is present, the segmentation's IoU per class against the
# second tomogram's ground truth ("e2e iou membrane X globule X"). Issue 20's targets at 400x400x128 on 2 cores:
# mine <= 180 s, train-seg <= 300 s, segment <= 60 s.
#
# usage: benchmarks/end-to-end.sh [--size X,Y,Z] [--out DIR] [--jar JAR] [--mine-args "..."] [--train-args "..."]
#                                 [--segment-args "..."]
#   --out DIR   keep everything there (default: a new temporary folder, kept, named at the end)
#   --jar JAR   the command line's jar (default cli/target/cryomine.jar)
#   --*-args    extra options of a command, e.g. --mine-args "--epochs 8"
# environment: PY (default /usr/bin/python3), CRYOMINE_JAVA_OPTS (default -Xmx6g)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZE=400,400,128
OUT=""
JAR="$ROOT/cli/target/cryomine.jar"
MINE_ARGS=""
TRAIN_ARGS=""
SEGMENT_ARGS=""
PY=${PY:-/usr/bin/python3}
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --mine-args) MINE_ARGS="$2"; shift 2 ;;
    --train-args) TRAIN_ARGS="$2"; shift 2 ;;
    --segment-args) SEGMENT_ARGS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
[[ "$SIZE" =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || { echo "--size takes X,Y,Z in voxels, got '$SIZE'" >&2; exit 2; }
[ -f "$JAR" ] || { echo "$JAR not found: build first (mvn -B -q install -DskipTests)" >&2; exit 2; }
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/cryomine-e2e.XXXXXX")}"
mkdir -p "$OUT"
cryomine() { java ${CRYOMINE_JAVA_OPTS:--Xmx6g} -jar "$JAR" "$@"; }

# timed NAME ARGS...: one command, its output in $OUT/NAME.out, its --timings table in $OUT/NAME.timings
timed() {
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  cryomine "$@" --timings --quiet > "$OUT/$name.out" 2> "$OUT/$name.timings" \
    || { echo "$name failed:" >&2; cat "$OUT/$name.out" "$OUT/$name.timings" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v n="$name" -v a="$t0" -v b="$t1" 'BEGIN { printf "e2e %s %.1f\n", n, b - a }'
}

echo "e2e load $(cut -d' ' -f1-3 /proc/loadavg) size $SIZE"
for s in 1 2; do
  cryomine simulate --out "$OUT/sim$s" --size "$SIZE" --seed "$s" --quiet --force > /dev/null
done
# shellcheck disable=SC2086
timed mine mine "$OUT/sim1/tomogram.mrc" --out "$OUT/run" --force $MINE_ARGS
cryomine select "$OUT/run" --from-labels "$OUT/sim1/labels.mrc" --class membrane=1 --class globule=2 \
  --out "$OUT/selection.json" --force > "$OUT/select.out"
# shellcheck disable=SC2086
timed train-seg train-seg "$OUT/run" --selection "$OUT/selection.json" --out "$OUT/segmodel" --force $TRAIN_ARGS
# shellcheck disable=SC2086
timed segment segment "$OUT/segmodel" "$OUT/sim2/tomogram.mrc" --out "$OUT/labels2.mrc" --force $SEGMENT_ARGS
for name in mine train-seg segment; do
  echo "e2e profile $name"
  grep -v '^\[' "$OUT/$name.timings" | sed 's/^/    /'
done
if "$PY" -c "import numpy, mrcfile" 2>/dev/null; then
  "$PY" - "$OUT/labels2.mrc" "$OUT/sim2/labels.mrc" <<'PY'
import sys, mrcfile, numpy as np
seg = mrcfile.read(sys.argv[1]).astype(int)
truth = mrcfile.read(sys.argv[2]).astype(int)
# the label maps' groups: 1 membrane, 2 globule (selection order); the truth's classes: 1 membrane, 2 large globule
iou = []
for name, ours, theirs in (("membrane", 1, 1), ("globule", 2, 2)):
    a, b = seg == ours, truth == theirs
    iou.append(f"{name} {(a & b).sum() / max(1, (a | b).sum()):.3f}")
print("e2e iou " + " ".join(iou))
PY
else
  echo "e2e iou: not scored (python3 with numpy and mrcfile is missing; Debian: python3-mrcfile)"
fi
echo "e2e out $OUT"
