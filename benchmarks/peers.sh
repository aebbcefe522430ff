#!/usr/bin/env bash
# Side-by-side ratios of cryomine against its peers, on this machine, in one run.
#
# Each round runs every peer program (benchmarks/peers/: scipy DoG picking, scikit-learn k-means, PyTorch
# Autoencoder3D/EDSS3D; copies of shared/peers/, see benchmarks/peers/README.md) and the matching cryomine JMH
# benchmark (DogBenchmark.dogPicking, KMeansBenchmark.fit on the peer's exact matrix, AutoencoderBenchmark and
# EdssBenchmark in float32 and in bfloat16 inference) one after the other, peer first in odd rounds and cryomine
# first in even ones. The table gives, per workload, the median over rounds of the per-round ratio
# cryomine time / peer time (the machine is shared and noisy: a ratio from one round compares like with like),
# the target and pass/fail. Once per run it also measures the machine's matrix-multiply peak (TF MatMul
# 2048^2, float32 and bfloat16), the Gaussian filter alone and MRC read/write against a file copy, and prints
# the achieved GFLOP/s of the networks and filters (reference flops, ReferenceFlops.java) against that peak.
# The end-to-end rows (part e2e, once per run: benchmarks/end-to-end.sh) time `cryomine mine`, `train-seg` and
# `segment` of a simulated 400x400x128 tomogram as a user runs them, against issue 20's targets (no peer runs
# the whole chain), with each command's stage profile and the segmentation's IoU.
#
# usage: benchmarks/peers.sh [--rounds N] [--quick] [--only dog,kmeans,nn,extras] [--threads T] [--mrc-mib M]
#                            [--out DIR]
#   --rounds N   rounds (default 3)
#   --quick      one round, fewer iterations, a 256 MiB MRC file, a 160x160x64 end-to-end run: a smoke run of a few
#                minutes
#   --only LIST  some of dog, kmeans, nn, extras, e2e (default all)
#   --threads T  threads of both sides' networks and of cryomine's DoG and k-means (default 2)
#   --mrc-mib M  MRC file size in MiB (default 1024; a multiple of 4)
#   --out DIR    keep the raw outputs there (default: a new temporary folder, kept, named at the end)
#   --torch-warmup W  warm-up calls per PyTorch workload (default 1; the peer script's own is 3, which takes a
#                minute longer per round: the script is run as it is, with its timing helper's warm-up count
#                replaced; the timed calls, models and batch sizes are the script's)
# environment: JAR (default benchmarks/target/benchmarks.jar; built with Maven if missing), CLI_JAR (the command
#   line, default cli/target/cryomine.jar; the e2e part is skipped without it), PY (default
#   /usr/bin/python3), PEERS (default benchmarks/peers).
# A row whose peer package (python3-scipy, python3-sklearn, python3-torch) is missing is skipped with a message.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=3
QUICK=0
ONLY=dog,kmeans,nn,extras,e2e
E2E_SIZE=400,400,128
THREADS=2
MRC_MIB=1024
OUT=""
TORCH_WARMUP=1
usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --quick) QUICK=1; ROUNDS=1; MRC_MIB=256; E2E_SIZE=160,160,64; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --mrc-mib) MRC_MIB="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --torch-warmup) TORCH_WARMUP="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds takes a positive integer, got '$ROUNDS'" >&2; exit 2; }
[[ "$TORCH_WARMUP" =~ ^[0-9]+$ ]] || { echo "--torch-warmup takes an integer >= 0, got '$TORCH_WARMUP'" >&2; exit 2; }
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || { echo "--threads takes a positive integer, got '$THREADS'" >&2; exit 2; }
{ [[ "$MRC_MIB" =~ ^[0-9]+$ ]] && [ "$MRC_MIB" -ge 4 ] && [ $((MRC_MIB % 4)) -eq 0 ]; } \
  || { echo "--mrc-mib takes a multiple of 4 (MiB), got '$MRC_MIB'" >&2; exit 2; }
for part in ${ONLY//,/ }; do
  case "$part" in dog|kmeans|nn|extras|e2e) ;; *) echo "--only: unknown part '$part' (dog, kmeans, nn, extras, e2e)" >&2; exit 2 ;; esac
done
want() { [[ ",$ONLY," == *",$1,"* ]]; }

JAR="${JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
PY="${PY:-/usr/bin/python3}"
PEERS="${PEERS:-$ROOT/benchmarks/peers}"
if [ ! -x "$PY" ]; then
  echo "$PY not found: the peers and the table need Python 3 (Debian: apt-get install python3)" >&2; exit 2
