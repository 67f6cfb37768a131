#!/usr/bin/env bash
# Device-speed table (README "Performance on a GPU"): the encoding GridSearch (X 2860 × 100,
# Y 2860 × 5,325 masked voxels, Ridge svd, logspace(-6, 6, 100), KFold 5) with nls on the
# cpu device (all cores, one core) and on OpenCL (float32, float64; 10 alphas; refit off;
# 50,000 synthetic targets), GEMM TFLOP/s, and the peers the machine has (himalaya on
# torch_cuda / cupy, scikit-learn on CuPy, torch's GEMM), printed as one table with ratios.
#
#   bench/gpu/run.sh [--bundle TAR_OR_DIR] [--data DIR] [--quick] [--tools LIST] [--with-sklearn-numpy]
#
# nls comes from --bundle (a `make dist` tarball or its unpacked folder), else .build/release,
# else dist/. No Swift toolchain is needed: copy the bundle, bench/gpu and the data to
# the GPU machine and run this there. When the NVIDIA driver's libnvidia-opencl.so is
# present but /etc/OpenCL/vendors has no entry, an .icd naming it is written and
# OCL_ICD_VENDORS points at it. himalaya and nibabel are taken from bench/gpu/wheels/*.whl
# (fetch them with bench/gpu/fetch-wheels.sh) when Python cannot import them.
# --quick: the same runs with 5,000 synthetic targets for the large
# case, one repeat, GEMM at n = 1024: a smoke run for machines without a GPU (PoCL).
# Results: bench/out/gpu/ (runs/*.txt, peers.jsonl, table.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${NLS_BENCH_OUT_DIR:-bench/out/gpu}"
BUNDLE="" DATA="${NLS_ENCODING_DIR:-../shared/data/encoding}" QUICK=0 TOOLS="numpy_dgemm,himalaya_torch_cuda,himalaya_cupy,sklearn_cupy,torch_gemm"
DEVICE="${NLS_BENCH_DEVICE:-opencl}"
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) BUNDLE="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --tools) TOOLS="$2"; shift 2 ;;
    --with-sklearn-numpy) TOOLS="$TOOLS,sklearn_numpy"; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -f "$DATA/stimuli.csv" ] || { echo "no encoding data in $DATA (stimuli.csv, fmri.nii.gz, mask.nii.gz); pass --data DIR" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT/runs"

# --- nls
NLS=""
if [ -n "$BUNDLE" ]; then
  if [ -f "$BUNDLE" ]; then mkdir -p "$OUT/bundle"; tar -xJf "$BUNDLE" -C "$OUT/bundle"; BUNDLE=$(ls -d "$OUT"/bundle/nls-*/ | head -1); fi
  NLS="$BUNDLE/bin/nls"
elif [ -x .build/release/nls ]; then NLS=.build/release/nls
else NLS=$(ls dist/nls-*/bin/nls 2>/dev/null | head -1); fi
[ -x "$NLS" ] || { echo "no nls binary ($NLS); build with make dist or pass --bundle" >&2; exit 2; }
NLS=$(cd "$(dirname "$NLS")" && pwd)/$(basename "$NLS")

# --- OpenCL: NVIDIA's driver library without an ICD entry
if [ -z "${OCL_ICD_VENDORS:-}" ] && ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
  lib=$( (ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so/ {print $NF; exit}') || true)
  [ -n "$lib" ] || lib=$(ls /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so* /usr/lib64/libnvidia-opencl.so* \
                            /usr/local/nvidia/lib64/libnvidia-opencl.so* 2>/dev/null | head -1 || true)
  if [ -n "$lib" ]; then
    mkdir -p "$OUT/icd"; echo "$lib" > "$OUT/icd/nvidia.icd"; export OCL_ICD_VENDORS="$PWD/$OUT/icd"
    echo "OCL_ICD_VENDORS=$OCL_ICD_VENDORS ($lib)"
  fi
fi
# An empty program cache (nls's kernels and CLBlast's): the first device run's cold_s
# includes every compilation, the later runs' cold_s what remains with the cache filled.
export NLS_OPENCL_CACHE_DIR="$PWD/$OUT/opencl-cache"
"$NLS" repl -c 'print(devices())' > "$OUT/devices.txt" 2>&1 || true
cat "$OUT/devices.txt"

# --- nls runs: label | device dtype n_alphas refit targets n_jobs repeats profile
BIG=50000 REP=3 GEMM="2048 8192"
if [ "$QUICK" = 1 ]; then BIG=5000 REP=1 GEMM="1024"; fi
runs=(
  "nls cpu, n_jobs -1 (all cores)|cpu float64 100 1 0 -1 $REP 1"
  "nls cpu, n_jobs 1|cpu float64 100 1 0 1 $REP 0"
  "nls cpu, n_jobs 2|cpu float64 100 1 0 2 $REP 0"
  "nls $DEVICE float32|$DEVICE float32 100 1 0 1 $REP 1"
  "nls $DEVICE float64|$DEVICE float64 100 1 0 1 $REP 1"
  "nls cpu, 10 alphas, n_jobs -1|cpu float64 10 1 0 -1 $REP 0"
  "nls $DEVICE float32, 10 alphas|$DEVICE float32 10 1 0 1 $REP 0"
  "nls $DEVICE float32, refit off|$DEVICE float32 100 0 0 1 $REP 0"
  "nls cpu, refit off, n_jobs -1|cpu float64 100 0 0 -1 $REP 0"
  "nls cpu, $BIG targets, n_jobs -1|cpu float64 100 1 $BIG -1 $REP 1"
  "nls $DEVICE float32, $BIG targets|$DEVICE float32 100 1 $BIG 1 $REP 1"
)
i=0
for r in "${runs[@]}"; do
  label="${r%%|*}"; set -- ${r#*|}
  i=$((i + 1)); f="$OUT/runs/$(printf %02d $i).txt"
  echo "== $label"
  echo "# $label" > "$f"
  if ! "$NLS" run bench/gpu/encoding_fit.nls "$DATA" "$@" >> "$f" 2> "$f.err"; then
    echo "   failed: $(tail -3 "$f.err" | tr '\n' ' ')"
  fi
done
for dtype in float32 float64; do
  for n in $GEMM; do
    i=$((i + 1)); f="$OUT/runs/$(printf %02d $i).txt"
    echo "== gemm $DEVICE $dtype n=$n"
    echo "# gemm $DEVICE $dtype $n" > "$f"
    "$NLS" run bench/gpu/gemm.nls "$DEVICE" "$dtype" "$n" >> "$f" 2> "$f.err" || echo "   failed: $(tail -3 "$f.err" | tr '\n' ' ')"
  done
done

# --- peers
PY=python3
if ! $PY -c "import himalaya, nibabel, array_api_compat" 2>/dev/null && ls bench/gpu/wheels/*.whl >/dev/null 2>&1; then
  mkdir -p "$OUT/pylib"
  for w in bench/gpu/wheels/*.whl; do $PY -m zipfile -e "$w" "$OUT/pylib"; done
  export PYTHONPATH="$PWD/$OUT/pylib${PYTHONPATH:+:$PYTHONPATH}"
fi
if [ -n "$TOOLS" ]; then
  echo "== peers: $TOOLS"
  for t in ${TOOLS//,/ }; do
    [ "$t" = numpy_dgemm ] && { $PY bench/gpu/peers.py --data "$DATA" --tools numpy_dgemm >> "$OUT/peers.jsonl" 2>> "$OUT/peers.err" || true; continue; }
    [ "$t" = torch_gemm ] && { $PY bench/gpu/peers.py --data "$DATA" --tools torch_gemm --gemm-sizes "${GEMM// /,}" >> "$OUT/peers.jsonl" 2>> "$OUT/peers.err" || true; continue; }
    $PY bench/gpu/peers.py --data "$DATA" --tools "$t" --repeats "$REP" >> "$OUT/peers.jsonl" 2>> "$OUT/peers.err" || true
    case "$t" in himalaya_*) ;; *) continue ;; esac
    $PY bench/gpu/peers.py --data "$DATA" --tools "$t" --targets "$BIG" --repeats 1 \
        | sed 's/"tool": "\([a-z_]*\)"/"tool": "\1", "big": true/' >> "$OUT/peers.jsonl" 2>> "$OUT/peers.err" || true
  done
fi
$PY bench/gpu/table.py "$OUT" | tee "$OUT/table.md"
