import NLS
import NLSCompute
import NLSLearn

/// String class labels at the language boundary, for every builtin that takes targets
/// (estimators' fit and score, cross_val_score, cross_validate, GridSearch, splitters,
/// SearchLight). NLSLearn sees numbers only: labels are encoded as scikit-learn's
/// LabelEncoder does — classes unique and in numpy's order (by code point, as `np.unique`
/// and `classes_`), each label its class's index — and predictions are decoded back to the
/// original strings.
enum LabelTargets {
    /// Targets: an Array (numbers or strings) or a List[Str].
    static let type = NLSType.union([DataTypes.array, .list(.str)])

    /// y as NLSLearn takes it, and the class names when y held strings.
    static func encode(_ v: Value) throws -> (y: NDArray, classes: [String]?) {
        if let strings = v.stringValues, v.isStringArray || isList(v) {
            let enc = LabelEncoding(strings)
            return (enc.codes, enc.classes)
        }
        if isList(v), case .list(let xs) = v, xs.isEmpty { throw RuntimeError("y is an empty list; give one label per sample") }
        return (try v.ndarray(), nil)
    }

    /// y for a model fitted on `classes`: strings become their class index (-1 for a label
    /// the model never saw, so it counts as wrong, as in scikit-learn's score); numbers
    /// are refused, since they cannot be compared with string predictions.
    static func encode(_ v: Value, classes: [String]?, for what: String) throws -> NDArray {
        guard let classes = classes else {
            if v.stringValues != nil, v.isStringArray || isList(v) {
                throw RuntimeError("\(what) was fitted on numeric labels; y holds strings")
            }
            return try v.ndarray()
        }
        guard let strings = v.stringValues, v.isStringArray || isList(v) else {
            throw RuntimeError("\(what) was fitted on string labels (\(shown(classes))); y must hold those strings too")
        }
        return NDArray(LabelEncoding.codes(strings, classes: classes, unknown: -1))
    }

    /// Predicted class codes as the original strings (a string Array).
    static func decode(_ codes: NDArray, classes: [String]) throws -> Value {
        .strings(StringArray(try LabelEncoding(classes: classes).decode(codes)))
    }

    /// Refuses string labels for an estimator that predicts numbers.
    static func requireClassifier(_ p: Predictor, _ classes: [String]?, _ name: String) throws {
        if classes != nil && !p.isClassifier {
            throw RuntimeError("\(name) predicts numbers, and y holds strings (class labels): use a classifier such as RidgeClassifier, LogisticRegression, LinearSVC or GaussianNB")
        }
    }

    static func isList(_ v: Value) -> Bool { if case .list = v { return true }; return false }

    static func shown(_ classes: [String]) -> String {
        let head = classes.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
        return classes.count > 5 ? head + ", …" : head
    }
}
