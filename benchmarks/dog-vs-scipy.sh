#!/usr/bin/env bash
# Alternating rounds of cryomine's DoG picking benchmark (JMH: DogBenchmark.dogPicking, and its stages
# smoothing, dog and minima) and the scipy peer (benchmarks/peers/scipy_dog.py, Debian's python3-scipy) on the
# same machine in one run; prints the seconds of each per round and stage, the scipy/cryomine ratio of the
# whole pick (> 1 means cryomine is faster) and the median ratio over the rounds.
#
# usage: benchmarks/dog-vs-scipy.sh [rounds=3]
#   env: BUILD (build directory name, default target), JAR (default benchmarks/$BUILD/benchmarks.jar; built if
#        missing), PEER, PY (default /usr/bin/python3), THREADS (cryomine threads, default 0 = all processors)
set -euo pipefail
ROUNDS=${1:-3}
cd "$(dirname "$0")/.."
BUILD=${BUILD:-target}
JAR=${JAR:-benchmarks/$BUILD/benchmarks.jar}
PEER=${PEER:-benchmarks/peers/scipy_dog.py}
PY=${PY:-/usr/bin/python3}
THREADS=${THREADS:-0}
[ -f "$JAR" ] || mvn -B -q -Dbuild.dirname="$BUILD" -pl benchmarks -am package -DskipTests
OUT=$(mktemp -d)
ratios=()
for r in $(seq 1 "$ROUNDS"); do
  java -jar "$JAR" 'DogBenchmark\.(dogPicking|smoothing|dog|minima)$' -p threads="$THREADS" \
    -rf json -rff "$OUT/jmh-$r.json" -jvmArgsAppend -Djmh.ignoreLock=true > "$OUT/jmh-$r.log" 2>&1 \
    || { echo "JMH failed, log: $OUT/jmh-$r.log" >&2; tail -20 "$OUT/jmh-$r.log" >&2; exit 1; }
  stages=$("$PY" -c "
import json,sys
d={b['benchmark'].rsplit('.',1)[1]: b['primaryMetric']['score']/1000 for b in json.load(open(sys.argv[1]))}
print(d['dogPicking'], d['smoothing'], d['dog'], d['minima'])" "$OUT/jmh-$r.json")
  read -r ours s1 s2 s3 <<< "$stages"
  line=$("$PY" "$PEER")
  peer=$(sed -E 's/.*total ([0-9.]+)s.*/\1/' <<< "$line")
  ratio=$("$PY" -c "print(f'{$peer/$ours:.2f}')")
  ratios+=("$ratio")
  printf 'round %d: cryomine %.3f s (stages alone: smooth %.3f, dog %.3f, minima %.3f), scipy %.2f s (%s), scipy/cryomine %s\n' \
    "$r" "$ours" "$s1" "$s2" "$s3" "$peer" "$line" "$ratio"
done
"$PY" -c "import statistics,sys; print('median scipy/cryomine:', statistics.median(map(float, sys.argv[1:])))" "${ratios[@]}"
