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
let img = new_img_like(load_img("mask.nii.gz"), load_img("mask.nii.gz").get_data() * 2.0 - 1.0)
plot_stat_map(img, title: "bundle", output: "stat.png")
plot_lines([1, 10, 100], [0.2, 0.5, 0.3], log_x: true, output: "plain.png")
plot_lines([1, 10, 100], [0.2, 0.5, 0.3], log_x: true, title: "text from the bundled font", output: "titled.png")
NLS
cp examples/data/searchlight/mask.nii.gz "$TMP/mask.nii.gz"
OUT=$(cd "$TMP" && env -i "$ROOT/bin/nls" run check.nls)
echo "$OUT"
echo "$OUT" | grep -q "best alpha 0.001" || { echo "check-dist: unexpected output"; exit 1; }
echo "$OUT" | grep -q "figure written to stat.png" || { echo "check-dist: no figure"; exit 1; }
# A PNG of the requested kind, and text really drawn: a title changes the pixels (cairo
# silently draws nothing when it has no font).
head -c 8 "$TMP/stat.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || { echo "check-dist: stat.png is not a PNG"; exit 1; }
cmp -s "$TMP/plain.png" "$TMP/titled.png" && { echo "check-dist: plot text did not render"; exit 1; }
# Where strace exists, check that the font came from the bundle.
if command -v strace >/dev/null; then
    (cd "$TMP" && env -i strace -f -e trace=openat -o "$TMP/trace" "$ROOT/bin/nls" -c 'plot_lines([1, 2], [1, 2], title: "t", output: "t.png")' >/dev/null)
    grep -q "$ROOT/bin/../share/nls/fonts/DejaVuSans.ttf\|$ROOT/share/nls/fonts/DejaVuSans.ttf" "$TMP/trace" \
        || { echo "check-dist: the plot font was not read from the bundle"; grep -i ttf "$TMP/trace"; exit 1; }
fi
# Nothing but the C library family may come from the system.
BAD=$(ldd "$ROOT/bin/nls" | awk '/=> \// {print $1, $3}' | grep -v " $ROOT/" \
      | grep -Ev '^(libc|libm|libpthread|libdl|librt|libresolv|libutil)\.so' || true)
if [ -n "$BAD" ]; then echo "check-dist: loaded from the system:"; echo "$BAD"; exit 1; fi
echo "check-dist: ok ($(ls "$ROOT/lib" | wc -l) bundled libraries)"
