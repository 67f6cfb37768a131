import NLS
import NLSCompute
import NLSLearn

/// Every estimator of `EstimatorCatalog`, bound from its self-description: the constructor
/// (parameters, kinds, defaults and docs from `parameterSpecs`, plus `device`/`dtype`),
/// the methods of the protocols it conforms to, its parameters and fitted attributes.
enum EstimatorBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.declareProtocol("Estimator", doc: "Anything with fit(X, y), predict and score (Ridge, RidgeClassifier, …).")
        r.declareProtocol("Transformer", doc: "Anything with fit(X), transform, fit_transform and inverse_transform.")
        for type in EstimatorCatalog.all { register(type, r) }
    }

    static func register(_ type: any Estimator.Type, _ r: BuiltinRegistry) {
        let name = type.typeName, T = NLSType.obj(name)
        var conforms: Set<String> = []
        if type is any Predictor.Type { conforms.insert("Estimator") }
        if type is any Transformer.Type { conforms.insert("Transformer") }
        r.objectType(name, conforms: conforms, doc: type.summary)
        let deviceParams = [
            ParamSpec("device", .optional(.str), default: .none),
            ParamSpec("dtype", .optional(.str), default: .none),
        ]
        r.function(name, type.parameterSpecs.map(paramSpec) + deviceParams, returns: T, doc: constructorDoc(type)) { a in
            var values: [String: ParamValue] = [:]
            for spec in type.parameterSpecs { values[spec.name] = try paramValue(a[spec.name], spec) }
            return wrap(try type.make(values, backend: try estimatorBackend(device: a["device"], dtype: a["dtype"], context: a.context)))
        }
        if let p = type as? any Predictor.Type { registerPredictor(name, classifier: p is any Classifier.Type, r) }
        if type is any Classifier.Type { registerClassifier(name, r) }
        if type is any Transformer.Type { registerTransformer(name, r) }
        for spec in type.parameterSpecs {
            r.attribute(name, spec.name, attributeType(spec.kind), doc: spec.doc) { v in
                value(try estimator(v).getParam(spec.name), spec.kind)
            }
        }
        for spec in type.attributeSpecs {
            r.attribute(name, spec.name, attributeType(spec.kind), doc: spec.doc) { v in
                let e = try estimator(v)
                guard e.isFitted else { throw RuntimeError("this \(name) is not fitted yet; call fit() first") }
                if spec.name == "classes", let names = try box(v).classNames, let c = e as? Classifier {
                    return try LabelTargets.decode(NDArray(c.classes), classes: names)
                }
                switch try e.attribute(spec.name) {
                case .array(let a): return .array(a)
                case .float(let d): return .float(d)
                case .int(let i): return .int(i)
                }
            }
        }
    }

    /// fit / predict / score; a classifier's targets may be strings (`LabelTargets`).
    static func registerPredictor(_ name: String, classifier: Bool, _ r: BuiltinRegistry) {
        let A = DataTypes.array, T = NLSType.obj(name), Y = classifier ? LabelTargets.type : A
        r.method(name, "fit", [ParamSpec("X", A), ParamSpec("y", Y)], returns: T,
                 doc: classifier ? "Fits on X [samples × features], y [samples]: class labels, numbers or strings."
                                 : "Fits on X [samples × features], y [samples (× targets)].") { s, a in
            let p = try predictor(s), (y, classes) = try LabelTargets.encode(a[1])
            try LabelTargets.requireClassifier(p, classes, name)
            try p.fit(a[0].ndarray(), y)
            try box(s).classNames = classes
            return s
        }
        r.method(name, "predict", [ParamSpec("X", A)], returns: A,
                 doc: classifier ? "Predicted classes for X (the original strings when fitted on string labels)." : "Predictions for X.") { s, a in
            let pred = try predictor(s).predict(a[0].ndarray())
            if let names = try box(s).classNames { return try LabelTargets.decode(pred, classes: names) }
            return .array(pred)
        }
        r.method(name, "score", [ParamSpec("X", A), ParamSpec("y", Y)], returns: .float,
                 doc: "Default score: R² (uniform average over targets) for regressors, mean accuracy for classifiers.") { s, a in
            let y = try LabelTargets.encode(a[1], classes: box(s).classNames, for: "this \(name)")
            return .float(try predictor(s).score(a[0].ndarray(), y))
        }
    }

    static func registerClassifier(_ name: String, _ r: BuiltinRegistry) {
        let A = DataTypes.array
        r.method(name, "decision_function", [ParamSpec("X", A)], returns: A,
                 doc: "Continuous scores: n_samples (two classes; > 0 means classes[1]) or n_samples × n_classes.") { s, a in
            guard let c = try estimator(s) as? Classifier else { throw RuntimeError("\(name) is not a classifier") }
            return .array(try c.decisionFunction(a[0].ndarray()))
        }
    }

    static func registerTransformer(_ name: String, _ r: BuiltinRegistry) {
        let A = DataTypes.array, T = NLSType.obj(name)
        func transformer(_ v: Value) throws -> Transformer {
            guard let t = try estimator(v) as? Transformer else { throw RuntimeError("\(name) is not a transformer") }
            return t
        }
        r.method(name, "fit", [ParamSpec("X", A)], returns: T, doc: "Fits on X [samples × features].") { s, a in
            try transformer(s).fit(a[0].ndarray())
            return s
        }
        r.method(name, "transform", [ParamSpec("X", A)], returns: A, doc: "X in the fitted space.") { s, a in
            .array(try transformer(s).transform(a[0].ndarray()))
        }
        r.method(name, "fit_transform", [ParamSpec("X", A)], returns: A, doc: "fit(X), then transform(X).") { s, a in
            .array(try transformer(s).fitTransform(a[0].ndarray()))
        }
        r.method(name, "inverse_transform", [ParamSpec("X", A)], returns: A, doc: "Back to the input space.") { s, a in
            .array(try transformer(s).inverseTransform(a[0].ndarray()))
        }
    }

    /// "Ridge(alpha: Float | Array = 1.0, …)" help text: the summary, then one line per parameter.
    static func constructorDoc(_ type: any Estimator.Type) -> String {
        var lines = [type.summary, "", "Parameters:"]
        for s in type.parameterSpecs { lines.append("  \(s.name) = \(s.defaultValue): \(s.doc)") }
        lines.append("  device = none: compute device for this estimator (default: the device setting).")
        lines.append("  dtype = none: float32 | float64 on OpenCL devices.")
        if !type.attributeSpecs.isEmpty {
            lines.append("Fitted attributes: " + type.attributeSpecs.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    static func languageType(_ kind: ParameterKind) -> NLSType {
        switch kind {
        case .float: return .float
        case .floatOrFloats: return .union([.float, DataTypes.array])
        case .int: return .int
        case .optionalInt: return .optional(.int)
        case .bool: return .bool
        case .choice: return .str
        }
    }

    /// Attributes of parameters read back one value: a list of penalties shows its first.
    static func attributeType(_ kind: ParameterKind) -> NLSType {
        kind == .floatOrFloats ? .float : languageType(kind)
    }

    static func attributeType(_ kind: AttributeKind) -> NLSType {
        switch kind {
        case .array: return DataTypes.array
        case .float: return .float
        case .int: return .int
        }
    }

    static func paramSpec(_ s: ParameterSpec) -> ParamSpec {
        ParamSpec(s.name, languageType(s.kind), default: GridSearchBuiltins.value(s.defaultValue))
    }

    /// A language value as the parameter's value (kinds were checked statically; values
    /// are validated by the estimator's setParam).
    static func paramValue(_ v: Value, _ spec: ParameterSpec) throws -> ParamValue {
        switch spec.kind {
        case .float: return .double(try v.asDouble())
        case .int: return .int(try v.asInt())
        case .optionalInt:
            if case .none = v { return ParamValue.none }
            return .int(try v.asInt())
        case .bool: return .bool(try v.asBool())
        case .choice: return .string(try v.asString())
        case .floatOrFloats:
            switch v {
            case .int, .float: return .double(try v.asDouble())
            default: return .doubles(try v.ndarray().values)
            }
        }
    }

    static func value(_ p: ParamValue, _ kind: ParameterKind) -> Value {
        if kind == .floatOrFloats, case .doubles(let ds) = p { return ds.first.map { .float($0) } ?? Value.none }
        return GridSearchBuiltins.value(p)
    }

    static func wrap(_ e: Estimator, classNames: [String]? = nil) -> Value {
        .object(NativeObject(type: .obj(e.estimatorName), payload: EstimatorBox(e, classNames: classNames)))
    }

    static func box(_ v: Value) throws -> EstimatorBox {
        guard case .object(let o) = v, let b = o.payload as? EstimatorBox else { throw RuntimeError("expected an estimator, got \(v.repr)") }
        return b
    }

    static func estimator(_ v: Value) throws -> Estimator { try box(v).estimator }

    static func predictor(_ v: Value) throws -> Predictor {
        guard let p = try estimator(v) as? Predictor else { throw RuntimeError("expected an estimator with fit(X, y), got \(v.repr)") }
        return p
    }
}
