import XCTest
@testable import NLSCompute
@testable import NLSLearn

/// Runs over every estimator and transformer of `EstimatorCatalog`: what the protocols
/// promise holds for each (self-description, parameter round trip and clone, not-fitted
/// and bad-input errors, fit/predict/transform shapes, the same results on every device).
/// A new estimator gets all of this by its one catalog line.
final class EstimatorConformanceTests: XCTestCase {
    /// Regression data (60 × 8, 3 targets) and labels with 3 classes for classifiers.
    static let x = Fixture.x.takingBlock(rows: Array(0..<60), cols: 0..<8)
    static let y = Fixture.y.takingBlock(rows: Array(0..<60), cols: 0..<3)
    static let labels = NDArray(shape: [60], (0..<60).map { Double($0 % 3) })

    static func target(for e: Estimator) -> NDArray {
        (e as? Predictor)?.isClassifier == true ? labels : y
    }

    func testCatalogIsNonEmptyAndNamesAreUnique() {
        XCTAssertFalse(EstimatorCatalog.all.isEmpty)
        let names = EstimatorCatalog.all.map { $0.typeName }
        XCTAssertEqual(Set(names).count, names.count)
        for n in names { XCTAssertEqual(EstimatorCatalog.named(n)?.typeName, n) }
        XCTAssertNil(EstimatorCatalog.named("NoSuchEstimator"))
    }

    func testSelfDescription() throws {
        for type in EstimatorCatalog.all {
            let name = type.typeName
            XCTAssertFalse(type.summary.isEmpty, name)
            XCTAssertTrue(type is any Predictor.Type || type is any Transformer.Type, "\(name) is neither a Predictor nor a Transformer")
            let specs = type.parameterSpecs
            XCTAssertFalse(specs.isEmpty, name)
            XCTAssertEqual(Set(specs.map(\.name)).count, specs.count, "\(name): duplicate parameter")
            for s in specs { XCTAssertFalse(s.doc.isEmpty, "\(name).\(s.name) has no doc") }
            for a in type.attributeSpecs { XCTAssertFalse(a.doc.isEmpty, "\(name).\(a.name) has no doc") }
            let e = type.init()
            XCTAssertEqual(e.estimatorName, name)
            XCTAssertEqual(e.parameterNames, specs.map(\.name).sorted())
            // Defaults are what the description says.
            for s in specs { XCTAssertEqual(try e.getParam(s.name), s.defaultValue, "\(name).\(s.name) default") }
        }
    }

    func testParameterRoundTripAndClone() throws {
        for type in EstimatorCatalog.all {
            let name = type.typeName
            let e = type.init()
            for s in type.parameterSpecs {
                let v = Self.otherValue(s)
                try e.setParam(s.name, v)
                XCTAssertEqual(try e.getParam(s.name), v, "\(name).\(s.name) round trip")
            }
            let params = e.getParams()
            XCTAssertEqual(try type.make(params).getParams(), params, "\(name): make(getParams())")
            let c = e.clone()
            XCTAssertFalse(c === e)
            XCTAssertEqual(c.getParams(), params, "\(name): clone keeps parameters")
            XCTAssertTrue(c.backend === e.backend)
            XCTAssertFalse(c.isFitted)
            // The clone is independent.
            let s0 = type.parameterSpecs[0]
            try c.setParam(s0.name, s0.defaultValue)
            XCTAssertEqual(try e.getParam(s0.name), params[s0.name], "\(name): clone shares state")
            assertThrowsLearnError(try e.setParam("no_such_parameter", .int(1)), contains: "invalid parameter 'no_such_parameter'")
            assertThrowsLearnError(try e.getParam("no_such_parameter"), contains: "valid parameters are")
            for s in type.parameterSpecs {
                if let bad = Self.badValue(s) {
                    XCTAssertThrowsError(try e.setParam(s.name, bad), "\(name).\(s.name) accepted \(bad)")
                }
            }
        }
    }

    func testNotFittedErrors() throws {
        for type in EstimatorCatalog.all {
            let e = type.init()
            XCTAssertFalse(e.isFitted)
            for a in type.attributeSpecs {
                assertThrowsLearnError(try e.attribute(a.name), contains: "not fitted")
            }
            if let p = e as? Predictor { assertThrowsLearnError(try p.predict(Self.x), contains: "not fitted") }
            if let t = e as? Transformer { assertThrowsLearnError(try t.transform(Self.x), contains: "not fitted") }
        }
    }

