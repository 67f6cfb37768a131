"""Regenerates the nilearn/nibabel reference fixtures of NLSImagingTests.

Run with nilearn 0.14.1 / nibabel 5.x from the Fixtures folder:
    python make_references.py /work/shared/data
Tests only read the files this writes; they never run Python.
"""
import sys, json, os
import numpy as np
import nibabel as nib
from nilearn import image, masking, signal
from nilearn.maskers import NiftiMasker

data = sys.argv[1]
out = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(0)
ref = {}

# 1. datatypes written by nibabel: value = formula of (i, j, k)
shape = (4, 5, 6)
i, j, k = np.indices(shape)
aff = np.array([[2., 0, 0, -10], [0, 2.5, 0, 20], [0, 0, 3, -5], [0, 0, 0, 1]])
for dt in ["uint8", "int8", "int16", "uint16", "int32", "float32", "float64"]:
    if dt.startswith("u"):
        v = (i * 31 + j * 7 + k * 3) % 200
    elif dt.startswith("int"):
        v = (i * 31 + j * 7 + k * 3) % 100 - 50
    else:
        v = (i + 0.25 * j - 0.5 * k) * 1.5
    img = nib.Nifti1Image(v.astype(dt), aff)
    img.header.set_xyzt_units("mm", "sec")
    img.header.set_qform(aff, code=1); img.header.set_sform(aff, code=4)
    img.header["descrip"] = b"nls test " + dt.encode()
    img.to_filename(os.path.join(out, f"dtype_{dt}.nii.gz"))
# scaled int16, NIfTI-2, big-endian, uncompressed
v = (i * 31 + j * 7 + k * 3) % 100 - 50
img = nib.Nifti1Image(v.astype("int16"), aff); img.header.set_slope_inter(0.5, 10)
img.to_filename(os.path.join(out, "scaled_int16.nii.gz"))
img2 = nib.Nifti2Image(v.astype("float32"), aff); img2.to_filename(os.path.join(out, "nifti2_float32.nii"))
hdr = nib.Nifti1Header(endianness=">")
img = nib.Nifti1Image(v.astype(">i2"), aff, header=hdr); img.to_filename(os.path.join(out, "bigendian_int16.nii"))
# no sform/qform: nibabel base affine
img = nib.Nifti1Image(v.astype("float32"), None); img.header.set_zooms((2, 3, 4))
img.header["qform_code"] = 0; img.header["sform_code"] = 0
img.to_filename(os.path.join(out, "noaffine.nii.gz"))
ref["noaffine_affine"] = nib.load(os.path.join(out, "noaffine.nii.gz")).affine.ravel().tolist()

# 2. compute_epi_mask on 10 volumes of rest/sub-00 (int16)
rest = nib.load(os.path.join(data, "rest/sub-00_bold.nii.gz"))
sub = nib.Nifti1Image(np.asanyarray(rest.dataobj)[..., :10].astype("int16"), rest.affine, rest.header)
sub.to_filename(os.path.join(out, "rest10.nii.gz"))
sub = nib.load(os.path.join(out, "rest10.nii.gz"))
epi = masking.compute_epi_mask(sub)
e = np.asarray(epi.dataobj).astype(bool)
ref["epi_count"] = int(e.sum())
ref["epi_ijk_sum"] = [int(x) for x in np.array(np.where(e)).sum(axis=1)]
nib.Nifti1Image(e.astype("uint8"), epi.affine).to_filename(os.path.join(out, "rest10_epi_mask.nii.gz"))
for opening, connected in [(0, False), (1, True)]:
    m = np.asarray(masking.compute_epi_mask(sub, opening=opening, connected=connected).dataobj).astype(bool)
    ref[f"epi_count_o{opening}_c{int(connected)}"] = int(m.sum())
    ref[f"epi_ijk_sum_o{opening}_c{int(connected)}"] = [int(x) for x in np.array(np.where(m)).sum(axis=1)]
bg = np.asarray(masking.compute_background_mask(sub).dataobj).astype(bool)
ref["background_count"] = int(bg.sum())
ref["background_ijk_sum"] = [int(x) for x in np.array(np.where(bg)).sum(axis=1)]
inter = np.asarray(masking.intersect_masks([epi, masking.compute_epi_mask(sub, opening=1)], threshold=1.0).dataobj).astype(bool)
ref["intersect_count"] = int(inter.sum())

