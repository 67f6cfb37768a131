/// Estimators, cross-validation and model selection (scikit-learn 1.9 equivalents).
///
/// - `Estimator` (Estimators/): fit / predict / score, parameters by name, clone.
/// - `Ridge`, `RidgeClassifier` (Linear/): solvers svd / cholesky / eigen through `ComputeBackend`.
/// - Splitters (ModelSelection/): `KFold`, `StratifiedKFold`, `GroupKFold`, `LeaveOneGroupOut`;
///   `CV.folds(k)` = KFold for regressors, StratifiedKFold for classifiers.
/// - `CrossValidation.crossValScore` / `crossValidate`, `GridSearch` (+ `CVResults`).
/// - `RidgeAlphaSweep`: GridSearch's fast path for Ridge alpha grids — one SVD per fold,
///   all alphas scored with batched GEMMs, no refit per alpha.
/// - `Metrics`, `Scoring` (Metrics/): r2, neg_mean_squared_error, accuracy, roc_auc, balanced_accuracy.
/// Nothing reachable from user input traps: bad input throws `LearnError`.
public enum NLSLearn {}
