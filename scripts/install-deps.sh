#!/usr/bin/env bash
# Installs the Debian packages nls links against, only when something is missing
# (and the test tools: tmux for the REPL test, chromium for the report test).
set -euo pipefail
PKGS="libopenblas-dev liblapacke-dev libnifti2-dev libedit-dev ocl-icd-opencl-dev pocl-opencl-icd libclblast-dev tmux libcurl4-openssl-dev xz-utils libxxhash-dev libcairo2-dev fonts-dejavu-core chromium libopenmpi-dev openmpi-bin"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then exit 0; fi
echo "install-deps: installing$missing"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
