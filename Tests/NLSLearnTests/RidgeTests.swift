import XCTest
import NLSCompute
@testable import NLSLearn

final class RidgeTests: XCTestCase {
    let x = Fixture.x, y = Fixture.y

    func testSolversAgree() throws {
        let ref = Ridge(alpha: 10, solver: .svd); try ref.fit(x, y)
        for s in [RidgeSolver.cholesky, .eigen, .auto] {
            let r = Ridge(alpha: 10, solver: s); try r.fit(x, y)
            assertClose(Array(r.coef!.storage), Array(ref.coef!.storage), abs: 1e-9, "coef \(s)")
            assertClose(r.intercept!, ref.intercept!, abs: 1e-7, "intercept \(s)")
        }
        let c = Ridge(alpha: 10, solver: .cholesky); try c.fit(x, y)
        assertClose(c.coef![0, 0], -0.4777553436865367, rel: 1e-10, "sklearn cholesky coef[0,0]")
    }

    func testPerTargetAlpha() throws {
        let t = y.cols
        let alphas = (0..<t).map { 1 + 99 * Double($0) / Double(t - 1) }
        for s in [RidgeSolver.svd, .cholesky, .eigen] {
            let r = Ridge(alphas: alphas, solver: s); try r.fit(x, y)
            assertClose(r.coef!.storage.reduce(0, +), 6113.5742365918795, rel: 1e-9, "sum \(s)")
            assertClose(r.coef![5, 7], 0.4787408289358828, rel: 1e-9, "coef[5,7] \(s)")
            assertClose(r.intercept![5], 878.4993395740554, rel: 1e-12, "intercept[5] \(s)")
        }
        XCTAssertEqual(try Ridge(alphas: alphas).getParam("alpha"), .doubles(alphas))
        assertThrowsLearnError(try Ridge(alphas: [1, 2, 3]).fit(x, y), contains: "number of penalties")
    }

    func testOneDimensionalTarget() throws {
        let y3 = NDArray(shape: [300], y.columnValues(3))
        let r = Ridge(alpha: 1); try r.fit(x, y3)
        assertClose(r.coef!.storage.reduce(0, +), 79.79815984387776, rel: 1e-10, "coef sum")
        assertClose(r.intercept![0], 843.5746303217744, rel: 1e-12, "intercept")
        assertClose(try r.score(x, y3), 0.7136896242126469, abs: 1e-10, "score")
        XCTAssertEqual(try r.predict(x).shape, [300])
    }

    func testWideProblemKernelPath() throws {
        let rows = Array(0..<40)
        let xw = x.takingRows(rows), yw = (y.takingRows(rows)).takingColumns(0..<5)
        for s in [RidgeSolver.cholesky, .svd, .eigen] {
            let r = Ridge(alpha: 3, solver: s); try r.fit(xw, yw)
            assertClose(r.coef!.storage.reduce(0, +), 77.55165645718647, rel: 1e-10, "wide \(s)")
        }
    }

    func testR2ConstantTargetRules() throws {
        let yt = NDArray(shape: [3, 2], [1, 2, 1, 3, 1, 4])
        var yp = NDArray(shape: [3, 2], [1, 2.5, 1, 2.5, 1, 4])
        assertClose(try Metrics.r2Score(yt, yp), 0.875, abs: 1e-15, "exact constant → 1")
        yp[0, 0] = 1.5
        assertClose(try Metrics.r2Score(yt, yp), 0.375, abs: 1e-15, "wrong constant → 0")
    }

    func testParamsAndClone() throws {
        let r = Ridge(alpha: 2, solver: .eigen, fitIntercept: false)
        XCTAssertEqual(r.parameterNames, ["alpha", "fit_intercept", "solver"])
        let c = r.clone()
        XCTAssertEqual(c.getParams(), r.getParams())
        try c.setParam("alpha", .int(5))
        XCTAssertEqual(try c.getParam("alpha"), .double(5))
        XCTAssertEqual(try r.getParam("alpha"), .double(2))
        assertThrowsLearnError(try c.setParam("solver", .string("lsqr")), contains: "solver must be one of")
        assertThrowsLearnError(try c.setParam("alpha", .double(-1)), contains: "≥ 0")
        assertThrowsLearnError(try Ridge().predict(x), contains: "not fitted")
    }

    func testNoInterceptMatchesFastPath() throws {
        let fast = GridSearch(Ridge(fitIntercept: false), numericGrid: ["alpha": [0.1, 10, 1000]], refit: false)
        let slow = GridSearch(Ridge(fitIntercept: false), numericGrid: ["alpha": [0.1, 10, 1000]], refit: false, fastPath: false)
        try fast.fit(x, y); try slow.fit(x, y)
        assertClose(fast.cvResults.numbers("mean_test_score")!, slow.cvResults.numbers("mean_test_score")!, abs: 1e-10, "no intercept")
    }
}
