import XCTest
@testable import NLSCompute

/// Expected values were printed by numpy 2.4 (python3 -c ...) and pasted here.
final class ArrayCoreTests: XCTestCase {
    let x = try! NDArray.arange(0.0, 12.0).reshape([3, 4])

    func testIndexingLikeNumpy() throws {
        XCTAssertEqual(try x.get([.range(start: 0, stop: 2), .all]).values, [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(try x.get([.range(start: 0, stop: 2), .all]).shape, [2, 4])
        XCTAssertEqual(try x.get([.all, .at(1)]).values, [1, 5, 9])
        XCTAssertEqual(try x.get([.all, .at(-1)]).values, [3, 7, 11])
        XCTAssertEqual(try x.get([.list([0, 2])]).values, [0, 1, 2, 3, 8, 9, 10, 11])
        XCTAssertEqual(try x.get([.mask(x .> 5)]).values, [6, 7, 8, 9, 10, 11])
        XCTAssertEqual(try x.get([.range(step: -1), .range(start: 1, step: 2)]).values, [9, 11, 5, 7, 1, 3])
        XCTAssertEqual(try x.get([.list([0, 2]), .list([1, 3])]).values, [1, 11])
        XCTAssertEqual(try x.get([.all, .mask(NDArray([true, false, true, false]))]).values, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(try x.get([.mask(NDArray([true, false, true]))]).shape, [2, 4])
        XCTAssertEqual(try x.get([.at(1), .at(2)]).shape, [])
        XCTAssertEqual(try x.get([.at(1), .at(2)]).item(), 6)
        // 3-D with ranges in the middle
        let y = try NDArray.arange(0, 24).reshape([2, 3, 4])
        XCTAssertEqual(try y.get([.at(1), .range(start: 1), .range(start: 2)]).values, [18, 19, 22, 23])
        XCTAssertEqual(try y.get([.at(1), .range(start: 1), .range(start: 2)]).dtype, .int64)
    }

    func testIndexingErrors() {
        XCTAssertThrowsError(try x.get([.at(3)])) { XCTAssertEqual("\($0)", "index 3 is out of bounds for axis 0 with size 3") }
        XCTAssertThrowsError(try x.get([.all, .list([0, 9])])) { XCTAssertEqual("\($0)", "index 9 is out of bounds for axis 1 with size 4") }
        XCTAssertThrowsError(try x.get([.at(0), .at(0), .at(0)])) { XCTAssertEqual("\($0)", "too many indices for array: array is 2-dimensional, but 3 were indexed") }
        XCTAssertThrowsError(try x.get([.mask(NDArray([true, false]))])) {
            XCTAssertEqual("\($0)", "boolean index did not match indexed array along axis 0; size of axis is 3 but size of corresponding boolean axis is 2")
        }
        XCTAssertThrowsError(try x.get([.range(step: 0)])) { XCTAssertEqual("\($0)", "slice step cannot be zero") }
    }

    func testSetThroughSpecs() throws {
        var a = x
        try a.set([.range(start: 0, stop: 2), .all], 0)
        XCTAssertEqual(a.values, [0, 0, 0, 0, 0, 0, 0, 0, 8, 9, 10, 11])
        try a.set([.all, .at(0)], NDArray([7.0, 8, 9]))
        XCTAssertEqual(try a.column(0).values, [7, 8, 9])
        try a.set([.mask(a .> 9)], -1)
        XCTAssertEqual(a.values, [7, 0, 0, 0, 8, 0, 0, 0, 9, 9, -1, -1])
        XCTAssertThrowsError(try a.set([.at(0)], NDArray([1.0, 2]))) {
            XCTAssertEqual("\($0)", "cannot broadcast an array of shape (2,) to shape (4,)")
        }
        var i = try NDArray.zeros([3], dtype: .int64)
        try i.set([.at(1)], 2.7)
        XCTAssertEqual(i.values, [0, 2, 0])
    }

    func testBroadcastingArithmetic() throws {
        let a = try NDArray(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try (a + NDArray([10.0, 20, 30])).values, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual(try (a / NDArray(rows: [[2], [4]])).values, [0.5, 1, 1.5, 1, 1.25, 1.5])
        XCTAssertEqual(try a.pow(2).values, [1, 4, 9, 16, 25, 36])
        XCTAssertEqual((2.0 - a).values, [1, 0, -1, -2, -3, -4])
        XCTAssertEqual((-a).values, [-1, -2, -3, -4, -5, -6])
        XCTAssertThrowsError(try a + NDArray([1.0, 2])) {
            XCTAssertEqual("\($0)", "operands could not be broadcast together with shapes (2, 3) (2,)")
        }
        // comparisons and logic give bool
        let m = try (a .> 2).logicalAnd(a .< 6)
        XCTAssertEqual(m.dtype, .bool)
        XCTAssertEqual(m.values, [0, 0, 1, 1, 1, 0])
        XCTAssertEqual(try m.logicalNot().values, [1, 1, 0, 0, 0, 1])
        XCTAssertThrowsError(try a.logicalNot())
        // dtype promotion
        let i = try NDArray.arange(1, 4)
        XCTAssertEqual((i + 1).dtype, .int64)
        XCTAssertEqual((i + 1.5).dtype, .float64)
        XCTAssertEqual((i / 2).dtype, .float64)
        XCTAssertEqual((i / 2).values, [0.5, 1, 1.5])
        let f = NDArray([0.1, 0.2]).astype(.float32)
        XCTAssertEqual((f * 3.0).dtype, .float32)
        XCTAssertEqual((f * 3.0).values, [Double(Float(0.1) * 3), Double(Float(0.2) * 3)])
        XCTAssertEqual(try (f + i.get([.range(stop: 2)])).dtype, .float64)
        XCTAssertThrowsError(try NDArray.binary(.power, i, scalar: -1, scalarIsInteger: true)) {
            XCTAssertEqual("\($0)", "integers to negative integer powers are not allowed")
        }
        XCTAssertEqual(try NDArray.binary(.mod, NDArray([-7.0, 7]), scalar: 3).values, [2, 1])
        XCTAssertEqual(try NDArray.binary(.floorDivide, NDArray([-7.0, 7]), scalar: 2).values, [-4, 3])
        var acc = a
        try acc += a
        XCTAssertEqual(acc.values, [2, 4, 6, 8, 10, 12])
    }

    func testShapeOps() throws {
        XCTAssertEqual(try x.reshape([-1, 6]).shape, [2, 6])
        XCTAssertThrowsError(try x.reshape([5, -1])) { XCTAssertEqual("\($0)", "cannot reshape array of size 12 into shape (5, -1)") }
        XCTAssertEqual(x.T.shape, [4, 3])
        XCTAssertEqual(x.T.values, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        let y = try NDArray.arange(0, 24).reshape([2, 3, 4])
        XCTAssertEqual(try y.transpose().get([.at(3), .at(2), .at(1)]).item(), 23)
        XCTAssertEqual(try y.transpose([1, 0, 2]).shape, [3, 2, 4])
        XCTAssertEqual(try y.transpose([1, 0, 2]).get([.at(0), .at(1)]).values, [12, 13, 14, 15])
        let a = NDArray([1.0, 2]), b = NDArray([3.0, 4])
        XCTAssertEqual(try NDArray.stack([a, b], axis: 1).values, [1, 3, 2, 4])
        XCTAssertEqual(try NDArray.vstack([a, b]).shape, [2, 2])
        XCTAssertEqual(try NDArray.hstack([a, b]).values, [1, 2, 3, 4])
        XCTAssertEqual(try NDArray.concatenate([x, x], axis: 1).shape, [3, 8])
        XCTAssertEqual(try NDArray.concatenate([x, x], axis: 1).get([.at(1)]).values, [4, 5, 6, 7, 4, 5, 6, 7])
        XCTAssertThrowsError(try NDArray.concatenate([x, a], axis: 0))
        XCTAssertEqual(x.ravel().shape, [12])
    }

    func testMatmulShapes() throws {
        let a = try NDArray(rows: [[1, 2], [3, 4], [5, 6]])
        let v = NDArray([1.0, -1])
        XCTAssertEqual(try a.matmul(v).values, [-1, -1, -1])
        XCTAssertEqual(try a.matmul(v).shape, [3])
        XCTAssertEqual(try NDArray([1.0, 0, 1]).matmul(a).values, [6, 8])
        XCTAssertEqual(try a.T.matmul(a).values, [35, 44, 44, 56])
        XCTAssertThrowsError(try a.matmul(a))
        XCTAssertEqual(try NDArray([1.0, 2, 3]).dot(NDArray([4.0, 5, 6])), 32)
    }

    func testCreation() throws {
        let numpyLogspace: [Double] = [1e-06, 1.3219411484660286e-06, 1.747528400007683e-06, 2.310129700083158e-06, 3.0538555088334123e-06, 4.037017258596558e-06, 5.336699231206312e-06, 7.0548023107186455e-06, 9.3260334688322e-06, 1.2328467394420658e-05, 1.6297508346206434e-05, 2.1544346900318867e-05, 2.8480358684358048e-05, 3.7649358067924715e-05, 4.977023564332114e-05, 6.579332246575683e-05, 8.697490026177834e-05, 0.00011497569953977356, 0.0001519911082952933, 0.00020092330025650479, 0.00026560877829466864, 0.0003511191734215131, 0.0004641588833612782, 0.0006135907273413176, 0.0008111308307896872, 0.0010722672220103231, 0.0014174741629268048, 0.0018738174228603848, 0.0024770763559917113, 0.0032745491628777285, 0.004328761281083062, 0.00572236765935022, 0.007564633275546291, 0.01, 0.013219411484660286, 0.017475284000076828, 0.02310129700083158, 0.030538555088334186, 0.04037017258596558, 0.05336699231206313, 0.07054802310718646, 0.093260334688322, 0.12328467394420659, 0.16297508346206435, 0.21544346900318867, 0.2848035868435805, 0.3764935806792471, 0.49770235643321137, 0.6579332246575682, 0.8697490026177834, 1.1497569953977356, 1.5199110829529332, 2.009233002565046, 2.6560877829466896, 3.5111917342151346, 4.641588833612782, 6.135907273413176, 8.111308307896872, 10.722672220103231, 14.174741629268048, 18.738174228603867, 24.77076355991714, 32.745491628777316, 43.287612810830616, 57.2236765935022, 75.64633275546291, 100.0, 132.19411484660287, 174.7528400007683, 231.0129700083158, 305.38555088334124, 403.70172585965497, 533.6699231206302, 705.480231071866, 932.6033468832218, 1232.8467394420684, 1629.7508346206469, 2154.4346900318865, 2848.035868435805, 3764.9358067924713, 4977.023564332114, 6579.332246575683, 8697.490026177835, 11497.569953977356, 15199.11082952933, 20092.33002565046, 26560.87782946684, 35111.917342151275, 46415.888336127915, 61359.072734131885, 81113.08307896889, 107226.72220103253, 141747.41629268078, 187381.74228603867, 247707.6355991714, 327454.9162877732, 432876.12810830615, 572236.765935022, 756463.3275546291, 1000000.0]
        // numpy's vectorised pow may differ from libm by 1 ulp: 1e-15 relative is the contract
        for (p, q) in zip(try NDArray.logspace(-6, 6, num: 100).values, numpyLogspace) { XCTAssertEqual(p, q, accuracy: 1e-15 * q) }
        XCTAssertEqual(try NDArray.linspace(0, 1, num: 7).values, [0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333, 1.0])
        XCTAssertEqual(try NDArray.arange(0.0, 1.0, 0.1).values, [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9])
        XCTAssertEqual(try NDArray.arange(5).values, [0, 1, 2, 3, 4])
        XCTAssertEqual(try NDArray.arange(5, 0, -2).values, [5, 3, 1])
        XCTAssertEqual(try NDArray.eye(2, 3, k: 1).values, [0, 1, 0, 0, 0, 1])
        XCTAssertEqual(try NDArray.full([2], 3.5).values, [3.5, 3.5])
        XCTAssertEqual(try NDArray.ones([2, 2], dtype: .int64).dtype, .int64)
        XCTAssertThrowsError(try NDArray.zeros([-1]))
        XCTAssertThrowsError(try NDArray.arange(0.0, 1.0, 0))
    }

    let r = try! NDArray(rows: [[0.346, 0.822, 0.33], [-1.303, 0.905, 0.446], [-0.537, 0.581, 0.365], [0.294, 0.028, 0.547], [-0.736, -0.163, -0.482]])

    func testReductions() throws {
        XCTAssertEqual(try r.sum(axis: 0).values, [-1.936, 2.173, 1.2060000000000002])
        XCTAssertEqual(try r.mean(axis: 1).values, [0.49933333333333335, 0.01600000000000003, 0.1363333333333333, 0.2896666666666667, -0.4603333333333333])
        let s = try r.std(axis: 0, ddof: 1).values
        for (p, q) in zip(s, [0.7043448729138304, 0.4783401509386391, 0.41282163218513634]) { XCTAssertEqual(p, q, accuracy: 1e-15) }
        XCTAssertEqual(try r.variance().item(), 0.36182709333333335, accuracy: 1e-16)
        XCTAssertEqual(try r.argmax(axis: 0).values, [0, 1, 3])
        XCTAssertEqual(try r.argmin().item(), 3)
        XCTAssertEqual(try r.min(axis: 1).values, [0.33, -1.303, -0.537, 0.028, -0.736])
        XCTAssertEqual(try r.max(axis: -1, keepdims: true).shape, [5, 1])
        XCTAssertEqual(try NDArray([1.0, .nan, 3]).max().item().isNaN, true)
        XCTAssertEqual(try NDArray([3.0, 1, 3, 1]).argmax().item(), 0)
        XCTAssertEqual(try NDArray([3.0, 1, 3, 1]).argmin().item(), 1)
        XCTAssertEqual(try (r .> 0).sum().item(), 10)
        XCTAssertEqual(try (r .> 0).sum().dtype, .int64)
        XCTAssertThrowsError(try r.sum(axis: 2)) { XCTAssertEqual("\($0)", "axis 2 is out of bounds for array of dimension 2") }
        XCTAssertThrowsError(try NDArray([Double]()).max()) { XCTAssertEqual("\($0)", "zero-size array to reduction operation maximum which has no identity") }
        XCTAssertEqual(try NDArray.arange(1, 5).cumsum().values, [1, 3, 6, 10])
        // pairwise summation matches numpy's bits
        let big = try NDArray.arange(0.0, 1000.0).pow(0.5)
        XCTAssertEqual(try big.sum().item(), 21065.833110879048)
    }

    func testElementwise() throws {
        let a = NDArray([-1.5, 0.5, 2.5, 4])
        XCTAssertEqual(a.abs().values, [1.5, 0.5, 2.5, 4])
        XCTAssertEqual(a.round().values, [-2, 0, 2, 4])
        XCTAssertEqual(a.floor().values, [-2, 0, 2, 4])
        XCTAssertEqual(try a.clip(0, 3).values, [0, 0.5, 2.5, 3])
        XCTAssertEqual(NDArray([0.0, .nan]).isnan().values, [0, 1])
        XCTAssertEqual(try NDArray.where(a .> 0, a, NDArray(scalar: 0)).values, [0, 0.5, 2.5, 4])
        XCTAssertEqual(NDArray([1.0, 4]).sqrt().values, [1, 2])
        XCTAssertEqual(NDArray([1, 4]).sqrt().dtype, .float64)
        XCTAssertEqual(NDArray([0.0]).exp().values, [1])
        XCTAssertEqual(NDArray([1.0]).log().values, [0])
    }
}

/// More numpy-checked cases: float32, n-d advanced indexing, assignment through lists.
final class ArrayMoreTests: XCTestCase {
    func testFloat32Rules() throws {
        let f = NDArray([0.1, 0.25, 3]).astype(.float32)
        let q = f / 3.0
        XCTAssertEqual(q.dtype, .float32)
        XCTAssertEqual(q.values, [0.03333333507180214, 0.0833333358168602, 1.0])
        XCTAssertEqual(try f.mean().item(), 1.1166666746139526)
        XCTAssertEqual(try f.sum().dtype, .float32)
        XCTAssertEqual(try (f + NDArray([1, 1, 1])).dtype, .float64)
        XCTAssertEqual(q.description, "array([0.03333334, 0.08333334, 1.        ], dtype=float32)")
    }

    func testNDAdvancedIndexing() throws {
        let x = try NDArray.arange(0.0, 24.0).reshape([2, 3, 4])
        let a = try x.get([.all, .list([0, 2]), .at(1)])
        XCTAssertEqual(a.shape, [2, 2]); XCTAssertEqual(a.values, [1, 9, 13, 21])
        let b = try x.get([.at(0), .all, .list([1, 3])])
        XCTAssertEqual(b.shape, [2, 3]); XCTAssertEqual(b.values, [1, 5, 9, 3, 7, 11])
        XCTAssertEqual(try x.get([.at(1), .range(step: 2), .range(step: -2)]).values, [15, 13, 23, 21])
        XCTAssertEqual(try x.sum(axis: 1).values, [12, 15, 18, 21, 48, 51, 54, 57])
        XCTAssertEqual(try x.mean(axis: 0).get([.at(0)]).values, [6, 7, 8, 9])
        XCTAssertEqual(try x.argmax(axis: 2).values, [3, 3, 3, 3, 3, 3])
        var m = try NDArray.arange(0, 12).reshape([3, 4])
        try m.set([.list([0, 2]), .range(start: 1, stop: 3)], try NDArray(rows: [[-1, -2], [-3, -4]]))
        XCTAssertEqual(m.values, [0, -1, -2, 3, 4, 5, 6, 7, 8, -3, -4, 11])
        XCTAssertEqual(m.dtype, .int64)
    }

    func testClipAndPrinting() throws {
        XCTAssertEqual(try NDArray([1, 5, 9]).clip(2.5, 6).values, [2.5, 5, 6])
        let c = try NDArray([1.0, .nan]).clip(0, 0.5).values
        XCTAssertEqual(c[0], 0.5); XCTAssertTrue(c[1].isNaN)
        XCTAssertEqual(try NDArray(validating: [2, 2], [1, 0, 0, 1], dtype: .bool).description, "array([[ True, False],\n       [False,  True]])")
        XCTAssertEqual(NDArray([-0.0, 1.0]).description, "array([-0.,  1.])")
        XCTAssertEqual(try (NDArray.arange(-5, 5).reshape([2, 5]) / 3).description,
                       "array([[-1.66666667, -1.33333333, -1.        , -0.66666667, -0.33333333],\n       [ 0.        ,  0.33333333,  0.66666667,  1.        ,  1.33333333]])")
        XCTAssertEqual(NDArray(scalar: 3, dtype: .int64).description, "array(3)")
        XCTAssertEqual(NDArray(scalar: 1, dtype: .bool).description, "array(True)")
        XCTAssertEqual(NDArray([1e10, -1e-10, 0.0]).description, "array([ 1.e+10, -1.e-10,  0.e+00])")
    }

    func testUserInputNeverTraps() {
        XCTAssertThrowsError(try NDArray.zeros([1 << 40, 1 << 40])) { XCTAssertEqual("\($0)", "zeros: array is too big: shape (1099511627776, 1099511627776)") }
        XCTAssertThrowsError(try NDArray(validating: [2, 2], [1, 2, 3]))
        XCTAssertThrowsError(try NDArray.arange(0.0, 1e300, 1))
        XCTAssertThrowsError(try NDArray([1.0]).reshape([Int.max, 2]))
        XCTAssertEqual(try NDArray.arange(0, 10).get([.range(start: Int.min, stop: Int.max, step: Int.max)]).values, [0])
        XCTAssertEqual(try NDArray.arange(0, 10).get([.range(step: Int.min)]).values, [9])
        XCTAssertThrowsError(try NDArray([1.0, 2]).value(at: [5]))
        XCTAssertThrowsError(try NDArray([1.0, 2]).item())
        XCTAssertThrowsError(try NDArray([1.0, 2]).transpose([0, 0]))
        XCTAssertThrowsError(try NDArray.matmul(NDArray(scalar: 1), NDArray([1.0])))
        XCTAssertThrowsError(try Linalg.solve(NDArray([1.0]), NDArray([1.0])))
        XCTAssertThrowsError(try Linalg.svd(NDArray([.nan, 1]).reshape([1, 2])))
    }
}
