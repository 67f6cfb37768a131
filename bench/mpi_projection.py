#!/usr/bin/env python3
"""Projected wall time of SearchLight and GridSearch on N nodes (README, "Running on a
cluster"), from the per-item costs measured by bench/mpi_searchlight.sh and
bench/mpi_gridsearch.sh and the message costs measured by bench/mpi_costs.sh. Every
input is a constant below, with where it comes from; the model is `project()`.

    T(N) = L(N) + S + R + D(N) + X(N)
    L(N) = launch and MPI_Init (measured on one machine; assumed to grow to L64 at 64 nodes)
    S    = per-rank serial part: loading / generating inputs, work every rank repeats
    R    = replicated library work (GridSearch: the fold setups a rank's items touch, and the
           refit's SVD of X) plus the refit's target batches (1024 targets each), split over
           the ranks and their cores like the items
    D(N) = distributed work on the busiest core:
           SearchLight: W / (N c) × I(N)      (small blocks; I(N): Partition.byWeight's imbalance)
           GridSearch:  ceil(ceil(items / N) / c) × t_item   (items of equal cost)
    X(N) = one MPI_Allgatherv of the B result bytes (ring): (N − 1) α + (N − 1) / N × B / β

Usage: python3 bench/mpi_projection.py
"""
import math

# Measured here (2-core VM, release build, one thread per rank; see the README for dates/load).
L1 = 0.4             # s: `mpirun -np 1` wall minus its fit and loading (launch, MPI_Init, exit)
L64 = 2.0            # s: ASSUMED launch over ssh tree-spawn to 64 nodes (not measured)
SL_CENTRES = 3541    # example 02's process mask
SL_W = 12.1          # core-s: SearchLight fit, 1 process 1 thread (bench/mpi_searchlight.sh; 12.0-12.5 s)
SL_S = 0.1           # s: its loading (wall minus the fit's seconds)
GS_ITEMS = 5 * 22    # folds × target batches (2812 targets, batches of 128)
GS_FIT = 9.9         # s: GridSearch fit, `mpirun -np 1`, 1 thread (bench/mpi_gridsearch.sh, quiet machine, refit split)
GS_SETUP = 0.58 / 5  # s per fold: the same GridSearch on 1 target is the 5 folds' setups (SVD) and little else
GS_REFIT = 0.24      # s: a Ridge fit on all 2812 targets (the refit: its SVD on every rank, its batches split)
GS_REFIT_BATCH = 1024  # targets per refit batch (RidgeFit.targetBatch)
GS_S = 1.5           # s: generating and masking the data (plain run's wall minus the fit's seconds)
GS_B = 5 * 100 * 2812 * 8   # bytes: folds × alphas × targets float64 scores
# Partition.byWeight on example 02's spheres (PartitionTests / commit message): heaviest rank / mean.
SL_IMBALANCE = {1: 1.0, 2: 1.0026, 8: 1.025, 64: 1.05}

NETWORKS = {
    # α (s), β (bytes/s)
    "TCP loopback (measured)": (7e-6, 3.0e9),
    "10 GbE (assumed)": (30e-6, 1.1e9),
}


def launch(n):
    return L1 if n == 1 else L1 + (L64 - L1) * math.log2(n) / 6


def exchange(n, b, net):
    a, beta = NETWORKS[net]
    return 0.0 if n == 1 else (n - 1) * a + (n - 1) / n * b / beta


def searchlight(n, c, net, centres=SL_CENTRES):
    w = SL_W * centres / SL_CENTRES
    return launch(n) + SL_S + w / (n * c) * SL_IMBALANCE.get(n, 1.05) + exchange(n, 8 * centres, net)


def gs_item():
    return (GS_FIT - 5 * GS_SETUP - GS_REFIT) / GS_ITEMS


def gridsearch(n, c, net, scale=1):
    """`scale` × the targets: items, scores, refit and loading grow with it; fold setups do not."""
    items, b = GS_ITEMS * scale, GS_B * scale
    per_rank = math.ceil(items / n)
    # Items are batch-major (item i is fold i mod 5): a rank's block touches min(5, block) folds.
    setups = min(5, per_rank) * GS_SETUP
    # The refit: the SVD of X (about one fold setup) on every rank, then its target batches
    # spread like the items; its coefficients (targets × 100 features) are gathered too.
    targets = 2812 * scale
    batches = math.ceil(targets / GS_REFIT_BATCH)
    per_batch = (GS_REFIT - GS_SETUP) * GS_REFIT_BATCH / 2812
    refit = GS_SETUP + math.ceil(math.ceil(batches / n) / c) * per_batch
    return (launch(n) + GS_S * scale + setups + refit
            + math.ceil(per_rank / c) * gs_item() + exchange(n, b + 8 * 100 * targets, net))


if __name__ == "__main__":
    print(f"per-item cost: SearchLight {1000 * SL_W / SL_CENTRES:.2f} ms/centre, "
          f"GridSearch {1000 * gs_item():.0f} ms/item (1 fold × 128 targets × 100 alphas)")
    cases = [
        ("SearchLight, example 02 (3541 centres)", lambda n, c, net: searchlight(n, c, net)),
        ("SearchLight, 50,000 centres, same cost/centre", lambda n, c, net: searchlight(n, c, net, 50_000)),
        ("GridSearch, 2812 targets (110 items)", lambda n, c, net: gridsearch(n, c, net)),
        ("GridSearch, 50,616 targets (18× : 1980 items, 203 MB of scores)", lambda n, c, net: gridsearch(n, c, net, 18)),
    ]
    net0 = next(iter(NETWORKS))
    print(f"check, 2 ranks × 1 core on this machine: SearchLight {searchlight(2, 1, net0):.2f} s "
          f"(measured wall 6.59-6.89 s), GridSearch {gridsearch(2, 1, net0):.2f} s (measured wall 7.15 s)")
    for net in NETWORKS:
        print(f"\n{net}: α = {NETWORKS[net][0] * 1e6:.0f} µs, β = {NETWORKS[net][1] / 1e9:.1f} GB/s")
        print(f"{'case':66} {'1×1':>7} {'8×2':>7} {'64×2':>7} {'8×32':>7} {'64×32':>7}  (nodes × cores)")
        for name, f in cases:
            cols = [f(1, 1, net), f(8, 2, net), f(64, 2, net), f(8, 32, net), f(64, 32, net)]
            print(f"{name:66} " + " ".join(f"{t:7.2f}" for t in cols))
