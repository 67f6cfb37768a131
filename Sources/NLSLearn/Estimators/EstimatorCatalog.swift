/// Every estimator and transformer the language offers, one line each. The builtins layer
/// registers each from its self-description; the conformance suite runs over all of them.
public enum EstimatorCatalog {
    public static let all: [any Estimator.Type] = [
        Ridge.self,
        RidgeClassifier.self,
        GaussianNB.self,
        LinearSVC.self,
        LogisticRegression.self,
        PCA.self,
        IncrementalPCA.self,
        FastICA.self,
    ]

    public static func named(_ name: String) -> (any Estimator.Type)? {
        all.first { $0.typeName == name }
    }
}
