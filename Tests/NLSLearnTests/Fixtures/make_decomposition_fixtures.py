"""scikit-learn reference numbers for PCA, randomized_svd, FastICA and IncrementalPCA.
Run from this folder with a venv holding scikit-learn==1.9.1:

    /tmp/venv-dec/bin/python make_decomposition_fixtures.py

Writes decomposition_X.csv (60 × 12: four non-Gaussian sources, mixed, plus noise),
decomposition_sources.csv (60 × 4, the true sources) and decomposition_reference.csv: one
line per quantity, `key,v0,v1,...` (matrices row-major). Tests never run this script."""
import warnings
import numpy as np
import sklearn
from sklearn.decomposition import PCA, FastICA, IncrementalPCA
from sklearn.utils.extmath import randomized_svd
from sklearn.exceptions import ConvergenceWarning

warnings.simplefilter('ignore', ConvergenceWarning)
rng = np.random.RandomState(0)
n, p = 60, 12
t = np.linspace(0, 8, n)
S = np.c_[np.sign(np.sin(3 * t)), np.sin(2 * t), rng.laplace(size=n), rng.uniform(-1, 1, size=n)]
A = rng.normal(size=(4, p))
X = S @ A + 0.05 * rng.normal(size=(n, p)) + rng.normal(size=p)
np.savetxt('decomposition_X.csv', X, delimiter=',', fmt='%.17g')
np.savetxt('decomposition_sources.csv', S, delimiter=',', fmt='%.17g')
rows = [('sklearn_version', [float(v) for v in sklearn.__version__.split('.')[:3]])]


def put(key, values):
    rows.append((key, np.asarray(values, dtype=float).ravel().tolist()))


def pca_case(name, est, data=X):
    Z = est.fit_transform(data)
    for attr in ['components_', 'explained_variance_', 'explained_variance_ratio_', 'singular_values_', 'mean_']:
        put(f'{name}_{attr.rstrip("_")}', getattr(est, attr))
    put(f'{name}_noise_variance', [est.noise_variance_])
    put(f'{name}_transform', Z)
    put(f'{name}_inverse', est.inverse_transform(Z))


pca_case('pca_full5', PCA(n_components=5, svd_solver='full'))
pca_case('pca_full_all', PCA(svd_solver='full'))
pca_case('pca_whiten', PCA(n_components=4, whiten=True, svd_solver='full'))
pca_case('pca_cov', PCA(n_components=5, svd_solver='covariance_eigh'))
pca_case('pca_rand', PCA(n_components=3, svd_solver='randomized', random_state=0))
pca_case('pca_auto', PCA(n_components=3))
Xtall = np.tile(X, (3, 1))[:, :5] + 0.01 * np.arange(180)[:, None]   # 180 × 5: auto picks covariance_eigh
np.savetxt('decomposition_Xtall.csv', Xtall, delimiter=',', fmt='%.17g')
pca_case('pca_tall_auto', PCA(n_components=2), Xtall)

for name, M, kw in [('rsvd', X, dict(n_components=3, random_state=0)),
                    ('rsvd_wide', X.T, dict(n_components=3, random_state=1)),
                    ('rsvd_qr', X, dict(n_components=4, n_iter=3, power_iteration_normalizer='QR', random_state=2)),
                    ('rsvd_none', X, dict(n_components=2, n_iter=1, random_state=3)),
                    ('rsvd_noflip', X, dict(n_components=3, random_state=0, flip_sign=False))]:
    U, s, Vt = randomized_svd(M, **kw)
    put(f'{name}_U', U); put(f'{name}_S', s); put(f'{name}_Vt', Vt)

w_init = np.random.RandomState(42).normal(size=(4, 4))
put('ica_w_init', w_init)
for name, kw in [('ica_logcosh', dict(fun='logcosh')),
                 ('ica_exp', dict(fun='exp')),
                 ('ica_cube', dict(fun='cube', whiten='arbitrary-variance')),
                 ('ica_deflation', dict(algorithm='deflation')),
                 ('ica_eigh', dict(whiten_solver='eigh'))]:
    ica = FastICA(n_components=4, w_init=w_init, max_iter=400, tol=1e-10, **kw)
    Z = ica.fit_transform(X)
    for attr in ['components_', 'mixing_', 'mean_', 'whitening_']:
        put(f'{name}_{attr.rstrip("_")}', getattr(ica, attr))
    put(f'{name}_n_iter', [ica.n_iter_])
    put(f'{name}_sources', Z)
ica = FastICA(n_components=4, random_state=0)
Z = ica.fit_transform(X)
put('ica_seed0_components', ica.components_); put('ica_seed0_n_iter', [ica.n_iter_]); put('ica_seed0_sources', Z)

for name, kw in [('ipca', dict(n_components=4, batch_size=15)),
                 ('ipca_rem', dict(n_components=3, batch_size=25)),
                 ('ipca_whiten', dict(n_components=4, batch_size=20, whiten=True))]:
    ipca = IncrementalPCA(**kw)
    Z = ipca.fit_transform(X)
    for attr in ['components_', 'explained_variance_', 'explained_variance_ratio_', 'singular_values_', 'mean_', 'var_']:
        put(f'{name}_{attr.rstrip("_")}', getattr(ipca, attr))
    put(f'{name}_noise_variance', [ipca.noise_variance_]); put(f'{name}_n_samples_seen', [ipca.n_samples_seen_])
    put(f'{name}_transform', Z)

with open('decomposition_reference.csv', 'w') as f:
    for key, vals in rows:
        f.write(key + ',' + ','.join(repr(float(v)) for v in vals) + '\n')