# 3. smoothing of the small encoding mean image (float64), fwhm 6 and per-axis (4, 8, 5)
small = nib.load(os.path.join(data, "encoding/small/fmri.nii.gz"))
mean = image.mean_img(small, copy_header=True)
for name, f in [("smooth6", 6.0), ("smooth_4_8_5", [4.0, 8.0, 5.0])]:
    s = image.smooth_img(mean, f)
    nib.Nifti1Image(np.asarray(s.get_fdata(), dtype="float64"), s.affine).to_filename(os.path.join(out, f"small_mean_{name}.nii.gz"))
nib.Nifti1Image(np.asarray(mean.get_fdata(), dtype="float64"), mean.affine).to_filename(os.path.join(out, "small_mean.nii.gz"))

# 4. signal.clean on the first 12 masked columns of encoding/small
Y = NiftiMasker(mask_img=os.path.join(data, "encoding/small/mask.nii.gz")).fit_transform(small)[:, :12]
np.savetxt(os.path.join(out, "clean_input.csv"), Y, delimiter=",", fmt="%.17g")
conf = rng.normal(size=(Y.shape[0], 3)); conf[:, 2] += np.linspace(0, 3, Y.shape[0])
np.savetxt(os.path.join(out, "confounds_input.csv"), conf, delimiter=",", fmt="%.17g")
cases = {
    "clean_detrend_zscore_band": dict(detrend=True, standardize="zscore_sample", low_pass=0.1, high_pass=0.01, t_r=2.0),
    "clean_lowpass": dict(detrend=False, standardize=False, low_pass=0.08, t_r=2.0),
    "clean_highpass_psc": dict(detrend=False, standardize="psc", high_pass=0.02, t_r=2.0),
    "clean_confounds": dict(detrend=True, standardize="zscore_sample", confounds=conf, t_r=2.0),
    "clean_confounds_band": dict(detrend=False, standardize=False, confounds=conf, low_pass=0.12, high_pass=0.015, t_r=2.0),
}
for name, kw in cases.items():
    np.savetxt(os.path.join(out, name + ".csv"), signal.clean(Y.copy(), **kw), delimiter=",", fmt="%.17g")

# 5. full NiftiMasker pipeline: smoothing + detrend + band-pass + zscore, first 15 columns
m = NiftiMasker(mask_img=os.path.join(data, "encoding/small/mask.nii.gz"), smoothing_fwhm=6.0, detrend=True,
                standardize="zscore_sample", low_pass=0.1, high_pass=0.01, t_r=2.0)
np.savetxt(os.path.join(out, "masker_pipeline.csv"), m.fit_transform(small)[:, :15], delimiter=",", fmt="%.17g")

# 6. resampling: small mean image onto a shifted/rotated 2.5 mm grid (nearest, linear)
th = 0.2
rot = np.array([[np.cos(th), -np.sin(th), 0], [np.sin(th), np.cos(th), 0], [0, 0, 1]])
taff = np.eye(4); taff[:3, :3] = rot * 2.5; taff[:3, 3] = [-14.3, -55.2, -2.2]
for interp in ["nearest", "linear", "continuous"]:
    r = image.resample_img(mean, target_affine=taff, target_shape=(13, 15, 11), interpolation=interp,
                           force_resample=True, copy_header=True)
    nib.Nifti1Image(np.asarray(r.get_fdata(), dtype="float64"), r.affine).to_filename(os.path.join(out, f"small_mean_resampled_{interp}.nii.gz"))
ref["resample_target_affine"] = taff.ravel().tolist()

json.dump(ref, open(os.path.join(out, "reference.json"), "w"), indent=1)
print(json.dumps(ref))

# 7. compute_brain_mask pipeline with a 4 mm copy of nilearn's MNI152 template (the 1 mm file
#    is too big for a fixture): same steps as masking.compute_brain_mask
from nilearn.datasets import load_mni152_template
from nilearn.masking import _post_process_mask
tpl = image.resample_img(load_mni152_template(), target_affine=np.eye(3) * 4, interpolation="continuous", copy_header=True)
nib.Nifti1Image(np.asarray(tpl.get_fdata(), dtype="float32"), tpl.affine).to_filename(os.path.join(out, "mni152_4mm.nii.gz"))
tpl = nib.load(os.path.join(out, "mni152_4mm.nii.gz"))
r = image.resample_to_img(tpl, sub, copy_header=True, force_resample=True)
bm = (np.asarray(r.get_fdata()) >= 0.5).astype("int8")
bm, _ = _post_process_mask(bm, sub.affine, opening=2, connected=True)
ref["brain_mask_count"] = int(bm.sum())
ref["brain_mask_ijk_sum"] = [int(x) for x in np.array(np.where(bm)).sum(axis=1)]
json.dump(ref, open(os.path.join(out, "reference.json"), "w"), indent=1)
print(ref["brain_mask_count"])
