"""Regenerates the scikit-learn 1.9.1 reference numbers hard-coded in NLSLearnTests and the
synthetic decoding fixture `decoding.csv`. Run from this folder with a venv holding
scikit-learn==1.9.1 (numpy 2.4). Tests never run this script."""
import json
import numpy as np
from sklearn.linear_model import Ridge, RidgeClassifier
from sklearn.model_selection import (KFold, StratifiedKFold, GroupKFold, LeaveOneGroupOut,
                                     cross_val_score, GridSearchCV)
from sklearn.metrics import r2_score

out = {}
X = np.loadtxt('stimuli.csv', delimiter=',')
Y = np.loadtxt('masked_fmri.csv', delimiter=',')
best_alpha = 75.646332755462907
r = Ridge(alpha=best_alpha, solver='svd').fit(X, Y)
out['refit_train_r2'] = r.score(X, Y)
out['refit_pred_0_0'] = r.predict(X[:1])[0, 0]
out['refit_pred_299_487'] = r.predict(X[-1:])[0, -1]
out['refit_score_first100'] = r.score(X[:100], Y[:100])
# Other solvers / per-target alpha / 1-D y
out['chol_coef_00'] = Ridge(alpha=10.0, solver='cholesky').fit(X, Y).coef_[0, 0]
alphas_t = np.linspace(1, 100, Y.shape[1])
rp = Ridge(alpha=alphas_t, solver='svd').fit(X, Y)
out['pertarget_coef_sum'] = rp.coef_.sum()
out['pertarget_coef_5_7'] = rp.coef_[5, 7]
out['pertarget_intercept_5'] = rp.intercept_[5]
r1 = Ridge(alpha=1.0).fit(X, Y[:, 3])
out['y1d_coef_sum'] = r1.coef_.sum()
out['y1d_intercept'] = float(r1.intercept_)
out['y1d_score'] = r1.score(X, Y[:, 3])
# wide problem (p > n): kernel path
Xw = X[:40]; Yw = Y[:40, :5]
out['wide_coef_sum_chol'] = Ridge(alpha=3.0, solver='cholesky').fit(Xw, Yw).coef_.sum()
out['wide_coef_sum_svd'] = Ridge(alpha=3.0, solver='svd').fit(Xw, Yw).coef_.sum()
# neg MSE grid on a few alphas
gs = GridSearchCV(Ridge(solver='svd'), dict(alpha=[0.1, 10.0, 1000.0]), scoring='neg_mean_squared_error')
gs.fit(X, Y[:, :50])
out['negmse_mean_test'] = gs.cv_results_['mean_test_score'].tolist()
out['negmse_best_index'] = int(gs.best_index_)
# r2_score with constant columns
yt = np.array([[1., 2.], [1., 3.], [1., 4.]]); yp = np.array([[1., 2.5], [1., 2.5], [1., 4.]])
out['r2_const_exact'] = r2_score(yt, yp)
yp2 = yp.copy(); yp2[0, 0] = 1.5
out['r2_const_wrong'] = r2_score(yt, yp2)

# Synthetic decoding data: 120 samples, 15 features, labels in 3 classes, groups 0..5
rng = np.random.default_rng(0)
n, p = 120, 15
labels3 = np.tile([0, 1, 2, 2, 1, 0, 1, 2], 15)
groups = np.repeat(np.arange(6), 20)
groups[groups == 5] = 4  # unequal group sizes: 20,20,20,20,40
W = rng.normal(size=(3, p))
Xd = rng.normal(size=(n, p)) * 2.0 + 0.6 * W[labels3]
labels2 = (labels3 == 2).astype(float)
np.savetxt('decoding.csv', np.column_stack([Xd, labels3, labels2, groups]), delimiter=',', fmt='%.17g')
D = np.loadtxt('decoding.csv', delimiter=',')
Xd, labels3, labels2, groups = D[:, :p], D[:, p], D[:, p + 1], D[:, p + 2]
rc = RidgeClassifier(alpha=1.0)
out['clf_bin_acc_cv5'] = cross_val_score(rc, Xd, labels2, cv=5).tolist()
out['clf_bin_auc_cv5'] = cross_val_score(rc, Xd, labels2, cv=5, scoring='roc_auc').tolist()
out['clf_bin_bacc_cv5'] = cross_val_score(rc, Xd, labels2, cv=5, scoring='balanced_accuracy').tolist()
out['clf_multi_acc_cv5'] = cross_val_score(rc, Xd, labels3, cv=5).tolist()
out['clf_multi_bacc_gkf'] = cross_val_score(rc, Xd, labels3, cv=GroupKFold(4), groups=groups,
                                            scoring='balanced_accuracy').tolist()
out['clf_multi_acc_logo'] = cross_val_score(rc, Xd, labels3, cv=LeaveOneGroupOut(), groups=groups).tolist()
out['clf_multi_coef_1_3'] = RidgeClassifier(alpha=2.0).fit(Xd, labels3).coef_[1, 3]
out['clf_bin_dec_first3'] = RidgeClassifier(alpha=2.0).fit(Xd, labels2).decision_function(Xd[:3]).tolist()
out['clf_multi_pred_first10'] = RidgeClassifier(alpha=2.0).fit(Xd, labels3).predict(Xd[:10]).tolist()
g = GridSearchCV(RidgeClassifier(), dict(alpha=[0.01, 1.0, 100.0, 1e4], fit_intercept=[True, False]), cv=5)
g.fit(Xd, labels3)
out['clf_grid_mean_test'] = g.cv_results_['mean_test_score'].tolist()
out['clf_grid_best_index'] = int(g.best_index_)
out['clf_grid_params'] = [str(sorted(p.items())) for p in g.cv_results_['params']]
# Splitters
ys = np.array([1, 1, 0, 0, 0, 2, 2, 2, 2, 1, 0, 0, 1, 2, 0, 0, 1, 1, 1, 1, 0, 2])
out['skf_folds'] = [t.tolist() for _, t in StratifiedKFold(3).split(np.zeros(len(ys)), ys)]
gg = np.array([5, 5, 1, 1, 1, 7, 7, 3, 3, 3, 3, 2, 9, 9, 9, 0, 0, 4])
out['gkf_folds'] = [t.tolist() for _, t in GroupKFold(3).split(np.zeros(len(gg)), groups=gg)]
out['kfold_folds'] = [t.tolist() for _, t in KFold(4).split(np.zeros(11))]
json.dump(out, open('/tmp/nls_learn_reference.json', 'w'), indent=1)
print(json.dumps(out, indent=1))
