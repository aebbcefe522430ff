#!/usr/bin/env bash
# CUDA DoG check: the CUDA-versus-CPU equivalence tests and the GPU benchmark (1000x1000x300 by default).
#
#   cuda/gpu-check.sh bundle   on a build machine (Maven, ~/.m2, JDK 17 with jlink, CUDA 13 toolkit for nvcc
#                              and libcudart.so.13): builds core and cuda with the kernels and writes a
#                              self-contained bundle to cuda/target-gpu-check/bundle: a jlink'd Java runtime,
#                              the jars (with the test classes), libcudart.so.13, and run.sh
#   cuda/target-gpu-check/bundle/run.sh [nx ny nz] [--rounds N] [--cpu] [--no-benchmark]
#                              on the GPU machine (only the NVIDIA driver needed): runs the tests, then the
#                              benchmark; exit 0 passed, 1 a test failed, 3 no usable device (tests skipped)
#   cuda/gpu-check.sh [args]   both, here
#
# On the lent-device tool, carry the bundle (an ignored path): run with carry ["cuda/target-gpu-check/bundle"]
# and command "cuda/target-gpu-check/bundle/run.sh --cpu".
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=cuda/target-gpu-check/bundle
NVCC_LIB=${CUDA_HOME:-/usr/local/cuda}/lib64

bundle() {
  mvn -B -o -q -Dbuild.dirname=target-gpu-check -pl cuda -am package -DskipTests \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target-gpu-check/classpath.txt
  if ! unzip -l cuda/target-gpu-check/cryomine-cuda-*.jar | grep -q dog.fatbin; then
    echo "gpu-check: the cuda jar has no kernels (nvcc not found at build time)" >&2; exit 1
  fi
  rm -rf "$BUNDLE"; mkdir -p "$BUNDLE/lib" "$BUNDLE/native"
  { tr ":" "\n" < cuda/target-gpu-check/classpath.txt; echo; } | while read -r jar; do
    [ -n "$jar" ] || continue
    case "$jar" in
      *slf4j-nop*) cp "${jar//slf4j-nop/slf4j-simple}" "$BUNDLE/lib/" ;;  # show the INFO line saying which path
      *) cp "$jar" "$BUNDLE/lib/" ;;
    esac
  done
  cp cuda/target-gpu-check/cryomine-cuda-*.jar "$BUNDLE/lib/"
  jar cf "$BUNDLE/lib/cryomine-cuda-tests.jar" -C cuda/target-gpu-check/test-classes .
  cp -L "$NVCC_LIB/libcudart.so.13" "$BUNDLE/native/"
  jlink --add-modules java.base,java.logging,jdk.unsupported \
        --strip-debug --no-header-files --no-man-pages --compress=2 --output "$BUNDLE/runtime"
  cat > "$BUNDLE/run.sh" <<'RUN'
#!/bin/sh
# Runs cryomine's CUDA checks with the bundled Java runtime; needs only the NVIDIA driver (libcuda.so.1).
D=$(cd "$(dirname "$0")" && pwd)
export LD_LIBRARY_PATH="$D/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
exec "$D/runtime/bin/java" -Xmx32g -Dorg.bytedeco.javacpp.cachedir="${TMPDIR:-/tmp}/cryomine-javacpp-cache" \
     -Dorg.slf4j.simpleLogger.showDateTime=false -cp "$D/lib/*" org.cryomine.cuda.GpuCheck "$@"
RUN
  chmod +x "$BUNDLE/run.sh"
  du -sh "$BUNDLE" "$BUNDLE"/*
}

case "${1:-all}" in
  bundle) bundle ;;
  all) shift || true; bundle; "$BUNDLE/run.sh" "$@" ;;
  *) bundle; "$BUNDLE/run.sh" "$@" ;;
esac
