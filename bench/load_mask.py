#!/usr/bin/env python3
"""Benchmark: load + mask the encoding fMRI with nibabel + nilearn's NiftiMasker.

Usage: python3 bench/load_mask.py [DATA_DIR] [--repeat N]
DATA_DIR defaults to /work/shared/data/encoding (fmri.nii.gz: 40x40x30x2860 int16,
scl_slope 4; mask.nii.gz: 5325 voxels). Prints one JSON line per step and repeat:
  {"tool": "nilearn", "step": "load"|"mask"|"total", "repeat": i, "wall_s": ..., "peak_rss_mb": ...}
peak_rss_mb is the process high-water mark so far (resource.getrusage ru_maxrss, KiB on Linux).
The nls counterpart is bench/load_mask.nls (same steps, same output format).
"""
import argparse, json, os, resource, time

def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", nargs="?", default="/work/shared/data/encoding")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mode", choices=["image", "path"], default="image",
                    help="image: nib.load + get_fdata, then masker on the in-memory image (load and mask timed "
                         "separately); path: masker.fit_transform(path) in one step (nilearn's usual call)")
    args = ap.parse_args()
    t_import = time.perf_counter()
    import nibabel as nib
    import numpy as np
    from nilearn.maskers import NiftiMasker
    import nilearn
    print(json.dumps({"tool": "nilearn", "step": "import", "wall_s": round(time.perf_counter() - t_import, 4),
                      "nilearn": nilearn.__version__, "nibabel": nib.__version__, "peak_rss_mb": round(peak_rss_mb(), 1)}))
    fmri = os.path.join(args.data_dir, "fmri.nii.gz")
    mask = os.path.join(args.data_dir, "mask.nii.gz")
    for r in range(args.repeat):
        if args.mode == "path":
            t0 = time.perf_counter()
            Y = NiftiMasker(mask_img=mask, standardize=None).fit_transform(fmri)
            print(json.dumps({"tool": "nilearn", "step": "total", "mode": "path", "repeat": r,
                              "wall_s": round(time.perf_counter() - t0, 4), "shape": list(Y.shape),
                              "peak_rss_mb": round(peak_rss_mb(), 1)}))
            del Y
            continue
        t0 = time.perf_counter()
        img = nib.load(fmri)
        data = img.get_fdata()          # decompress + scale (float64), what the masker does internally
        img = nib.Nifti1Image(data, img.affine, img.header)
        t1 = time.perf_counter()
        print(json.dumps({"tool": "nilearn", "step": "load", "repeat": r, "wall_s": round(t1 - t0, 4),
                          "peak_rss_mb": round(peak_rss_mb(), 1)}))
        masker = NiftiMasker(mask_img=mask, standardize=None)
        Y = masker.fit_transform(img)
        t2 = time.perf_counter()
        print(json.dumps({"tool": "nilearn", "step": "mask", "repeat": r, "wall_s": round(t2 - t1, 4),
                          "shape": list(Y.shape), "dtype": str(Y.dtype), "checksum": float(np.sum(Y[:, :10])),
                          "peak_rss_mb": round(peak_rss_mb(), 1)}))
        print(json.dumps({"tool": "nilearn", "step": "total", "repeat": r, "wall_s": round(t2 - t0, 4),
                          "peak_rss_mb": round(peak_rss_mb(), 1)}))
        del img, data, Y, masker

if __name__ == "__main__":
    main()
