/// Element type tag of an `NDArray`. Storage is always Float64 on the host (exact for
/// Int up to 2^53 and for Bool); the tag records what the user asked for, so printing,
/// saving and device transfers (float32 on OpenCL) honour it.
public enum DType: String, Sendable, CaseIterable {
    case float64, float32, int64, bool
}

/// An n-d, row-major (C order) numeric array. Value semantics with copy-on-write
/// through Swift's `ContiguousArray`, so passing a large array around never copies it.
public struct NDArray: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var storage: ContiguousArray<Double>
    public var dtype: DType

    public init(shape: [Int], storage: ContiguousArray<Double>, dtype: DType = .float64) {
        precondition(shape.reduce(1, *) == storage.count, "NDArray: shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        self.dtype = dtype
    }

    public init(shape: [Int], _ values: [Double], dtype: DType = .float64) {
        self.init(shape: shape, storage: ContiguousArray(values), dtype: dtype)
    }

    public init(zeros shape: [Int], dtype: DType = .float64) {
        self.init(shape: shape, storage: Storage.filled(shape.reduce(1, *), 0), dtype: dtype)
    }

    public init(scalar: Double, dtype: DType = .float64) {
        self.init(shape: [], storage: [scalar], dtype: dtype)
    }

    public var ndim: Int { shape.count }
    public var size: Int { storage.count }
    /// Rows and columns of a 2-D array (a 1-D array is one row).
    public var rows: Int { ndim >= 2 ? shape[0] : 1 }
    public var cols: Int { ndim >= 2 ? shape[1] : (ndim == 1 ? shape[0] : 1) }

    /// Strides in elements for row-major layout.
    public var strides: [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) { s[d] = acc; acc *= shape[d] }
        return s
    }

    /// Same elements, new shape (no copy). The caller checks the element count.
    public func reshaped(_ newShape: [Int]) -> NDArray {
        NDArray(shape: newShape, storage: storage, dtype: dtype)
    }

    public subscript(_ i: Int, _ j: Int) -> Double {
        get { storage[i * shape[1] + j] }
        set { storage[i * shape[1] + j] = newValue }
    }
}
