import XCTest
@testable import NLSCompute

/// Expected strings are numpy 2.4's repr/str of the same arrays.
final class FormatTests: XCTestCase {
    func testMatchesNumpy() throws {
        XCTAssertEqual((NDArray([1.0, 2, 3])).description, "array([1., 2., 3.])")
        XCTAssertEqual((NDArray([1.5, 2.25, -3])).description, "array([ 1.5 ,  2.25, -3.  ])")
        XCTAssertEqual((NDArray([1e-6, 1.0])).description, "array([1.e-06, 1.e+00])")
        XCTAssertEqual((NDArray([.nan, 1.0, -.infinity])).description, "array([ nan,   1., -inf])")
        XCTAssertEqual((try NDArray.linspace(0, 1, num: 30)).description, "array([0.        , 0.03448276, 0.06896552, 0.10344828, 0.13793103,\n       0.17241379, 0.20689655, 0.24137931, 0.27586207, 0.31034483,\n       0.34482759, 0.37931034, 0.4137931 , 0.44827586, 0.48275862,\n       0.51724138, 0.55172414, 0.5862069 , 0.62068966, 0.65517241,\n       0.68965517, 0.72413793, 0.75862069, 0.79310345, 0.82758621,\n       0.86206897, 0.89655172, 0.93103448, 0.96551724, 1.        ])")
        XCTAssertEqual((try (NDArray.arange(0.0, 24.0).reshape([2, 3, 4]) / 7.0)).description, "array([[[0.        , 0.14285714, 0.28571429, 0.42857143],\n        [0.57142857, 0.71428571, 0.85714286, 1.        ],\n        [1.14285714, 1.28571429, 1.42857143, 1.57142857]],\n\n       [[1.71428571, 1.85714286, 2.        , 2.14285714],\n        [2.28571429, 2.42857143, 2.57142857, 2.71428571],\n        [2.85714286, 3.        , 3.14285714, 3.28571429]]])")
        XCTAssertEqual((NDArray([true, false])).description, "array([ True, False])")
        XCTAssertEqual((try NDArray.arange(0, 4).reshape([2, 2]) * 7 - 10).description, "array([[-10,  -3],\n       [  4,  11]])")
        XCTAssertEqual((try NDArray.arange(0.0, 2000.0)).description, "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n       1.999e+03], shape=(2000,))")
        XCTAssertEqual((try NDArray.arange(0.0, 3000.0).reshape([1000, 3])).description, "array([[0.000e+00, 1.000e+00, 2.000e+00],\n       [3.000e+00, 4.000e+00, 5.000e+00],\n       [6.000e+00, 7.000e+00, 8.000e+00],\n       ...,\n       [2.991e+03, 2.992e+03, 2.993e+03],\n       [2.994e+03, 2.995e+03, 2.996e+03],\n       [2.997e+03, 2.998e+03, 2.999e+03]], shape=(1000, 3))")
        XCTAssertEqual((try NDArray.zeros([2, 0])).description, "array([], shape=(2, 0), dtype=float64)")
        XCTAssertEqual((NDArray([Double]())).description, "array([], dtype=float64)")
        XCTAssertEqual((NDArray(scalar: 1.5)).description, "array(1.5)")
        XCTAssertEqual((NDArray([1.0, 2]).astype(.float32)).description, "array([1., 2.], dtype=float32)")
        XCTAssertEqual((NDArray([0.1, 0.2]).astype(.float32) * 3.0).description, "array([0.3, 0.6], dtype=float32)")
        XCTAssertEqual((NDArray([0.1 + 0.2, 1e7])).description, "array([3.e-01, 1.e+07])")
        XCTAssertEqual((NDArray([123456789.0, 1.0])).description, "array([1.23456789e+08, 1.00000000e+00])")
        XCTAssertEqual((NDArray([0.123456789123, -0.5])).description, "array([ 0.12345679, -0.5       ])")
        XCTAssertEqual((try NDArray.logspace(-6, 6, num: 5)).description, "array([1.e-06, 1.e-03, 1.e+00, 1.e+03, 1.e+06])")
        XCTAssertEqual((try NDArray(rows: [[1.5, 2], [3, 4]])).printString, "[[1.5 2. ]\n [3.  4. ]]")
        XCTAssertEqual((NDArray([1.0, 2, 3])).printString, "[1. 2. 3.]")
        XCTAssertEqual((try NDArray.arange(0, 30)).description, "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])")
        XCTAssertEqual((try NDArray.arange(0, 2000)).printString, "[   0    1    2 ... 1997 1998 1999]")
    }

    func testScalarStrings() {
        XCTAssertEqual(ArrayFormat.scalarString(0.1), "0.1")
        XCTAssertEqual(ArrayFormat.scalarString(1e-05), "1e-05")
        XCTAssertEqual(ArrayFormat.scalarString(2), "2.0")
    }

    func testFloat32ExponentRules() throws {
        // numpy ≥ 2.3: float32 switches to exponent format at 1e6, and padded digits are true digits
        let a = try NDArray(validating: [2, 2], [-2.423472551527084e-06, -5.04407410062413e-07, 2457977.25, 1.0], dtype: .float32)
        XCTAssertEqual(a.description, "array([[-2.4234726e-06, -5.0440741e-07],\n       [ 2.4579772e+06,  1.0000000e+00]], dtype=float32)")
        let b = NDArray([2457977.25, 12767052.0]).astype(.float32)
        XCTAssertEqual(b.description, "array([2.4579772e+06, 1.2767052e+07], dtype=float32)")
    }
}
