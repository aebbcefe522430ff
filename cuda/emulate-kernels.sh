#!/usr/bin/env bash
# Checks the CUDA kernels of src/main/cuda/dog.cu on a machine without a GPU: compiles them for the CPU with
# g++ (C++20; src/test/cpp/emulate.cpp) and compares their results with core's DogFilter and PeakFinder in
# every boundary mode (KernelEmulation). Slow: several minutes on 2 cores. Needs the cuda module's test
# classes: mvn -o -Dbuild.dirname=target-cuda -pl cuda -am test-compile
set -euo pipefail
cd "$(dirname "$0")"
T=${BUILD_DIR:-target-cuda}
mkdir -p "$T/emulate"
sed -e 's/extern __shared__ float smem\[\];/float* smem = dyn_shared;/' -e 's/__shared__ float tile/static float tile/' \
    src/main/cuda/dog.cu > "$T/emulate/dog_emu.inc"
g++ -std=c++20 -O1 -pthread -w -I "$T/emulate" -o "$T/emulate/emulate" src/test/cpp/emulate.cpp
M2=~/.m2/repository
CP="$T/test-classes:$T/classes:../core/$T/classes:$M2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
CP="$CP:$M2/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar:$M2/org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13.jar"
exec java -cp "$CP" org.cryomine.cuda.KernelEmulation "$T/emulate/emulate"
