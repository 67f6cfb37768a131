import NLS
import NLSLearn

/// Estimators echo as scikit-learn shows them: the type and the parameters that differ
/// from their defaults, in declaration order (`Ridge(alpha: 174.75, solver: "svd")`,
/// `Ridge()` at the defaults). `print(r)`, the REPL echo and `%whos` all use it.
extension Estimator {
    public var reprDescription: String {
        let params = getParams()
        let changed = Self.parameterSpecs.compactMap { spec -> String? in
            guard let v = params[spec.name], v != spec.defaultValue else { return nil }
            return "\(spec.name): \(Self.format(v))"
        }
        return "\(Self.typeName)(\(changed.joined(separator: ", ")))"
    }

    /// `%whos`: the repr and whether it is fitted.
    public var whosDescription: String { reprDescription + (isFitted ? ", fitted" : ", not fitted") }

    static func format(_ v: ParamValue) -> String {
        switch v {
        case .double(let d): return formatFloat(d)
        case .doubles(let ds): return "[" + ds.map(formatFloat).joined(separator: ", ") + "]"
        default: return v.description
        }
    }
}

/// The language's value of an estimator: the estimator itself, shown by its repr. Every
/// catalogued estimator gets it through `EstimatorBuiltins.wrap`, with nothing per type.
final class EstimatorBox: PrintableValue, WhosSummary {
    let estimator: Estimator
    /// The string labels the estimator was last fitted on (nil: numeric targets); see
    /// `LabelTargets`.
    var classNames: [String]?
    init(_ estimator: Estimator, classNames: [String]? = nil) { self.estimator = estimator; self.classNames = classNames }
    var printDescription: String { estimator.reprDescription }
    var whosInfo: String { estimator.whosDescription }
}
