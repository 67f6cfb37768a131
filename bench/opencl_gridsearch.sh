#!/usr/bin/env bash
# Encoding GridSearch (Ridge svd, 100 alphas, KFold 5, 2860 x 100 -> 5325 voxels) on cpu vs an
# OpenCL device, with the transfer-time share measured inside the backend (TransferStats).
#   bench/opencl_gridsearch.sh                  # cpu vs opencl:0, float32 (+ float64 if the device has fp64)
#   NLS_BENCH_DEVICE=opencl:1 bench/opencl_gridsearch.sh
#   NLS_BENCH_DTYPE=float32 NLS_BENCH_REPEATS=5 bench/opencl_gridsearch.sh
# Data: NLS_ENCODING_DIR (default /work/shared/data/encoding; synthetic data of the same
# shape when it is missing). Summary table: bench/out/opencl_gridsearch.md.
# On a GPU machine nothing changes but the OpenCL driver: install the vendor's ICD
# (NVIDIA: the driver's libnvidia-opencl / nvidia-opencl-icd; AMD: rocm-opencl-runtime or
# mesa-opencl-icd; Intel: intel-opencl-icd) next to ocl-icd-libopencl1 + libclblast1;
# `clinfo -l` lists what the ICD loader sees; pick the device with NLS_BENCH_DEVICE.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
export NLS_BENCH_OPENCL=1
export NLS_BENCH_OUT="${NLS_BENCH_OUT:-$PWD/bench/out/opencl_gridsearch.md}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$(nproc)}"
LOCK=(); if command -v flock >/dev/null; then LOCK=(flock /tmp/nls-build.lock); fi
# `swift test -c release` (not build + --skip-build): it compiles with testable imports.
"${LOCK[@]}" swift test -c release --filter OpenCLGridSearchBench > bench/out/opencl_test.log 2>&1 || {
  grep -E "error|failed" bench/out/opencl_test.log | head -20; tail -20 bench/out/opencl_test.log
  echo "benchmark failed (bench/out/opencl_test.log)"; exit 1; }
cat "$NLS_BENCH_OUT"
echo "summary: $NLS_BENCH_OUT"
