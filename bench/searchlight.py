#!/usr/bin/env python3
"""Benchmark: nilearn SearchLight(estimator="svc") on the searchlight dataset.

Usage: bench/.venv/bin/python bench/searchlight.py [DATA_DIR] [--n-jobs N] [--cv kfold4|logo] [--centres K]
DATA_DIR defaults to examples/data/searchlight (bold 40x48x34x200, mask 18,102 voxels,
process mask 3,541 centres, labels.csv). Prints one JSON line:
  {"tool": "nilearn", "n_jobs": N, "cv": ..., "centres": K, "wall_s": ..., "peak_rss_mb": ..., "mean_score": ...}
--centres K keeps the first K process-mask voxels (np.where order) to time a subset; the
full-run time is then extrapolated linearly ("wall_s_full_estimate").
peak_rss_mb is the high-water mark of this process and its children (joblib workers).
The nls counterpart is bench/searchlight.nls (same output format).
"""
import argparse, json, os, time

from peak_memory import peak_rss_mb

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", nargs="?", default=os.path.join(HERE, "..", "examples", "data", "searchlight"))
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--cv", choices=["kfold4", "logo"], default="kfold4")
    ap.add_argument("--centres", type=int, default=0)
    ap.add_argument("--save", default="", help="write the masked scores (one per line) to this file")
    args = ap.parse_args()
    import numpy as np
    import nibabel as nib
    import pandas as pd
    from nilearn.decoding import SearchLight
    from sklearn.model_selection import KFold, LeaveOneGroupOut

    d = args.data_dir
    labels = pd.read_csv(os.path.join(d, "labels.csv"))
    process = nib.load(os.path.join(d, "process_mask.nii.gz"))
    total = int((process.get_fdata() != 0).sum())
    if args.centres:
        data = process.get_fdata() != 0
        keep = np.zeros(data.shape, bool)
        idx = np.array(np.where(data)).T[: args.centres]
        keep[tuple(idx.T)] = True
        process = nib.Nifti1Image(keep.astype(np.uint8), process.affine)
    cv = KFold(n_splits=4) if args.cv == "kfold4" else LeaveOneGroupOut()
    t0 = time.perf_counter()
    sl = SearchLight(mask_img=os.path.join(d, "mask.nii.gz"), process_mask_img=process, radius=5.6,
                     estimator="svc", cv=cv, n_jobs=args.n_jobs)
    groups = labels["run"].values if args.cv == "logo" else None
    sl.fit(os.path.join(d, "bold.nii.gz"), labels["label"].values, groups=groups)
    wall = time.perf_counter() - t0
    n = args.centres or total
    out = {"tool": "nilearn", "n_jobs": args.n_jobs, "cv": args.cv, "centres": n, "wall_s": round(wall, 3),
           "peak_rss_mb": round(peak_rss_mb(), 1), "mean_score": float(sl.masked_scores_.mean())}
    if args.save:
        np.savetxt(args.save, sl.masked_scores_, fmt="%.17g")
    if args.centres:
        out["wall_s_full_estimate"] = round(wall * total / n, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
