#!/usr/bin/env bash
# Checks a bundle made by scripts/make-dist.sh the way a bare machine would use it:
# unpacked into a temporary folder, run with an empty environment (env -i), and every
# library it loads coming from the bundle except the C library family.
set -euo pipefail
cd "$(dirname "$0")/.."
TARBALL="${1:-$(ls -t dist/nls-*-linux-x86_64.tar.xz | head -1)}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
tar -C "$TMP" -xJf "$TARBALL"
ROOT=$(echo "$TMP"/nls-*)
cat > "$TMP/check.nls" <<'NLS'
let X = arange(0, 40).reshape([20, 2]) / 10.0
let y = X @ array([1.0, -2.0]) + 3.0
let g = GridSearch(Ridge(), grid: {alpha: logspace(-3, 3, 7)}, cv: 4).fit(X, y)
print("best alpha", g.best_params.alpha)
print(devices().n_rows >= 1)
NLS
OUT=$(cd "$TMP" && env -i "$ROOT/bin/nls" run check.nls)
echo "$OUT"
echo "$OUT" | grep -q "best alpha 0.001" || { echo "check-dist: unexpected output"; exit 1; }
# Nothing but the C library family may come from the system.
BAD=$(ldd "$ROOT/bin/nls" | awk '/=> \// {print $1, $3}' | grep -v " $ROOT/" \
      | grep -Ev '^(libc|libm|libpthread|libdl|librt|libresolv|libutil)\.so' || true)
if [ -n "$BAD" ]; then echo "check-dist: loaded from the system:"; echo "$BAD"; exit 1; fi
echo "check-dist: ok ($(ls "$ROOT/lib" | wc -l) bundled libraries)"
