#!/usr/bin/env python3
"""Reference side of the encoding GridSearch benchmark (scikit-learn and himalaya).

    python3 bench/encoding_gridsearch.py [DATA_DIR] [--tools sklearn,himalaya,dgemm]

DATA_DIR defaults to ../shared/data/encoding relative to the repository root. The script
creates bench/.venv (pinned scikit-learn, himalaya, nilearn — the reference environment of
shared/data) on first use and re-runs itself there. Each tool runs in its own process, so
the reported peak RSS is that tool's alone. Output: one JSON line per tool:

  {"tool": "sklearn", "wall_s": ..., "load_s": ..., "peak_rss_mb": ..., "best_alpha": ..., ...}
  {"tool": "himalaya", ...}
  {"tool": "dgemm", "n": 4000, "gflops": ..., "blas_threads": ...}

The nls side (an .nls script) is wired separately; `nls_fast_path_flops` below gives the
FLOP count of nls's one-SVD-per-fold alpha sweep so its GFLOP/s can be reported; the
sklearn line carries it for this problem as "nls_fast_path_gflop".
"""
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")
PINS = ["numpy==2.4.6", "scipy==1.17.1", "scikit-learn==1.9.1", "himalaya==0.4.11",
        "nilearn==0.14.1", "nibabel==5.4.2", "threadpoolctl"]
N_ALPHAS, CV = 100, 5


QUAD_LIMIT = 1 << 22  # RidgeAlphaSweep.defaultQuadLimit


def nls_fast_path_flops(n, p, t, n_alphas=N_ALPHAS, n_folds=CV):
    """FLOPs of nls's RidgeAlphaSweep (leading terms, summed over KFold folds). The same
    formula as RidgeAlphaSweep.flops in Sources/NLSLearn/Linear/RidgeSweep/RidgeAlphaSweep.swift
    (EncodingParityTests.testBenchFlopFormulaMatchesTheSweeps checks that they agree): thin SVD 4*ntr*p*k + 8*k^3, C = U'Y
    2*ntr*k*t, A = Xte V 2*nte*p*k, then gram mode (k < nte): G nte*k^2, B 2*nte*k*t, and
    every alpha in one product over G's upper triangle, Q K'*t and P.Q 2*m*K'*t with
    K' = k(k+1)/2 + k (per alpha 2*k^2*t + 4*k*t when m*K' exceeds QUAD_LIMIT); direct mode
    (k >= nte): per alpha 2*nte*k*t + 3*nte*t. The refit on all data is not included."""
    total = 0.0
    for f in range(n_folds):
        nte = n // n_folds + (1 if f < n % n_folds else 0)
        ntr = n - nte
        k = min(ntr, p)
        fl = 4 * ntr * p * k + 8 * k ** 3 + 2 * ntr * k * t + 2 * nte * p * k
        if k < nte:
            kq = k * (k + 1) / 2 + k
            fl += nte * k * k + 2 * nte * k * t
            if n_alphas * kq <= QUAD_LIMIT:
                fl += kq * t + 2 * n_alphas * kq * t
            else:
                fl += n_alphas * (2 * k * k * t + 4 * k * t)
        else:
            fl += n_alphas * (2 * nte * k * t + 3 * nte * t)
        total += fl
    return total


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(py):
        print(f"creating {VENV} ...", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([py, "-m", "pip", "install", "-q", *PINS])
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def load(data_dir):
    import numpy as np
    from nilearn.maskers import NiftiMasker
    t0 = time.perf_counter()
    # All NiftiMasker defaults, as the reference in shared/data (standardize=False).
    masker = NiftiMasker(mask_img=os.path.join(data_dir, "mask.nii.gz"))
    Y = masker.fit_transform(os.path.join(data_dir, "fmri.nii.gz"))
    X = np.loadtxt(os.path.join(data_dir, "stimuli.csv"), delimiter=",", dtype=int)
    return X, Y, time.perf_counter() - t0


def worker(tool, data_dir):
    import warnings
    warnings.filterwarnings("ignore")
    import numpy as np
    from threadpoolctl import threadpool_info
    blas_threads = max([i.get("num_threads", 0) for i in threadpool_info() if i.get("user_api") == "blas"] or [0])
    out = {"tool": tool, "blas_threads": blas_threads}
    if tool == "dgemm":
        n = 4000
        rng = np.random.default_rng(0)
        a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
        a @ b  # warm-up
        reps, t0 = 3, time.perf_counter()
        for _ in range(reps):
            a @ b
        dt = (time.perf_counter() - t0) / reps
        out.update(n=n, seconds=dt, gflops=2 * n ** 3 / dt / 1e9)
    else:
        X, Y, load_s = load(data_dir)
        alphas = np.logspace(-6, 6, N_ALPHAS)
        out.update(n_samples=int(X.shape[0]), n_features=int(X.shape[1]), n_targets=int(Y.shape[1]),
                   load_s=load_s)
        if tool == "sklearn":
            from sklearn.linear_model import Ridge
            from sklearn.model_selection import GridSearchCV
            gs = GridSearchCV(Ridge(alpha=100.0, solver="svd"), dict(alpha=alphas), cv=CV)
            t0 = time.perf_counter()
            gs.fit(X, Y)
            wall = time.perf_counter() - t0
            out.update(wall_s=wall, best_alpha=float(gs.best_params_["alpha"]), best_index=int(gs.best_index_),
                       best_score=float(gs.best_score_),
                       nls_fast_path_gflop=nls_fast_path_flops(X.shape[0], X.shape[1], Y.shape[1]) / 1e9)
        elif tool == "himalaya":
            from himalaya.backend import set_backend
            from himalaya.ridge import RidgeCV
            from himalaya.scoring import r2_score
            set_backend("numpy")
            model = RidgeCV(alphas=alphas, fit_intercept=True, cv=CV,
                            solver_params=dict(local_alpha=False, score_func=r2_score))
            t0 = time.perf_counter()
            model.fit(X.astype(np.float64), Y)
            wall = time.perf_counter() - t0
            best = np.asarray(model.best_alphas_).ravel()
            out.update(wall_s=wall, best_alpha=float(best[0]),
                       best_index=int(np.argmin(np.abs(np.log(alphas) - np.log(best[0])))))
        else:
            raise SystemExit(f"unknown tool {tool}")
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out), flush=True)


def main():
    args = sys.argv[1:]
    if args[:1] == ["--worker"]:
        worker(args[1], args[2])
        return
    ensure_venv()
    tools = ["dgemm", "himalaya", "sklearn"]
    data_dir = os.path.join(REPO, "..", "shared", "data", "encoding")
    i = 0
    while i < len(args):
        if args[i] == "--tools":
            tools = args[i + 1].split(","); i += 2
        else:
            data_dir = args[i]; i += 1
    data_dir = os.path.abspath(data_dir)
    for tool in tools:
        r = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", tool, data_dir])
        if r.returncode != 0:
            print(json.dumps({"tool": tool, "error": f"exit status {r.returncode}"}), flush=True)


if __name__ == "__main__":
    main()
