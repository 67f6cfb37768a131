/// A 2-D matrix held by a backend: device memory on OpenCL (`OpenCLMatrix`), a host
/// `NDArray` on the CPU (`HostArray`). Only the backend that made it can use it.
public protocol DeviceArray: AnyObject {
    var rows: Int { get }
    var cols: Int { get }
}

extension DeviceArray {
    public var shape: [Int] { [rows, cols] }
}

/// The host "device array" of the default implementations: a plain NDArray.
public final class HostArray: DeviceArray {
    public let array: NDArray
    public init(_ array: NDArray) {
        self.array = array.ndim == 2 ? array : array.reshaped([array.rows, array.cols])
    }
    public var rows: Int { array.shape[0] }
    public var cols: Int { array.shape[1] }
}

/// Memory limits used to plan batches on a device.
public struct DeviceMemory: Sendable, Equatable {
    /// Bytes one computation may hold on the device at once.
    public var budget: Int
    /// Largest single buffer in bytes.
    public var maxAllocation: Int
    /// Bytes per element of device buffers (4 for float32, 8 for float64).
    public var elementSize: Int
    public init(budget: Int, maxAllocation: Int, elementSize: Int) {
        self.budget = budget; self.maxAllocation = maxAllocation; self.elementSize = elementSize
    }
}

/// Scores the fused Ridge sweep kernel computes.
public enum SweepMetric: Sendable { case r2, negMeanSquaredError }

/// Per-fold targets of the Ridge sweep, resident on the backend's device.
public struct RidgeFoldTargets {
    /// Train rows of Y minus their column means (n_train × w); uncentred without intercept.
    public let ytr: DeviceArray
    /// Test rows of Y minus the train means (n_test × w).
    public let r0: DeviceArray
    /// 2 × w: row 0 = ||R0||² per target, row 1 = SS_tot of the test rows around their own mean.
    public let stats: DeviceArray
    public let nTest: Int
    public init(ytr: DeviceArray, r0: DeviceArray, stats: DeviceArray, nTest: Int) {
        self.ytr = ytr; self.r0 = r0; self.stats = stats; self.nTest = nTest
    }
}

extension ComputeBackend {
    public var deviceMemory: DeviceMemory? { nil }

    func host(_ a: DeviceArray, _ what: String) throws -> NDArray {
        guard let h = a as? HostArray else {
            throw ComputeError("\(what): this array lives on another device than \(name)")
        }
        return h.array
    }

    public func upload(_ a: NDArray) throws -> DeviceArray { HostArray(a) }

    public func download(_ a: DeviceArray) throws -> NDArray { try host(a, "download") }

    public func gemm(_ a: DeviceArray, _ b: DeviceArray, transA: Bool, transB: Bool, alpha: Double) throws -> DeviceArray {
        HostArray(try gemm(try host(a, "matmul"), try host(b, "matmul"), transA: transA, transB: transB, alpha: alpha))
    }

    public func syrk(_ a: DeviceArray, transA: Bool) throws -> DeviceArray {
        HostArray(try syrk(try host(a, "syrk"), transA: transA))
    }

    public func ridgeFoldTargets(_ y: DeviceArray, train: [Int], test: [Int], center: Bool) throws -> RidgeFoldTargets {
        let ya = try host(y, "ridge sweep")
        let w = ya.shape[1], n = ya.shape[0]
        for i in train + test where i < 0 || i >= n {
            throw ComputeError("ridge sweep: row index \(i) out of range for \(n) rows")
        }
        var mean = [Double](repeating: 0, count: w)
        if center, !train.isEmpty {
            for i in train { for q in 0..<w { mean[q] += ya.storage[i * w + q] } }
            for q in 0..<w { mean[q] /= Double(train.count) }
        }
        var ytr = NDArray(zeros: [train.count, w]), r0 = NDArray(zeros: [test.count, w])
        for (r, i) in train.enumerated() { for q in 0..<w { ytr.storage[r * w + q] = ya.storage[i * w + q] - mean[q] } }
        var teMean = [Double](repeating: 0, count: w)
        for (r, i) in test.enumerated() {
            for q in 0..<w {
                r0.storage[r * w + q] = ya.storage[i * w + q] - mean[q]
                teMean[q] += ya.storage[i * w + q]
            }
        }
        if !test.isEmpty { for q in 0..<w { teMean[q] /= Double(test.count) } }
        var stats = NDArray(zeros: [2, w])
        for (r, i) in test.enumerated() {
            for q in 0..<w {
                let d = ya.storage[i * w + q] - teMean[q]
                stats.storage[w + q] += d * d
                let v = r0.storage[r * w + q]
                stats.storage[q] += v * v
            }
        }
        return RidgeFoldTargets(ytr: HostArray(ytr), r0: HostArray(r0), stats: HostArray(stats), nTest: test.count)
    }