    func testFitShapesAndAttributes() throws {
        for type in EstimatorCatalog.all {
            let name = type.typeName
            let e = type.init()
            if let p = e as? Predictor {
                let y = Self.target(for: e)
                try p.fit(Self.x, y)
                XCTAssertTrue(p.isFitted)
                let pred = try p.predict(Self.x)
                XCTAssertEqual(pred.shape, y.shape, name)
                XCTAssertTrue(try p.score(Self.x, y).isFinite, name)
                if let c = p as? Classifier {
                    XCTAssertEqual(c.classes, [0, 1, 2])
                    XCTAssertEqual(try c.decisionFunction(Self.x).shape, [60, 3], name)
                }
            }
            if let t = e as? Transformer {
                try t.fit(Self.x)
                XCTAssertEqual(try t.transform(Self.x).rows, Self.x.rows, name)
                XCTAssertEqual(try t.fitTransform(Self.x), try t.transform(Self.x), name)
            }
            for a in type.attributeSpecs {
                let v = try e.attribute(a.name)
                switch (v, a.kind) {
                case (.array, .array), (.float, .float), (.int, .int): break
                default: XCTFail("\(name).\(a.name): \(v) is not a \(a.kind)")
                }
            }
            assertThrowsLearnError(try e.attribute("no_such_attribute"), contains: "no attribute")
        }
    }

    func testBadInputErrors() throws {
        var nanX = Self.x
        nanX.storage[5] = .nan
        for type in EstimatorCatalog.all {
            let e = type.init()
            if let p = e as? Predictor {
                let y = Self.target(for: e)
                assertThrowsLearnError(try p.fit(nanX, y), contains: "NaN")
                assertThrowsLearnError(try p.fit(Self.x, y.takingRows(Array(0..<10))), contains: "must match")
                assertThrowsLearnError(try p.fit(NDArray(zeros: [60]), y), contains: "2-D")
                try p.fit(Self.x, y)
                assertThrowsLearnError(try p.predict(Self.x.takingColumns(0..<3)), contains: "features")
            }
            if let t = e as? Transformer {
                assertThrowsLearnError(try t.fit(nanX), contains: "NaN")
            }
        }
    }

    /// Every estimator gives the same results on each available device (OpenCL in float64;
    /// skipped when no OpenCL platform is installed).
    func testSameResultsOnEveryDevice() throws {
        let devices = OpenCLRuntime.devices()
        guard let dev = devices.first, dev.fp64 else { throw XCTSkip("no OpenCL device with fp64 here") }
        let cl = try OpenCLBackend(device: 0, precision: .float64)
        for type in EstimatorCatalog.all {
            let cpu = type.init(), gpu = type.init()
            gpu.backend = cl
            // Seeded estimators start from the same random numbers on both devices.
            if type.parameterSpecs.contains(where: { $0.name == "random_state" }) {
                try cpu.setParam("random_state", .int(0)); try gpu.setParam("random_state", .int(0))
            }
            if let pc = cpu as? Predictor, let pg = gpu as? Predictor {
                let y = Self.target(for: cpu)
                try pc.fit(Self.x, y); try pg.fit(Self.x, y)
                let a = try pc.predict(Self.x), b = try pg.predict(Self.x)
                for (u, v) in zip(a.storage, b.storage) { XCTAssertEqual(u, v, accuracy: 1e-8 * max(1, abs(u)), type.typeName) }
            }
            if let tc = cpu as? Transformer, let tg = gpu as? Transformer {
                let a = try tc.fitTransform(Self.x), b = try tg.fitTransform(Self.x)
                for (u, v) in zip(a.storage, b.storage) { XCTAssertEqual(abs(u), abs(v), accuracy: 1e-8 * max(1, abs(u)), type.typeName) }
            }
        }
    }

    /// A valid value other than the default, by kind.
    static func otherValue(_ s: ParameterSpec) -> ParamValue {
        switch s.kind {
        case .float, .floatOrFloats: return .double((s.defaultValue.asDouble ?? 1) * 2 + 0.5)
        case .int: return .int(Int(s.defaultValue.asDouble ?? 1) + 1)
        case .optionalInt: return s.defaultValue == .none ? .int(2) : .none
        case .bool: return .bool(s.defaultValue != .bool(true))
        case .choice(let cs): return .string(cs.first { ParamValue.string($0) != s.defaultValue } ?? cs[0])
        }
    }

    /// A value of the wrong kind, which setParam must refuse.
    static func badValue(_ s: ParameterSpec) -> ParamValue? {
        switch s.kind {
        case .float, .floatOrFloats, .int, .optionalInt: return .string("big")
        case .bool: return .string("yes")
        case .choice: return .string("no such choice")
        }
    }
}
