"""scikit-learn reference numbers for GaussianNB, LinearSVC and LogisticRegression on the
synthetic decoding fixture `decoding.csv` (120 samples × 15 features; labels3, labels2,
groups). Run from this folder with a venv holding scikit-learn==1.9.1:

    /tmp/venv-sk/bin/python make_classifier_fixtures.py

Writes classifier_reference.csv: one line per quantity, `key,v0,v1,...` (matrices row-major).
Tests never run this script."""
import warnings
import numpy as np
import sklearn
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import LinearSVC
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score, GridSearchCV
from sklearn.exceptions import ConvergenceWarning

warnings.simplefilter('ignore', ConvergenceWarning)
D = np.loadtxt('decoding.csv', delimiter=',')
X, y3, y2 = D[:, :15], D[:, 15], D[:, 16]
rows = [('sklearn_version', [float(v) for v in sklearn.__version__.split('.')[:3]])]


def put(key, values):
    rows.append((key, np.asarray(values, dtype=float).ravel().tolist()))


CASES = {
    'gnb': GaussianNB(),
    'gnb_vs': GaussianNB(var_smoothing=1e-2),
    'svc': LinearSVC(random_state=0),
    'svc_c': LinearSVC(C=0.05, random_state=0),
    'svc_tight': LinearSVC(tol=1e-10, max_iter=100000, random_state=0),
    # At max_iter=1000 liblinear's hinge-loss solver stops unconverged on this data (n_iter_ =
    # 1000, ConvergenceWarning): that iterate depends on its sample order; converge instead.
    'svc_hinge': LinearSVC(loss='hinge', max_iter=100000, random_state=0),
    'lr': LogisticRegression(),
    'lr_c': LogisticRegression(C=0.1),
    'lr_tight': LogisticRegression(tol=1e-10, max_iter=10000),
}
for name, est in CASES.items():
    for yname, y in (('y2', y2), ('y3', y3)):
        key = f'{name}_{yname}'
        m = sklearn.base.clone(est).fit(X, y)
        if name.startswith('gnb'):
            put(key + '_theta', m.theta_)
            put(key + '_var', m.var_)
            put(key + '_prior', m.class_prior_)
            put(key + '_logproba10', m.predict_log_proba(X[:10]))
        else:
            put(key + '_coef', m.coef_)
            put(key + '_intercept', m.intercept_)
            put(key + '_decision10', m.decision_function(X[:10]))
        put(key + '_pred', m.predict(X))
        put(key + '_score', [m.score(X, y)])
        put(key + '_cv5', cross_val_score(sklearn.base.clone(est), X, y, cv=5))
        if yname == 'y2':
            put(key + '_auc5', cross_val_score(sklearn.base.clone(est), X, y, cv=5, scoring='roc_auc'))

# Wide data (fewer samples than features): sklearn's dual="auto" picks liblinear's dual solver.
Xw, yw = X[:12], y2[:12]
for name in ('svc', 'svc_tight', 'lr', 'lr_tight'):
    m = sklearn.base.clone(CASES[name]).fit(Xw, yw)
    put(f'{name}_wide_coef', m.coef_)
    put(f'{name}_wide_intercept', m.intercept_)

for name, est, grid in (('svc', LinearSVC(random_state=0), [0.001, 0.01, 0.1, 1.0]),
                        ('lr', LogisticRegression(), [0.001, 0.01, 0.1, 1.0]),
                        ('gnb', GaussianNB(), [1e-9, 1e-3, 1e-1, 1.0])):
    param = 'var_smoothing' if name == 'gnb' else 'C'
    g = GridSearchCV(est, {param: grid}, cv=5).fit(X, y3)
    put(f'{name}_grid_mean', g.cv_results_['mean_test_score'])
    put(f'{name}_grid_best', [g.best_index_])

with open('classifier_reference.csv', 'w') as f:
    for key, vals in rows:
        f.write(key + ',' + ','.join(repr(v) for v in vals) + '\n')
