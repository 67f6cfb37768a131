#!/usr/bin/env bash
# Downloads the pure-Python wheels the GPU machine's Python may lack (himalaya, nibabel, and
# array-api-compat for scikit-learn on CuPy) into
# bench/gpu/wheels/, to travel with the tree; bench/gpu/run.sh unpacks them there.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip download --no-deps --only-binary=:all: -d wheels "himalaya==0.4.11" "nibabel==5.4.2" array-api-compat
ls wheels