    public func ridgeAlphaScores(c cd: DeviceArray, d: NDArray, a ad: DeviceArray, g gd: DeviceArray?, b bd: DeviceArray?,
                                 targets: RidgeFoldTargets, metric: SweepMetric, alphaChunk: Int) throws -> NDArray {
        let c = try host(cd, "ridge sweep"), a = try host(ad, "ridge sweep")
        let r0 = try host(targets.r0, "ridge sweep"), stats = try host(targets.stats, "ridge sweep")
        let k = c.shape[0], w = c.shape[1], m = d.shape[1], nte = targets.nTest
        guard d.shape[0] == k, a.shape[1] == k, r0.shape[1] == w else {
            throw ComputeError("ridge sweep: inconsistent shapes C \(c.shape), d \(d.shape), A \(a.shape), R0 \(r0.shape)")
        }
        let gram: (NDArray, NDArray)? = (gd != nil && bd != nil) ? (try host(gd!, "ridge sweep"), try host(bd!, "ridge sweep")) : nil
        var out = NDArray(zeros: [m, w])
        let chunk = max(1, min(m, alphaChunk))
        var a0 = 0
        while a0 < m {
            let na = min(chunk, m - a0), width = na * w
            var wm = NDArray(zeros: [k, width])
            for j in 0..<k {
                for ai in 0..<na {
                    let dj = d.storage[j * m + a0 + ai]
                    for q in 0..<w { wm.storage[j * width + ai * w + q] = dj * c.storage[j * w + q] }
                }
            }
            var sse = [Double](repeating: 0, count: width)
            if let gb = gram {
                let (g, bmat) = gb
                let gw = try gemm(g, wm, transA: false, transB: false, alpha: 1)
                for j in 0..<k {
                    for ai in 0..<na {
                        let base = j * width + ai * w
                        for q in 0..<w {
                            sse[ai * w + q] += wm.storage[base + q] * (gw.storage[base + q] - 2 * bmat.storage[j * w + q])
                        }
                    }
                }
                for ai in 0..<na { for q in 0..<w { sse[ai * w + q] += stats.storage[q] } }
            } else {
                let pm = try gemm(a, wm, transA: false, transB: false, alpha: 1)
                for i in 0..<nte {
                    for ai in 0..<na {
                        for q in 0..<w {
                            let r = r0.storage[i * w + q] - pm.storage[i * width + ai * w + q]
                            sse[ai * w + q] += r * r
                        }
                    }
                }
            }
            for ai in 0..<na {
                for q in 0..<w {
                    out.storage[(a0 + ai) * w + q] = Self.sweepScore(sse: sse[ai * w + q], sst: stats.storage[w + q],
                                                                     nTest: nte, metric: metric)
                }
            }
            a0 += na
        }
        return out
    }

    /// R² with scikit-learn's constant-target rules, or −MSE.
    public static func sweepScore(sse: Double, sst: Double, nTest: Int, metric: SweepMetric) -> Double {
        switch metric {
        case .negMeanSquaredError: return -sse / Double(nTest)
        case .r2:
            if nTest < 2 { return .nan }
            if sst != 0 { return sse != 0 ? 1 - sse / sst : 1 }
            return sse != 0 ? 0 : 1
        }
    }
}