fi
if [ ! -f "$JAR" ]; then
  echo "building $JAR (mvn -B -q -pl benchmarks -am package -DskipTests)" >&2
  (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests) || { echo "build failed" >&2; exit 2; }
fi
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/cryomine-peers.XXXXXX")}"
mkdir -p "$OUT"
: > "$OUT/skipped"
: > "$OUT/failures"
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

if [ "$QUICK" = 1 ]; then
  DOG_IT=(-wi 1 -i 1); KM_IT=(-wi 2 -i 2); NN_IT=(-wi 1 -i 1 -w 1 -r 2); TORCH_STEPS=1
  GEMM_IT=(-wi 1 -i 1 -w 1 -r 2); FILTER_IT=(-wi 1 -i 1); MRC_IT=(-wi 1 -i 1)
else
  DOG_IT=(-wi 1 -i 3); KM_IT=(-wi 3 -i 5); NN_IT=(-wi 1 -i 2 -w 2 -r 2); TORCH_STEPS=3
  GEMM_IT=(-wi 1 -i 3 -w 2 -r 2); FILTER_IT=(-wi 1 -i 3); MRC_IT=(-wi 1 -i 3)
fi

START=$SECONDS
log() { printf '[%4ds] %s\n' $((SECONDS - START)) "$*" >&2; }

# jmh NAME ARGS...: one JMH run (one fork) with JSON results in $OUT/NAME.json; other JMH runs may share the
# machine, so JMH's lock is ignored. A failure is recorded, and the run goes on.
jmh() {
  local name="$1"; shift
  java -Djmh.ignoreLock=true -jar "$JAR" "$@" -f 1 -rf json -rff "$OUT/$name.json" > "$OUT/$name.log" 2>&1 \
    || { echo "$name: JMH failed, see $OUT/$name.log" >> "$OUT/failures"; log "  $name failed"; }
}

# peer NAME SCRIPT ARGS...: one peer program, its output in $OUT/NAME.txt.
peer() {
  local name="$1" script="$2"; shift 2
  "$PY" "$PEERS/$script" "$@" > "$OUT/$name.txt" 2>"$OUT/$name.err" \
    || { echo "$name: $script failed, see $OUT/$name.err" >> "$OUT/failures"; log "  $name failed"; }
}

has() { "$PY" -c "import $1" 2>/dev/null; }
DOG_PEER=1; KM_PEER=1; NN_PEER=1
has "numpy, scipy.ndimage" || { DOG_PEER=0; echo "dog: scipy is not installed for $PY (Debian: python3-scipy); no scipy ratio" >> "$OUT/skipped"; }
has "numpy, sklearn.cluster" || { KM_PEER=0; echo "kmeans: scikit-learn is not installed for $PY (Debian: python3-sklearn); k-means row skipped" >> "$OUT/skipped"; }
has "torch" || { NN_PEER=0; echo "nn: PyTorch is not installed for $PY (Debian: python3-torch); no torch ratios" >> "$OUT/skipped"; }

{
  echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) processors"
  echo "java $(java -version 2>&1 | head -1)"
  echo "python $("$PY" -c 'import sys; print(sys.version.split()[0])')"
  echo "rounds $ROUNDS threads $THREADS quick $QUICK mrc_mib $MRC_MIB torch_warmup $TORCH_WARMUP"
} > "$OUT/machine"
java -cp "$JAR" org.cryomine.benchmarks.ReferenceFlops > "$OUT/flops" 2>"$OUT/flops.err" \
  || echo "flops: ReferenceFlops failed, see $OUT/flops.err" >> "$OUT/failures"

dog_round() {
  local r="$1" first="$2"
  run_peer() { [ "$DOG_PEER" = 1 ] && { log "round $r: dog, scipy"; peer "r$r-scipy" scipy_dog.py; }; }
  run_ours() { log "round $r: dog, cryomine"; jmh "r$r-dog" 'DogBenchmark.dogPicking' -p threads="$THREADS" "${DOG_IT[@]}"; }
  if [ "$first" = peer ]; then run_peer; run_ours; else run_ours; run_peer; fi
}

kmeans_round() {
  local r="$1" first="$2" seed=$(($1 - 1))
  # the peer's data recipe, verbatim (sklearn_kmeans.py --seed S), so both sides fit the same matrix
  "$PY" - "$seed" "$OUT/r$r-kmeans.npy" <<'PY'
import sys, numpy as np
seed, out = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(seed)
centres = rng.normal(0, 3, size=(150, 32)); labels = rng.integers(0, 150, 38112)
x = np.maximum(centres[labels] + rng.normal(0, 1, size=(38112, 32)), 0).astype(np.float32)
np.save(out, x)
PY
  run_peer() { log "round $r: k-means, scikit-learn (seed $seed)"; peer "r$r-sklearn" sklearn_kmeans.py --seed "$seed"; }
  run_ours() {
    log "round $r: k-means, cryomine (seed $seed)"
    jmh "r$r-kmeans" 'KMeansBenchmark.fit' -p data="$OUT/r$r-kmeans.npy" -p seed="$seed" -p threads="$THREADS" \
      -p report="$OUT/r$r-kmeans-report.txt" "${KM_IT[@]}"
  }
  if [ "$first" = peer ]; then run_peer; run_ours; else run_ours; run_peer; fi
  rm -f "$OUT/r$r-kmeans.npy"
}

