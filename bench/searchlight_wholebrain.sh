#!/usr/bin/env bash
# Whole-brain SearchLight: ~50,000 mask voxels at 3 mm, 300 volumes, every mask voxel a
# centre, estimator "svc", KFold(4), radius 5.6 mm. nls runs the whole job; nilearn is
# timed on its first 500 centres and extrapolated (the full run would take hours).
# Usage: bench/searchlight_wholebrain.sh [N_JOBS]   (after `make release`; creates bench/.venv
# through bench/encoding_gridsearch.py if needed, data in bench/out/wholebrain)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${1:-2}"
PY=bench/.venv/bin/python
[ -x "$PY" ] || python3 bench/encoding_gridsearch.py --tools dgemm >/dev/null
DIR=bench/out/wholebrain
[ -f "$DIR/process_mask.nii.gz" ] || "$PY" bench/make_wholebrain.py "$DIR"
.build/release/nls run bench/searchlight.nls "$DIR" "$JOBS" kfold4 svc
"$PY" bench/searchlight.py "$DIR" --n-jobs "$JOBS" --centres 500
