#!/usr/bin/env bash
# The whole `cryomine pick` command (JVM start, reading the MRC, DoG, peaks, writing the STAR file) on a 512x512x200
# float32 tomogram against scipy's DoG stages alone (benchmarks/peers/scipy_dog.py: smoothing, DoG, 3x3x3 minima on
# the same size), alternating in one run so that they share the machine's load. Each jar given is run in turn (to
# compare builds side by side); prints each run's wall seconds, its --timings table (first round) and the median
# scipy/command ratio per jar (> 1: the whole command is faster than scipy's stages; issue 20's target is >= 8).
#
# The command picks at the paper's one sigma (--sigma 5, smoothing 2), as scipy's stages do, whatever the
# recipe's picker.
#
# usage: benchmarks/pick-vs-scipy.sh [rounds=3] [JAR ...]   (default JAR: cli/target/cryomine.jar)
#   env: PEER (default benchmarks/peers/scipy_dog.py), PY (default /usr/bin/python3 with numpy and scipy)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
shift || true
JARS=("$@")
[ ${#JARS[@]} -gt 0 ] || JARS=(cli/target/cryomine.jar)
PEER=${PEER:-benchmarks/peers/scipy_dog.py}
PY=${PY:-/usr/bin/python3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# the peer's volume (normal noise, seed 1) as an MRC2014 file, 10 Å voxels
"$PY" - "$OUT/tomo.mrc" <<'PYEOF'
import sys, numpy as np
v = np.random.default_rng(1).normal(size=(200, 512, 512)).astype('<f4')
h = np.zeros(256, dtype='<i4'); f = h.view('<f4')
h[0:3] = (512, 512, 200); h[3] = 2; h[7:10] = (512, 512, 200); f[10:13] = (5120, 5120, 2000); f[13:16] = 90
h[16:19] = (1, 2, 3); f[19], f[20], f[21] = v.min(), v.max(), v.mean(); h[22] = 1; h[27] = 20141
b = bytearray(h.tobytes()); b[208:212] = b'MAP '; b[212:216] = bytes((0x44, 0x44, 0, 0)); f[54] = 0
b[216:220] = np.float32(v.std()).tobytes()
open(sys.argv[1], 'wb').write(bytes(b) + v.tobytes())
PYEOF
declare -A ratios
for r in $(seq 1 "$ROUNDS"); do
  for j in "${!JARS[@]}"; do
    jar=${JARS[$j]}
    timings=()  # an older build without --timings is timed as a whole only
    if java -jar "$jar" pick --help 2>/dev/null | grep -- --timings > /dev/null; then timings=(--timings); fi
    t0=$(date +%s.%N)
    java -jar "$jar" pick "$OUT/tomo.mrc" --sigma 5 --out "$OUT/picks.star" --force --quiet "${timings[@]}" > "$OUT/out.txt" \
      2> "$OUT/timings-$j.txt"
    t1=$(date +%s.%N)
    line=$("$PY" "$PEER")
    peer=$(sed -E 's/.*total ([0-9.]+)s.*/\1/' <<< "$line")
    wall=$("$PY" -c "print(f'{$t1 - $t0:.3f}')")
    ratio=$("$PY" -c "print(f'{$peer / ($t1 - $t0):.2f}')")
    ratios[$j]="${ratios[$j]:-} $ratio"
    printf 'round %d %s: pick %s s (%s), scipy DoG stages %s s, scipy/pick %s\n' "$r" "$jar" "$wall" \
      "$(cat "$OUT/out.txt")" "$peer" "$ratio"
    [ "$r" -gt 1 ] || sed 's/^/    /' "$OUT/timings-$j.txt"
  done
done
for j in "${!JARS[@]}"; do
  # shellcheck disable=SC2086
  "$PY" -c "import statistics,sys; print('median scipy/pick', sys.argv[1] + ':', statistics.median(map(float, sys.argv[2:])))" \
    "${JARS[$j]}" ${ratios[$j]}
done
