#!/usr/bin/env python3
"""Generates a whole-brain-sized searchlight problem for bench/searchlight_wholebrain.sh.

Usage: bench/.venv/bin/python bench/make_wholebrain.py OUT_DIR [--volumes 300] [--seed 0]
Writes OUT_DIR/{bold.nii.gz, mask.nii.gz, process_mask.nii.gz (= mask), labels.csv}: a 3 mm ellipsoid brain mask of about
50,000 voxels on a 61x73x61 grid, `--volumes` int16 volumes in 10 runs of blocked face/house
labels, a few informative blobs, smooth-ish noise. Deterministic for a given seed.
"""
import argparse, os
import numpy as np
import nibabel as nib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--volumes", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    shape = (61, 73, 61)
    affine = np.diag([3.0, 3.0, 3.0, 1.0])
    affine[:3, 3] = [-90.0, -126.0, -72.0]
    i, j, k = np.indices(shape)
    c = (np.array(shape) - 1) / 2
    r = ((i - c[0]) / 21.9) ** 2 + ((j - c[1]) / 26.4) ** 2 + ((k - c[2]) / 20.6) ** 2
    mask = r <= 1.0
    n_vox = int(mask.sum())
    t = args.volumes
    runs = np.repeat(np.arange(10), t // 10)[:t]
    runs = np.concatenate([runs, np.full(t - len(runs), 9)])
    labels = np.where((np.arange(t) // 5) % 2 == 0, "face", "house")
    cond = np.where(labels == "face", 0.5, -0.5)
    amp = np.zeros(shape)
    for _ in range(6):
        centre = np.array([rng.uniform(10, 50), rng.uniform(10, 62), rng.uniform(10, 50)])
        d2 = ((i - centre[0]) ** 2 + (j - centre[1]) ** 2 + (k - centre[2]) ** 2)
        amp += 1.5 * np.exp(-d2 / (2 * 2.0 ** 2))
    pattern = rng.standard_normal(n_vox)
    base = rng.uniform(600, 1100, n_vox)
    data = np.zeros((n_vox, t), np.float32)
    noise_sd = 8.0
    for s in range(t):
        data[:, s] = base + amp[mask] * noise_sd * pattern * cond[s] + rng.standard_normal(n_vox) * noise_sd
    vol = np.zeros(shape + (t,), np.int16)
    vol[mask] = np.round(data).astype(np.int16)
    os.makedirs(args.out_dir, exist_ok=True)
    img = nib.Nifti1Image(vol, affine)
    img.header.set_zooms((3.0, 3.0, 3.0, 2.5))
    nib.save(img, os.path.join(args.out_dir, "bold.nii.gz"))
    nib.save(nib.Nifti1Image(mask.astype(np.uint8), affine), os.path.join(args.out_dir, "mask.nii.gz"))
    # Every mask voxel is a centre.
    nib.save(nib.Nifti1Image(mask.astype(np.uint8), affine), os.path.join(args.out_dir, "process_mask.nii.gz"))
    with open(os.path.join(args.out_dir, "labels.csv"), "w") as f:
        f.write("label,run\n")
        for lab, run in zip(labels, runs):
            f.write(f"{lab},{run}\n")
    print(f"{n_vox} mask voxels, {t} volumes -> {args.out_dir}")


if __name__ == "__main__":
    main()
