#!/usr/bin/env bash
# Alternating rounds of cryomine's network benchmarks (JMH: AutoencoderBenchmark, EdssBenchmark) and the PyTorch
# peer (benchmarks/peers/torch_autoencoder3d.py) on the same machine in one run; prints ms per subvolume and the
# torch/cryomine ratio (> 1 means cryomine is faster) per round and the median over rounds.
# The figures are noisy on a shared machine: compare ratios from the same round.
#
# usage: benchmarks/nn-vs-torch.sh [rounds=3] [threads=2]
#   env: JAR (default benchmarks/target/benchmarks.jar; built if missing), PEER (path of the torch script),
#        BF16=1 also runs the inference benchmarks with oneDNN bfloat16 auto-mixed precision.
set -euo pipefail
trap 'echo "failed; see the logs in ${OUT:-?}" >&2' ERR
ROUNDS=${1:-3}
THREADS=${2:-2}
cd "$(dirname "$0")/.."
JAR=${JAR:-benchmarks/target/benchmarks.jar}
PEER=${PEER:-benchmarks/peers/torch_autoencoder3d.py}
PY=${PY:-/usr/bin/python3}
if [ ! -f "$JAR" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "PyTorch is not installed for $PY (Debian: apt-get install python3-torch); cannot run the peer" >&2
  exit 2
fi
OUT=$(mktemp -d)
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS: cryomine (JMH)" >&2
  java -Djmh.ignoreLock=true -jar "$JAR" 'org.cryomine.benchmarks.(AutoencoderBenchmark|EdssBenchmark)' -p threads="$THREADS" -p bfloat16=false \
    -wi 1 -i 2 -w 2 -r 3 -rf json -rff "$OUT/jmh-$r.json" > "$OUT/jmh-$r.log" 2>&1
  if [ "${BF16:-0}" = 1 ]; then
    java -Djmh.ignoreLock=true -jar "$JAR" 'org.cryomine.benchmarks.(AutoencoderBenchmark.(encode|decode)|EdssBenchmark.infer)' \
      -p threads="$THREADS" -p bfloat16=true -wi 1 -i 2 -w 2 -r 3 -rf json -rff "$OUT/jmh-bf16-$r.json" \
      > "$OUT/jmh-bf16-$r.log" 2>&1
  fi
  echo "round $r/$ROUNDS: torch peer" >&2
  "$PY" "$PEER" --threads "$THREADS" --steps 10 > "$OUT/torch-$r.txt"
done
"$PY" - "$OUT" "$ROUNDS" <<'PYEOF'
import json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
pairs = [("ae_train_b8", "AutoencoderBenchmark.trainStepBatch8"), ("ae_encode_b64", "AutoencoderBenchmark.encodeBatch64"),
         ("ae_decode_b64", "AutoencoderBenchmark.decodeBatch64"), ("edss_train_b8", "EdssBenchmark.trainStepBatch8"),
         ("edss_infer_b32", "EdssBenchmark.inferBatch32")]
def jmh(path):
    if not os.path.exists(path):
        return {}
    return {b["benchmark"].split("benchmarks.")[1]: b["primaryMetric"]["score"] for b in json.load(open(path))}
ratios = {k: [] for k, _ in pairs}
ratios_bf = {k: [] for k, _ in pairs}
for r in range(1, rounds + 1):
    torch = {}
    for line in open(f"{out}/torch-{r}.txt"):
        p = line.split()
        if len(p) >= 2 and p[0] in dict(pairs):
            torch[p[0]] = float(p[1])
    ours, bf = jmh(f"{out}/jmh-{r}.json"), jmh(f"{out}/jmh-bf16-{r}.json")
    print(f"round {r}: workload  torch ms/subvol  cryomine ms/subvol  ratio" + ("  cryomine-bf16  ratio" if bf else ""))
    for k, b in pairs:
        t, o = torch[k], ours[b]
        ratios[k].append(t / o)
        line = f"  {k:15s} {t:10.2f} {o:10.2f} {t / o:7.2f}x"
        if b in bf:
            ratios_bf[k].append(t / bf[b])
            line += f"  {bf[b]:10.2f} {t / bf[b]:7.2f}x"
        print(line)
print("median torch/cryomine ratio over rounds (noisy: the machine is shared):")
for k, _ in pairs:
    line = f"  {k:15s} {statistics.median(ratios[k]):6.2f}x"
    if ratios_bf[k]:
        line += f"   bf16 {statistics.median(ratios_bf[k]):6.2f}x"
    print(line)
PYEOF
echo "raw outputs in $OUT" >&2
