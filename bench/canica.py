#!/usr/bin/env python3
"""Benchmark: nilearn CanICA on the rest dataset (peer of bench/canica.nls).

Usage: bench/.venv/bin/python bench/canica.py [DATA_DIR] [--n-jobs N] [--cache DIR] [--subjects N]
DATA_DIR defaults to examples/data/rest (4 subjects 40x48x34x100). Parameters as
shared/data/rest/reference: CanICA(n_components=8, smoothing_fwhm=6., threshold=3.,
random_state=0), mask computed by compute_multi_epi_mask. Prints one JSON line:
  {"tool": "nilearn", "n_jobs": N, "subjects": S, "wall_s": ..., "cached_rerun_s": ..., "peak_rss_mb": ...}
With --cache, a second identical fit reads joblib.Memory's cache (memory_level 2, so that
the masking and the subject reductions are cached as nls caches them).
peak_rss_mb is the high-water mark of this process and its children (joblib workers).
"""
import argparse, json, os, time

from peak_memory import peak_rss_mb

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", nargs="?", default=os.path.join(HERE, "..", "examples", "data", "rest"))
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--cache", default="")
    ap.add_argument("--subjects", type=int, default=4)
    args = ap.parse_args()
    from nilearn.decomposition import CanICA

    imgs = [os.path.join(args.data_dir, f"sub-{i:02d}_bold.nii.gz") for i in range(args.subjects)]

    def fit():
        kw = dict(memory=args.cache, memory_level=2) if args.cache else {}
        return CanICA(n_components=8, smoothing_fwhm=6.0, threshold=3.0, random_state=0, n_jobs=args.n_jobs, **kw).fit(imgs)

    t0 = time.perf_counter()
    c = fit()
    wall = time.perf_counter() - t0
    cached = -1.0
    if args.cache:
        t1 = time.perf_counter()
        fit()
        cached = time.perf_counter() - t1
    print(json.dumps({"tool": "nilearn", "n_jobs": args.n_jobs, "subjects": args.subjects, "wall_s": round(wall, 3),
                      "cached_rerun_s": round(cached, 3), "peak_rss_mb": round(peak_rss_mb(), 1),
                      "variance0": float(c.variance_[0])}))


if __name__ == "__main__":
    main()
