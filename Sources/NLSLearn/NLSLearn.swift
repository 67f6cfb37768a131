/// Estimators, cross-validation and model selection (scikit-learn equivalents).
public enum NLSLearn {}
