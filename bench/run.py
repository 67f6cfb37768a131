#!/usr/bin/env python3
"""Every nls benchmark side by side with its Python peer, in one run, with ratios.

    python3 bench/run.py [DATA_DIR] [--nls PATH] [--skip-slow]

DATA_DIR: the encoding dataset (default ../shared/data/encoding). The peers (nilearn,
scikit-learn, himalaya) live in bench/.venv, created by bench/encoding_gridsearch.py.
--skip-slow leaves out scikit-learn GridSearchCV and himalaya (minutes each).
Prints a markdown table (the README's performance section) and the raw JSON lines.
"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
args = sys.argv[1:]
nls = os.path.join(REPO, ".build/release/nls")
skip_slow = "--skip-slow" in args
if "--nls" in args:
    nls = args[args.index("--nls") + 1]
positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--nls")]
data = os.path.abspath(positional[0] if positional else os.path.join(REPO, "..", "shared", "data", "encoding"))
venv_py = os.path.join(HERE, ".venv", "bin", "python")


def json_lines(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    rows = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
    for r in rows:
        print(json.dumps(r), flush=True)
    return rows


table = []
# Language: start-up and scalar loop (bench/language.py prints its own table too).
lang = json_lines([sys.executable, os.path.join(HERE, "language.py"), nls])
for r in lang:
    table.append((r["bench"], r["nls_best_s"], r.get("python_best_s"), "CPython"))

# The peers' virtual environment (created on first use) and OpenBLAS dgemm peak.
dgemm = json_lines([sys.executable, os.path.join(HERE, "encoding_gridsearch.py"), data, "--tools", "dgemm"])
peak = next((r["gflops"] for r in dgemm if r.get("tool") == "dgemm"), None)

# Load + mask, in memory and streamed from the path.
for mode in ["image", "path"]:
    py = json_lines([venv_py, os.path.join(HERE, "load_mask.py"), data, "--mode", mode, "--repeat", "1"])
    total = next(r for r in py if r.get("step") == "total")
    me = json_lines([nls, "run", os.path.join(HERE, "load_mask.nls"), data, mode])[0]
    table.append((f"load + mask encoding fMRI ({mode}); peak MB nls {me['peak_rss_mb']:.0f} vs nilearn {total['peak_rss_mb']:.0f}",
                  me["wall_s"], total["wall_s"], "nilearn"))

# Encoding GridSearch: nls (n_jobs 1 and 2, cpu and opencl), then scikit-learn and himalaya.
nls_runs = {}
for jobs, device in [("1", "cpu"), ("2", "cpu"), ("2", "opencl")]:
    try:
        nls_runs[(jobs, device)] = json_lines([nls, "run", os.path.join(HERE, "encoding_gridsearch.nls"), data, jobs, device])[0]
    except SystemExit as e:
        print(json.dumps({"tool": "nls", "device": device, "error": str(e)}))
best = nls_runs.get(("2", "cpu")) or nls_runs.get(("1", "cpu"))
flops = None
peers = {}
if not skip_slow:
    for r in json_lines([sys.executable, os.path.join(HERE, "encoding_gridsearch.py"), data, "--tools", "sklearn,himalaya"]):
        peers[r["tool"]] = r
        flops = r.get("nls_fast_path_gflop", flops)
for (jobs, device), r in nls_runs.items():
    label = f"encoding GridSearch, 100 alphas × 5 folds (nls n_jobs={jobs}, {device})"
    for peer in ["sklearn", "himalaya"]:
        if peer in peers and "wall_s" in peers[peer]:
            same = abs(peers[peer]["best_alpha"] - r["best_alpha"]) <= 1e-9 * r["best_alpha"]
            table.append((f"{label} vs {peer}; same best alpha: {same}", r["wall_s"], peers[peer]["wall_s"], peer))
    if not peers:
        table.append((label, r["wall_s"], None, "-"))

# SearchLight (bundled searchlight data, estimator "svc", KFold(4)) at n_jobs 1 and 2 on both sides.
sl_data = os.path.join(REPO, "examples", "data", "searchlight")
for jobs in ["1", "2"]:
    me = json_lines([nls, "run", os.path.join(HERE, "searchlight.nls"), sl_data, jobs, "kfold4", "svc"])[0]
    peer = None
    if not skip_slow:
        peer = json_lines([venv_py, os.path.join(HERE, "searchlight.py"), sl_data, "--n-jobs", jobs])[0]
    label = (f"SearchLight svc, 3,541 spheres × KFold(4), n_jobs {jobs}; peak MB nls {me['peak_rss_mb']:.0f}"
             + (f" vs nilearn {peer['peak_rss_mb']:.0f}" if peer else ""))
    table.append((label, me["wall_s"], peer["wall_s"] if peer else None, "nilearn SearchLight"))

# CanICA (bundled rest data, 4 subjects, n_components 8) at n_jobs 1 and 2 on both sides; each
# run fills a fresh cache folder, then a second identical fit reads it.
import shutil
rest_data = os.path.join(REPO, "examples", "data", "rest")
for jobs in ["1", "2"]:
    caches = {tool: os.path.join(HERE, "out", f"canica_cache_{tool}_{jobs}") for tool in ["nls", "nilearn"]}
    for c in caches.values():
        shutil.rmtree(c, ignore_errors=True)
    plain = json_lines([nls, "run", os.path.join(HERE, "canica.nls"), rest_data, jobs])[0]
    me = json_lines([nls, "run", os.path.join(HERE, "canica.nls"), rest_data, jobs, caches["nls"]])[0]
    peer = json_lines([venv_py, os.path.join(HERE, "canica.py"), rest_data, "--n-jobs", jobs])[0]
    peer_cached = json_lines([venv_py, os.path.join(HERE, "canica.py"), rest_data, "--n-jobs", jobs, "--cache", caches["nilearn"]])[0]
    table.append((f"CanICA, 4 subjects × 100 volumes, 8 components, n_jobs {jobs}; peak MB nls {plain['peak_rss_mb']:.0f} "
                  f"vs nilearn {peer['peak_rss_mb']:.0f}", plain["wall_s"], peer["wall_s"], "nilearn CanICA"))
    table.append((f"CanICA cached re-run (memory:), n_jobs {jobs}", me["cached_rerun_s"], peer_cached["cached_rerun_s"],
                  "nilearn CanICA, joblib.Memory"))

print("\n| benchmark | nls | peer | peer / nls |")
print("|---|---|---|---|")
for name, mine, theirs, peer in table:
    ratio = f"{theirs / mine:.1f}×" if theirs else "-"
    theirs_s = f"{theirs:.3f} s ({peer})" if theirs else "-"
    print(f"| {name} | {mine:.3f} s | {theirs_s} | {ratio} |")
if peak and best:
    print(f"\nOpenBLAS dgemm peak (numpy, 4000²): {peak:.1f} GFLOP/s")
    if flops:
        print(f"nls alpha sweep: {flops:.1f} GFLOP in {best['wall_s']:.2f} s = {flops / best['wall_s']:.1f} GFLOP/s "
              f"({100 * flops / best['wall_s'] / peak:.0f}% of dgemm peak)")
if best:
    print(f"peak memory: nls {best['peak_rss_mb']:.0f} MB" + "".join(
        f", {k} {v['peak_rss_mb']:.0f} MB" for k, v in peers.items() if "peak_rss_mb" in v))
