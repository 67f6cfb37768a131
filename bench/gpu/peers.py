#!/usr/bin/env python3
"""GPU peers of bench/gpu/run.sh, one JSON line per run on stdout.

    python3 bench/gpu/peers.py --data DIR [--n-alphas 100] [--targets 0] [--repeats 3]
                               [--tools himalaya_torch_cuda,himalaya_cupy,sklearn_cupy,torch_gemm,numpy_dgemm,sklearn_numpy]

Uses what the machine has (torch, CuPy, scikit-learn); himalaya and nibabel may come as
unpacked pure-Python wheels on PYTHONPATH (run.sh does that). A tool whose libraries are
missing prints {"tool": ..., "skipped": "why"}. The problem is the nls side's: X from
stimuli.csv, Y the masked fMRI (nibabel, mask > 0, C order as NiftiMasker) or, with
--targets T, a seeded synthetic Y of T targets; alphas logspace(-6, 6, n_alphas); KFold(5)
without shuffling; Ridge with an intercept (himalaya's default has none: set to True here).
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def load(data, targets):
    x = np.loadtxt(os.path.join(data, "stimuli.csv"), delimiter=",")
    if targets:
        rng = np.random.default_rng(0)
        y = x @ rng.standard_normal((x.shape[1], targets)) * 0.1 + rng.standard_normal((x.shape[0], targets))
        return x, y
    import nibabel as nib
    mask = np.asarray(nib.load(os.path.join(data, "mask.nii.gz")).dataobj) > 0
    img = np.asarray(nib.load(os.path.join(data, "fmri.nii.gz")).dataobj, dtype=np.float64)
    return x, img[mask].T.copy()


def timed(fit, repeats):
    t0 = time.perf_counter()
    fit()
    cold = time.perf_counter() - t0
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fit()
        best = min(best, time.perf_counter() - t0)
    return cold, best, out


def himalaya(backend_name, x, y, alphas, repeats):
    from himalaya.backend import set_backend
    from himalaya.ridge import RidgeCV
    backend = set_backend(backend_name)
    xd, yd = backend.asarray(x), backend.asarray(y)

    def fit():
        model = RidgeCV(alphas=alphas, cv=5, fit_intercept=True)
        model.fit(xd, yd)
        if backend_name == "torch_cuda":
            import torch
            torch.cuda.synchronize()
        else:
            import cupy
            cupy.cuda.Device().synchronize()
        return model
    cold, warm, model = timed(fit, repeats)
    return {"cold_s": cold, "warm_s": warm, "note": "per-target alphas (himalaya's RidgeCV), float64"}


def sklearn_cupy(x, y, alphas, repeats):
    import cupy
    import sklearn
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV, KFold
    sklearn.set_config(array_api_dispatch=True)
    xd, yd = cupy.asarray(x), cupy.asarray(y)

    def fit():
        gs = GridSearchCV(Ridge(solver="svd"), {"alpha": alphas}, cv=KFold(5))
        gs.fit(xd, yd)
        cupy.cuda.Device().synchronize()
        return gs
    cold, warm, gs = timed(fit, repeats)
    scores = [float(s) for s in gs.cv_results_["mean_test_score"]]
    return {"cold_s": cold, "warm_s": warm, "best_alpha": float(gs.best_params_["alpha"]), "scores": scores,
            "note": "GridSearchCV(Ridge(solver='svd')) on CuPy arrays, array_api_dispatch"}


def sklearn_numpy(x, y, alphas, repeats):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV, KFold

    def fit():
        gs = GridSearchCV(Ridge(solver="svd"), {"alpha": alphas}, cv=KFold(5), n_jobs=-1)
        gs.fit(x, y)
        return gs
    cold, warm, gs = timed(fit, repeats)
    return {"cold_s": cold, "warm_s": warm, "best_alpha": float(gs.best_params_["alpha"]),
            "scores": [float(s) for s in gs.cv_results_["mean_test_score"]], "note": "numpy, n_jobs -1"}


def torch_gemm(sizes):
    import torch
    out = []
    for dtype in (torch.float32, torch.float64):
        for n in sizes:
            a = torch.randn(n, n, device="cuda", dtype=dtype)
            torch.matmul(a, a)
            torch.cuda.synchronize()
            reps = 10
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.matmul(a, a)
            torch.cuda.synchronize()
            dt = (time.perf_counter() - t0) / reps
            out.append({"tool": "torch_gemm", "dtype": str(dtype).replace("torch.", ""), "n": n, "tflops": 2 * n ** 3 / dt / 1e12})
    return out


def numpy_dgemm(n=4000):
    """The host's dgemm rate (numpy's BLAS, all cores): the cpu rows' GFLOP/s reference."""
    a = np.random.default_rng(0).standard_normal((n, n))
    a @ a
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        a @ a
        best = min(best, time.perf_counter() - t0)
    return {"tool": "numpy_dgemm", "n": n, "gflops": 2 * n ** 3 / best / 1e9, "cores": os.cpu_count()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--n-alphas", type=int, default=100)
    ap.add_argument("--targets", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--gemm-sizes", default="2048,8192")
    ap.add_argument("--tools", default="himalaya_torch_cuda,himalaya_cupy,sklearn_cupy,torch_gemm,numpy_dgemm")
    a = ap.parse_args()
    tools = [t for t in a.tools.split(",") if t]
    alphas = np.logspace(-6, 6, a.n_alphas)
    x = y = None
    for tool in tools:
        base = {"tool": tool, "n_alphas": a.n_alphas}
        try:
            if tool == "numpy_dgemm":
                print(json.dumps(numpy_dgemm()), flush=True)
                continue
            if tool == "torch_gemm":
                for line in torch_gemm([int(s) for s in a.gemm_sizes.split(",")]):
                    print(json.dumps(line), flush=True)
                continue
            if x is None:
                x, y = load(a.data, a.targets)
            base["n_targets"] = int(y.shape[1])
            if tool.startswith("himalaya_"):
                r = himalaya(tool[len("himalaya_"):], x, y, alphas, a.repeats)
            elif tool == "sklearn_cupy":
                r = sklearn_cupy(x, y, alphas, a.repeats)
            elif tool == "sklearn_numpy":
                r = sklearn_numpy(x, y, alphas, max(0, a.repeats - 1))
            else:
                r = {"skipped": "unknown tool"}
        except Exception as e:   # a missing library or device: say so, go on
            r = {"skipped": f"{type(e).__name__}: {e}"[:300]}
        base.update(r)
        print(json.dumps(base), flush=True)


if __name__ == "__main__":
    sys.exit(main())
