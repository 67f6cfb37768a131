#!/usr/bin/env bash
# Encoding GridSearch on cpu vs an OpenCL device, with the transfer-time share.
#   bench/opencl_gridsearch.sh                 # cpu vs opencl:0, float32 (+ float64 if the device has fp64)
#   NLS_BENCH_DEVICE=opencl:1 bench/opencl_gridsearch.sh
#   NLS_BENCH_DTYPE=float32 NLS_BENCH_REPEATS=5 bench/opencl_gridsearch.sh
# Data: NLS_ENCODING_DIR (default /work/shared/data/encoding; synthetic data of the same
# shape when it is missing). Summary table: bench/out/opencl_gridsearch.md.
# Needs an OpenCL ICD for the device: pocl-opencl-icd (CPU), or the GPU vendor's
# (nvidia-opencl-icd / NVIDIA driver, mesa-opencl-icd or rocm-opencl-runtime for AMD,
# intel-opencl-icd for Intel); `clinfo -l` lists what the ICD loader sees.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
export NLS_BENCH_OPENCL=1
export NLS_BENCH_OUT="${NLS_BENCH_OUT:-$PWD/bench/out/opencl_gridsearch.md}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$(nproc)}"
LOCK=(); command -v flock >/dev/null && LOCK=(flock /tmp/nls-build.lock)
"${LOCK[@]}" swift build -c release --build-tests >/dev/null
"${LOCK[@]}" swift test -c release --skip-build --filter OpenCLGridSearchBench 2>&1 \
  | grep -vE '^(Test Suite|Test Case|\[|Building|Build complete)' | grep -vE '^\s*Executed|Testing Library|Target Platform|Test run with'
echo "summary: $NLS_BENCH_OUT"
