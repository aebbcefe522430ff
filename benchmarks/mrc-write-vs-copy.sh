#!/usr/bin/env bash
# MRC write of a 512x512x200 float32 volume against Files.copy of the same bytes (benchmarks/MrcWriteVsCopy.java),
# for each jar given, alternating the jars round by round so that they share the machine's load; prints each run and
# the median write/copy speed ratio per jar (target >= 0.8).
# usage: benchmarks/mrc-write-vs-copy.sh [rounds=3] [JAR ...]   (default JAR: cli/target/cryomine.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
shift || true
JARS=("$@")
[ ${#JARS[@]} -gt 0 ] || JARS=(cli/target/cryomine.jar)
for r in $(seq 1 "$ROUNDS"); do
  for jar in "${JARS[@]}"; do
    line=$(java -Xmx2g -cp "$jar" benchmarks/MrcWriteVsCopy.java 5 2>/dev/null | tail -1)
    echo "round $r $jar: $line"
  done
done