nn_round() {
  local r="$1" first="$2"
  run_peer() {
    [ "$NN_PEER" = 1 ] || return 0
    log "round $r: networks, PyTorch"
    if [ "$TORCH_WARMUP" = 3 ]; then
      peer "r$r-torch" torch_autoencoder3d.py --threads "$THREADS" --steps "$TORCH_STEPS"
    else
      # the peer's main() with its per_item_ms warming up TORCH_WARMUP times instead of 3
      "$PY" - --threads "$THREADS" --steps "$TORCH_STEPS" > "$OUT/r$r-torch.txt" 2>"$OUT/r$r-torch.err" <<PY \
        || { echo "r$r-torch: torch_autoencoder3d.py failed, see $OUT/r$r-torch.err" >> "$OUT/failures"; log "  r$r-torch failed"; }
import sys, time
sys.dont_write_bytecode = True
sys.path.insert(0, "$PEERS")
import torch_autoencoder3d as peer
def per_item_ms(fn, batch, steps):
    for _ in range($TORCH_WARMUP): fn()
    t = time.perf_counter()
    for _ in range(steps): fn()
    return (time.perf_counter() - t) * 1000 / (steps * batch)
peer.per_item_ms = per_item_ms
sys.argv[0] = "torch_autoencoder3d.py"
peer.main()
PY
    fi
  }
  run_ours() {
    log "round $r: networks, cryomine float32"
    jmh "r$r-nn" 'org.cryomine.benchmarks.(AutoencoderBenchmark|EdssBenchmark)' -p threads="$THREADS" -p bfloat16=false "${NN_IT[@]}"
    log "round $r: networks, cryomine bfloat16 inference"
    jmh "r$r-nn-bf16" 'org.cryomine.benchmarks.(AutoencoderBenchmark.(encode|decode)|EdssBenchmark.infer)' \
      -p threads="$THREADS" -p bfloat16=true "${NN_IT[@]}"
  }
  if [ "$first" = peer ]; then run_peer; run_ours; else run_ours; run_peer; fi
}

for r in $(seq 1 "$ROUNDS"); do
  first=peer; [ $((r % 2)) = 0 ] && first=cryomine
  echo "round $r load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine"
  want dog && dog_round "$r" "$first"
  want kmeans && { [ "$KM_PEER" = 1 ] && kmeans_round "$r" "$first"; }
  want nn && nn_round "$r" "$first"
done

if want extras; then
  log "matrix-multiply peak (TF MatMul 2048^2, float32 and bfloat16)"
  jmh gemm 'GemmBenchmark.matMul' -p threads="$THREADS" -p bfloat16=false,true "${GEMM_IT[@]}"
  log "Gaussian filter alone, 512x512x200"
  sigmas=2,5; [ "$QUICK" = 1 ] && sigmas=2
  jmh filter 'FilterBenchmark.gaussian' -p threads="$THREADS" -p sigma="$sigmas" "${FILTER_IT[@]}"
  log "MRC read/write and file copy, $MRC_MIB MiB"
  jmh mrc 'MrcBenchmark' -p sizeMiB="$MRC_MIB" "${MRC_IT[@]}"
fi
if want e2e; then
  CLI_JAR="${CLI_JAR:-$ROOT/cli/target/cryomine.jar}"
  if [ -f "$CLI_JAR" ]; then
    log "end to end: simulate, mine, train-seg, segment ($E2E_SIZE)"
    "$ROOT/benchmarks/end-to-end.sh" --size "$E2E_SIZE" --jar "$CLI_JAR" --out "$OUT/e2e" > "$OUT/e2e.txt" \
      2> "$OUT/e2e.err" || { echo "e2e: end-to-end.sh failed, see $OUT/e2e.err" >> "$OUT/failures"; log "  e2e failed"; }
  else
    echo "e2e: $CLI_JAR not found (mvn -B -q install -DskipTests builds it); end-to-end rows skipped" >> "$OUT/skipped"
  fi
fi
echo "end load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine"
log "done; raw outputs in $OUT"
"$PY" "$ROOT/benchmarks/peers_table.py" "$OUT"
