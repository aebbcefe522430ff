#!/usr/bin/env bash
# The quality suite: the whole chain on pairs of simulated tomograms that vary what real cells vary, one row per
# pair and a last line "quality: pairs N purity_gap_min X membrane_iou_mean X membrane_iou_min X globule_iou_mean X
# small_recall_mean X". The full suite (10 pairs) takes under an hour on 2 cores; --quick (2 pairs, small networks)
# a few minutes.
#
#   benchmarks/quality.sh [--quick] [--recipe recommended|paper] [--presets a,b] [--out DIR]
#
# Needs the built jar (mvn -B -q install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=cli/target/cryomine.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q install -DskipTests" >&2; exit 2; }
exec java ${CRYOMINE_JAVA_OPTS:--Xmx6g} -jar "$JAR" quality --quiet "$@"
