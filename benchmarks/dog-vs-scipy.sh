#!/usr/bin/env bash
# Alternating rounds of cryomine's DoG picking benchmark (JMH: DogBenchmark.dogPicking) and the scipy peer
# (../shared/peers/scipy_dog.py, Debian's python3-scipy) on the same machine in one run; prints the seconds of
# each per round, the scipy/cryomine ratio (> 1 means cryomine is faster) and the median ratio.
#
# usage: benchmarks/dog-vs-scipy.sh [rounds=3]
#   env: JAR (default benchmarks/target/benchmarks.jar; built if missing), PEER, PY (default /usr/bin/python3)
set -euo pipefail
ROUNDS=${1:-3}
cd "$(dirname "$0")/.."
JAR=${JAR:-benchmarks/target/benchmarks.jar}
PEER=${PEER:-../shared/peers/scipy_dog.py}
PY=${PY:-/usr/bin/python3}
[ -f "$JAR" ] || mvn -B -q -pl benchmarks -am package -DskipTests
OUT=$(mktemp -d)
ratios=()
for r in $(seq 1 "$ROUNDS"); do
  java -jar "$JAR" 'DogBenchmark.dogPicking' -rf json -rff "$OUT/jmh-$r.json" -jvmArgsAppend -Djmh.ignoreLock=true \
    > "$OUT/jmh-$r.log" 2>&1
  ours=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[0]['primaryMetric']['score']/1000)" "$OUT/jmh-$r.json")
  peer=$("$PY" "$PEER" | sed -E 's/.*total ([0-9.]+)s.*/\1/')
  ratio=$("$PY" -c "print(f'{$peer/$ours:.2f}')")
  ratios+=("$ratio")
  printf 'round %d: cryomine %.2f s, scipy %.2f s, scipy/cryomine %s\n' "$r" "$ours" "$peer" "$ratio"
done
"$PY" -c "import statistics,sys; print('median scipy/cryomine:', statistics.median(map(float, sys.argv[1:])))" "${ratios[@]}"
