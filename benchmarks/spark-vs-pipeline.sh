#!/usr/bin/env bash
# The Spark dataset job against the pipeline module on the same cores: N simulated tomograms mined as one dataset in
# one JVM, first by MiningPipeline.run(Dataset) and then by SparkDatasetMining on local[CORES] (after a warm-up of
# both). Prints both wall times, their ratio (the overhead of Spark), Spark's stage times and whether the results
# agree (picks, clusters, largest code difference).
#
#   benchmarks/spark-vs-pipeline.sh [N] [SIZE] [EPOCHS] [K] [CORES]    # defaults: 8 128,128,64 4 20 2
#
# Builds the spark module and its dependencies (offline; no install). Writes under ${OUT:-/tmp/cryomine-spark-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-8}; SIZE=${2:-128,128,64}; EPOCHS=${3:-4}; K=${4:-20}; CORES=${5:-2}
OUT=${OUT:-/tmp/cryomine-spark-bench}
CP_FILE=$(mktemp)
mvn -B -o -q -pl spark -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" > /dev/null
CP="spark/target/test-classes:spark/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
SPARK_OPTS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
rm -rf "$OUT"; mkdir -p "$OUT"
# shellcheck disable=SC2086
exec java ${CRYOMINE_JAVA_OPTS:--Xmx6g} $SPARK_OPTS -XX:ActiveProcessorCount="$CORES" \
    -Dlog4j2.configurationFile="$PWD/spark/src/test/resources/log4j2.properties" \
    -cp "$CP" org.cryomine.spark.SparkVsPipelineBenchmark "$OUT" "$N" "$SIZE" "$EPOCHS" "$K" "$CORES"
