#!/usr/bin/env bash
# One dataset run against separate runs: N simulated tomograms mined as one dataset (one autoencoder, one
# codebook) and each mined on its own, with the same settings. Prints wall time and peak RSS of each command
# (GNU time) and cluster purity against the simulations' ground truth.
#
#   benchmarks/dataset-vs-separate.sh [N] [SIZE] [EPOCHS] [K]     # defaults: 16 256,256,96 16 30
#
# Needs the built jar (mvn -B -q package -DskipTests; or CRYOMINE_JAR=path). Writes under ${OUT:-/tmp/cryomine-dataset-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-16}; SIZE=${2:-256,256,96}; EPOCHS=${3:-16}; K=${4:-30}
OUT=${OUT:-/tmp/cryomine-dataset-bench}
JAR=${CRYOMINE_JAR:-cli/target/cryomine.jar}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
JAVA_OPTS=${CRYOMINE_JAVA_OPTS:--Xmx4g}
cryomine() { java $JAVA_OPTS -jar "$JAR" "$@"; }
rm -rf "$OUT"; mkdir -p "$OUT/data" "$OUT/truth"
for i in $(seq 1 "$N"); do
  name=$(printf 'T%02d' "$i")
  cryomine simulate --out "$OUT/sim-$name" --size "$SIZE" --seed "$i" --quiet > /dev/null
  mv "$OUT/sim-$name/tomogram.mrc" "$OUT/data/$name.mrc"; mv "$OUT/sim-$name/labels.mrc" "$OUT/truth/$name.mrc"
  rm -rf "$OUT/sim-$name"
done
common=(--k "$K" --epochs "$EPOCHS" --seed 7 --quiet)
timed() { /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > /dev/null; cat "$OUT/time.txt"; }
read -r dwall drss < <(timed java $JAVA_OPTS -jar "$JAR" mine "$OUT/data" --out "$OUT/run-dataset" "${common[@]}")
swall=0; srss=0; runs=()
for f in "$OUT"/data/*.mrc; do
  name=$(basename "$f" .mrc)
  read -r w r < <(timed java $JAVA_OPTS -jar "$JAR" mine "$f" --out "$OUT/run-$name" "${common[@]}")
  swall=$(python3 -c "print($swall + $w)"); srss=$(( r > srss ? r : srss )); runs+=("$OUT/run-$name")
done
java -cp "$JAR" org.cryomine.demo.RunPurity "$OUT/truth" "$OUT/run-dataset" "${runs[@]}" > "$OUT/purity.txt"
# RunPurity prints: purity RUN PICKS K PURITY MACRO_F1; the separate runs' figures are pick-weighted means
dp=$(awk 'NR==1 {print $5}' "$OUT/purity.txt"); df=$(awk 'NR==1 {print $6}' "$OUT/purity.txt")
sp=$(awk 'NR>1 {s+=$5*$3; n+=$3} END {printf "%.4f", s/n}' "$OUT/purity.txt")
sf=$(awk 'NR>1 {s+=$6*$3; n+=$3} END {printf "%.4f", s/n}' "$OUT/purity.txt")
echo "tomograms $N size $SIZE epochs $EPOCHS k $K"

echo "dataset run:   wall ${dwall} s, peak RSS $((drss / 1024)) MB, purity $dp, macro-F1 $df (one codebook of k=$K over all picks)"
echo "separate runs: wall ${swall} s in all, largest peak RSS $((srss / 1024)) MB, purity $sp, macro-F1 $sf (pick-weighted means, k=$K each)"
