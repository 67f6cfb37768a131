#!/usr/bin/env python3
"""Prints the device-speed table from bench/gpu/run.sh's results folder (Markdown).

    python3 bench/gpu/table.py bench/out/gpu

Ratios are "how many times faster than": a ratio > 1 means the row is faster than the
reference column. Parity: max |Δ mean_test_score| against nls cpu (all cores), and whether
the best alpha is the same.
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from encoding_gridsearch import nls_fast_path_flops  # noqa: E402  (the sweep's FLOP formula)


def read_runs(out):
    runs = []
    for path in sorted(glob.glob(os.path.join(out, "runs", "*.txt"))):
        with open(path) as f:
            lines = f.read().splitlines()
        label = lines[0][2:] if lines and lines[0].startswith("# ") else os.path.basename(path)
        data = None
        for i, line in enumerate(lines[1:], 1):
            if line.startswith("{"):
                data = json.loads(line)
                profile = "\n".join(lines[i + 1:])
                break
        else:
            profile = ""
        err = ""
        if data is None and os.path.exists(path + ".err"):
            err = open(path + ".err").read().strip().splitlines()[-1:] or [""]
            err = err[0]
        runs.append({"label": label, "data": data, "profile": profile, "error": err})
    return runs


def read_peers(out):
    path = os.path.join(out, "peers.jsonl")
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path) if l.strip().startswith("{")]


def device_blas_rate(profile):
    m = re.search(r"device BLAS \(CLBlast gemm, syrk\)\s+\d+\s+[\d.]+\s+\S+\s+([\d.]+) GFLOP/s", profile)
    return float(m.group(1)) / 1000 if m else None


def sweep_rate(d, dgemm):
    """The alpha sweep's FLOPs (RidgeAlphaSweep.flops) over the fit time, for refit-off runs
    (with a refit the time includes work the formula does not count); on cpu also as a share
    of the host's dgemm rate."""
    if d["refit"]:
        return ""
    gflop = nls_fast_path_flops(2860, 100, d["n_targets"], n_alphas=d["n_alphas"]) / 1e9
    rate = gflop / d["warm_s"]
    share = f" ({100 * rate / dgemm['gflops']:.0f}% of dgemm)" if dgemm and d["device"] == "cpu" else ""
    return f"{rate:.1f}{share}"


def fmt(x, digits=3):
    return "—" if x is None else f"{x:.{digits}g}" if isinstance(x, float) else str(x)


def ratio(ref, t):
    return "—" if ref is None or t is None or t <= 0 else f"{ref / t:.2f}×"


def main(out):
    runs, peers = read_runs(out), read_peers(out)
    fits = [r for r in runs if not r["label"].startswith("gemm")]
    gemms = [r for r in runs if r["label"].startswith("gemm")]
    # The reference of a row: nls on the cpu with all cores, refit on, on the same problem.
    refs = [r["data"] for r in fits if r["data"] and r["data"]["device"] == "cpu" and r["data"]["n_jobs"] == -1 and r["data"]["refit"]]

    def reference(d):
        return next((c for c in refs if c["n_targets"] == d["n_targets"] and c["n_alphas"] == d["n_alphas"]), None)
    cpu = next((c for c in refs if c["n_alphas"] == 100), None)
    him = next((p for p in peers if p.get("tool") == "himalaya_torch_cuda" and not p.get("big") and "warm_s" in p), None)
    skc = next((p for p in peers if p.get("tool") == "sklearn_cupy" and "warm_s" in p), None)
    if os.path.exists(os.path.join(out, "devices.txt")):
        print("Devices:\n\n```\n" + open(os.path.join(out, "devices.txt")).read().rstrip() + "\n```\n")
    dgemm = next((p for p in peers if p.get("tool") == "numpy_dgemm"), None)
    if dgemm:
        print(f"Host dgemm (numpy, {dgemm['n']}², {dgemm['cores']} cores): {dgemm['gflops']:.1f} GFLOP/s\n")
    print("| run | warm fit s | first call s | vs nls cpu all cores | vs himalaya torch_cuda | vs sklearn CuPy | max Δ score vs cpu | best alpha | sweep GFLOP/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in fits:
        d = r["data"]
        if d is None:
            print(f"| {r['label']} | failed: {r['error'][:80]} | | | | | | | |")
            continue
        ref = reference(d)
        big = cpu is not None and d["n_targets"] != cpu["n_targets"]
        same_problem = ref is not None
        delta = max(abs(a - b) for a, b in zip(d["scores"], ref["scores"])) if same_problem else None
        same_alpha = "" if not same_problem else (" (same)" if d["best_alpha"] == ref["best_alpha"] else " (differs)")
        print(f"| {r['label']} | {d['warm_s']:.3f} | {d['cold_s']:.3f} | {ratio(ref['warm_s'] if ref else None, d['warm_s'])} "
              f"| {'' if big else ratio(him['warm_s'] if him else None, d['warm_s'])} | {'' if big else ratio(skc['warm_s'] if skc else None, d['warm_s'])} "
              f"| {fmt(delta, 2)} | {d['best_alpha']:.6g}{same_alpha} | {sweep_rate(d, dgemm)} |")
    for p in peers:
        if p.get("tool") in ("torch_gemm", "numpy_dgemm"):
            continue
        name = p["tool"] + (f", {p.get('n_targets')} targets" if p.get("big") else "")
        if "warm_s" not in p:
            print(f"| {name} | skipped: {p.get('skipped', '')[:80]} | | | | | | | |")
            continue
        ref = next((c for c in refs if c["n_targets"] == p.get("n_targets") and c["n_alphas"] == p.get("n_alphas")), None)
        delta = None
        if ref and p.get("scores") and len(p["scores"]) == len(ref["scores"]) and not p.get("big"):
            delta = max(abs(a - b) for a, b in zip(p["scores"], ref["scores"]))
        print(f"| {name} | {p['warm_s']:.3f} | {p['cold_s']:.3f} | {ratio(ref['warm_s'] if ref else None, p['warm_s'])} | | | {fmt(delta, 2)} | {fmt(p.get('best_alpha'))} | |")
    if gemms:
        torch = {(p["dtype"], p["n"]): p["tflops"] for p in peers if p.get("tool") == "torch_gemm" and "tflops" in p}
        print("\n| GEMM n × n | dtype | nls TFLOP/s with transfers | CLBlast device TFLOP/s | torch (cuBLAS) TFLOP/s | CLBlast / torch |")
        print("|---|---|---|---|---|---|")
        for r in gemms:
            d = r["data"]
            if d is None:
                print(f"| {r['label']} | failed: {r['error'][:80]} | | | | |")
                continue
            dev = device_blas_rate(r["profile"])
            t = torch.get((d["dtype"], d["n"]))
            share = f"{100 * dev / t:.1f}%" if dev and t else "—"
            print(f"| {d['n']} | {d['dtype']} | {d['tflops_wall']:.3f} | {fmt(dev)} | {fmt(t)} | {share} |")
    for r in fits:
        if r["profile"].strip():
            print(f"\nProfile (`%prun`) of {r['label']}:\n\n```\n{r['profile'].rstrip()}\n```")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/out/gpu")
