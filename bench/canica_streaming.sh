#!/usr/bin/env bash
# CanICA's memory does not grow with the number of subjects: peak RSS of one nls process
# fitting 2, 6 and 12 generated subjects (40×48×34 voxels, 200 volumes each; 12 subjects
# are 1.3 GB as float64), n_jobs 1 and 2. Data go to bench/out/rest12 (ignored by git).
# Usage: bench/canica_streaming.sh [NLS]   (default .build/release/nls)
set -euo pipefail
cd "$(dirname "$0")/.."
NLS=${1:-.build/release/nls}
DATA=bench/out/rest12
mkdir -p "$DATA"
[ -f "$DATA/sub-11_bold.nii.gz" ] || "$NLS" run bench/make_rest_subjects.nls "$DATA" 12 200
for jobs in 1 2; do
  for n in 2 6 12; do
    "$NLS" run bench/canica.nls "$DATA" "$jobs" "" "$n"
  done
done
