#!/usr/bin/env bash
# `make dist`: a portable bundle for Linux x86-64 machines without Swift or Debian's
# packages (GPU nodes, clusters): dist/nls-<version>-linux-x86_64.tar.xz holding
#   bin/nls              release build, Swift runtime and Foundation linked statically,
#                        DT_RPATH $ORIGIN/../lib (applies to the libraries' own dependencies too)
#   lib/                 every shared library it loads except the C library family
#                        (OpenBLAS, LAPACKE, libnifti/znz, CLBlast, the OpenCL ICD loader,
#                        libedit, cairo with FreeType, and their dependencies: gfortran,
#                        stdc++, tinfo, png, pixman, …)
#   share/nls/stdlib/    the prelude and templates
#   share/nls/fonts/     DejaVu Sans (and its licence) for plot text: loaded from this file,
#                        so figures have labels on machines without fonts or fontconfig
# The OpenCL vendor driver is the machine's own (see README: OCL_ICD_VENDORS).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=.build-dist
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" \
    -Xlinker -rpath -Xlinker '$ORIGIN/../lib' -Xlinker --disable-new-dtags
VERSION=$("$SCRATCH/release/nls" --version)
NAME="nls-$VERSION-linux-x86_64"
STAGE="dist/$NAME"
rm -rf "$STAGE" && mkdir -p "$STAGE/bin" "$STAGE/lib" "$STAGE/share/nls"
cp "$SCRATCH/release/nls" "$STAGE/bin/nls"
cp -R stdlib "$STAGE/share/nls/stdlib"
mkdir -p "$STAGE/share/nls/fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$STAGE/share/nls/fonts/"
cp /usr/share/doc/fonts-dejavu-core/copyright "$STAGE/share/nls/fonts/LICENSE-DejaVu"
# The C library family stays the system's (it must match the kernel and loader).
ldd "$STAGE/bin/nls" | awk '/=> \// {print $1, $3}' | while read -r name path; do
    case "$name" in
        libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|ld-linux*) continue ;;
    esac
    cp -L "$path" "$STAGE/lib/$name"
done
tar -C dist -cJf "dist/$NAME.tar.xz" "$NAME"
echo "dist/$NAME.tar.xz"
