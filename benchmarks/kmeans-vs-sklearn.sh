#!/usr/bin/env bash
# Side-by-side k-means timing: cryomine (JMH, KMeansBenchmark) against scikit-learn (the peer script
# benchmarks/peers/sklearn_kmeans.py), alternating for several rounds on the same machine, on the same data.
#
# Round r (r = 0 .. ROUNDS-1) uses seed r on both sides: numpy's generator with the peer's recipe writes the
# peer's exact matrix (38112 x 32 float32) to a .npy file that the JMH benchmark reads, and both fit
# k = 100 with one k-means++ initialisation and scikit-learn's defaults; cryomine then runs its default swap
# refinement (KMeansClusterer.DEFAULT_SWAP_TRIALS; SWAP_TRIALS=0 gives plain Lloyd, as scikit-learn). (The
# initial centres differ: Java's random stream is not numpy's, so inertia is compared as the median over the
# rounds' seeds.)
#
# Usage: benchmarks/kmeans-vs-sklearn.sh [ROUNDS]   (default 5)
# Environment: BENCH_JAR (default benchmarks/target/benchmarks.jar), PEER (default benchmarks/peers/sklearn_kmeans.py
# relative to the repository root), PYTHON (default /usr/bin/python3), COLD=1 also times the first fit in a fresh JVM,
# INERTIA_SEEDS=N also compares the median inertia of N seeds (0 .. N-1) on round 0's data, without timing,
# SWAP_TRIALS=N (default -1: the library's default) cryomine's swap trials in the timed runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${1:-5}"
JAR="${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
PEER="${PEER:-$ROOT/benchmarks/peers/sklearn_kmeans.py}"
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -f "$JAR" ] || { echo "no benchmark jar at $JAR; build it: mvn -pl benchmarks -am package -DskipTests" >&2; exit 2; }
[ -f "$PEER" ] || { echo "no peer script at $PEER" >&2; exit 2; }
"$PYTHON" -c 'import sklearn, numpy' 2>/dev/null || { echo "$PYTHON lacks scikit-learn/numpy" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Runs JMH; waits (up to 10 minutes) while another JMH run holds JMH's lock, rather than measuring beside it.
jmh() {
  local log="$1"; shift
  for ((try = 0; try < 60; try++)); do
    if java -jar "$JAR" "$@" > "$log" 2>&1; then return 0; fi
    grep -q 'Unable to acquire the JMH lock' "$log" || { cat "$log" >&2; return 1; }
    sleep 10
  done
  echo "another JMH run held the lock for 10 minutes" >&2; return 1
}

# Median of the measured iterations in a JMH JSON result file, in ms.
median_ms() {
  "$PYTHON" -c 'import json, statistics, sys; print(statistics.median(json.load(open(sys.argv[1]))[0]["primaryMetric"]["rawData"][0]))' "$1"
}

: > "$WORK/results"
for ((r = 0; r < ROUNDS; r++)); do
  # the peer's data recipe, verbatim (sklearn_kmeans.py with --seed r)
  "$PYTHON" - "$r" "$WORK/x$r.npy" <<'PY'
import sys, numpy as np
seed, out = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(seed)
centres = rng.normal(0, 3, size=(150, 32)); labels = rng.integers(0, 150, 38112)
x = np.maximum(centres[labels] + rng.normal(0, 1, size=(38112, 32)), 0).astype(np.float32)
np.save(out, x)
PY
  # one fit per iteration (single shot) after 10 warm-up fits; the median of the 10 measured fits
  jmh "$WORK/jmh$r.log" KMeansBenchmark -p data="$WORK/x$r.npy" -p seed="$r" -p swapTrials="${SWAP_TRIALS:--1}" \
      -f 1 -bm ss -wi 10 -i 10 -tu ms \
      -p report="$WORK/report$r.txt" -rf json -rff "$WORK/jmh$r.json"
  java_ms=$(median_ms "$WORK/jmh$r.json")
  java_inertia=$(grep -o 'inertia [0-9.]*' "$WORK/report$r.txt" | cut -d' ' -f2)
  java_iter=$(grep -o '[0-9]* iterations, inertia' "$WORK/report$r.txt" | cut -d' ' -f1)
  cold_ms=nan
  if [ "${COLD:-0}" = 1 ]; then
    jmh "$WORK/cold$r.log" KMeansBenchmark -p data="$WORK/x$r.npy" -p seed="$r" -p swapTrials="${SWAP_TRIALS:--1}" \
        -f 1 -bm ss -wi 0 -i 1 -tu ms \
        -p report="$WORK/cold-report$r.txt" -rf json -rff "$WORK/cold$r.json"
    cold_ms=$(median_ms "$WORK/cold$r.json")
  fi
  peer_line=$("$PYTHON" "$PEER" --seed "$r")
  peer_s=$(echo "$peer_line" | sed -E 's/.*: ([0-9.]+) s,.*/\1/')
  peer_iter=$(echo "$peer_line" | sed -E 's/.* ([0-9]+) iterations.*/\1/')
  peer_inertia=$(echo "$peer_line" | sed -E 's/.*inertia ([0-9.]+).*/\1/')
  printf 'round %d (seed %d): cryomine %s ms median of 10 warm fits (%s it, inertia %s, cold %s ms) | scikit-learn %s s (%s it, inertia %s)\n' \
      "$r" "$r" "$java_ms" "$java_iter" "$java_inertia" "$cold_ms" "$peer_s" "$peer_iter" "$peer_inertia"
  echo "$java_ms $java_inertia $peer_s $peer_inertia $cold_ms" >> "$WORK/results"
done

"$PYTHON" - "$WORK/results" <<'PY'
import sys, statistics as st
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
jm = st.median(r[0] for r in rows) / 1000; ji = st.median(r[1] for r in rows)
pm = st.median(r[2] for r in rows); pi = st.median(r[3] for r in rows)
print(f"median over {len(rows)} rounds: cryomine {jm:.3f} s, scikit-learn {pm:.3f} s, "
      f"time ratio cryomine/sklearn {jm / pm:.2f} (sklearn/cryomine {pm / jm:.2f}x)")
cold = [r[4] for r in rows if r[4] == r[4]]
if cold:
    print(f"cryomine first fit in a fresh JVM (median): {st.median(cold) / 1000:.3f} s, ratio to sklearn {st.median(cold) / 1000 / pm:.2f}")
print(f"median inertia: cryomine {ji:.1f}, scikit-learn {pi:.1f}, ratio {ji / pi:.5f}")
PY

if [ "${INERTIA_SEEDS:-0}" -gt 0 ]; then
  java -cp "$JAR" org.cryomine.benchmarks.KMeansBenchmark "$WORK/x0.npy" "$INERTIA_SEEDS" 2>/dev/null \
      | sed -E 's/.*inertia ([0-9.]+),.*/\1/' > "$WORK/java-inertia"
  "$PYTHON" - "$WORK/x0.npy" "$INERTIA_SEEDS" "$WORK/java-inertia" <<'PY'
import sys, statistics as st, numpy as np
from sklearn.cluster import KMeans
x = np.load(sys.argv[1]); n = int(sys.argv[2])
sk = [KMeans(n_clusters=100, n_init=1, random_state=s, algorithm="lloyd").fit(x).inertia_ for s in range(n)]
jv = [float(l) for l in open(sys.argv[3]) if l.strip()]
print(f"inertia over {n} seeds on the seed-0 data: cryomine median {st.median(jv):.1f} (min {min(jv):.1f}, "
      f"max {max(jv):.1f}), scikit-learn median {st.median(sk):.1f} (min {min(sk):.1f}, max {max(sk):.1f}), "
      f"ratio of medians {st.median(jv) / st.median(sk):.5f}")
PY
fi
