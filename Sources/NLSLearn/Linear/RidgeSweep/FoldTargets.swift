import NLSCompute

/// One fold's targets for a block of columns, gathered from Y in one pass: the train rows
/// centred by their means (Ytr), the test rows minus the same means (R0), and per target
/// ‖R0‖² (`ss0`) and SS_tot of the test rows around their own mean (`sst`, as r2_score).
struct FoldTargets {
    let ytr: NDArray, r0: NDArray
    let ss0: [Double], sst: [Double]

    /// `colSum`: Y's column totals; when the fold partitions the rows, ȳ_train is the totals
    /// minus the test rows, so the train rows are read only once.
    init(_ fs: HostRidgeSweep.FoldSetup, _ y: NDArray, cols: Range<Int>, colSum: [Double]?, fitIntercept: Bool) {
        let w = cols.count, p = y.cols, lo = cols.lowerBound
        let nte = fs.test.count, ntr = fs.train.count
        var r0 = NDArray(shape: [nte, w], storage: ContiguousArray(unsafeUninitializedCapacity: nte * w) { _, n in n = nte * w })
        var ytr = NDArray(shape: [ntr, w], storage: ContiguousArray(unsafeUninitializedCapacity: ntr * w) { _, n in n = ntr * w })
        // Four per-target accumulators in one scratch buffer: train mean, test mean, SS_tot, ‖R0‖².
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: 4 * max(1, w))
        acc.initialize(repeating: 0, count: 4 * max(1, w))
        defer { acc.deallocate() }
        let mean = acc, teMean = acc + w, sst = acc + 2 * w, ss0 = acc + 3 * w
        y.storage.withUnsafeBufferPointer { py in
            let src = py.baseAddress! + lo
            r0.storage.withUnsafeMutableBufferPointer { pr in
                let r = pr.baseAddress!
                for (i, row) in fs.test.enumerated() {
                    let sp = src + row * p, d = r + i * w
                    for q in 0..<w { let v = sp[q]; d[q] = v; teMean[q] += v }
                }
                if fitIntercept && ntr > 0 {
                    if fs.partition, let tot = colSum {
                        for q in 0..<w { mean[q] = (tot[lo + q] - teMean[q]) / Double(ntr) }
                    } else {
                        for row in fs.train { let sp = src + row * p; for q in 0..<w { mean[q] += sp[q] } }
                        for q in 0..<w { mean[q] /= Double(ntr) }
                    }
                }
                if nte > 0 { for q in 0..<w { teMean[q] /= Double(nte) } }
                for i in 0..<nte {
                    let d = r + i * w
                    for q in 0..<w {
                        let v = d[q]
                        let e = v - teMean[q]; sst[q] += e * e
                        let u = v - mean[q]; ss0[q] += u * u
                        d[q] = u
                    }
                }
            }
            ytr.storage.withUnsafeMutableBufferPointer { pt in
                let tr = pt.baseAddress!
                for (i, row) in fs.train.enumerated() {
                    let sp = src + row * p, d = tr + i * w
                    for q in 0..<w { d[q] = sp[q] - mean[q] }
                }
            }
        }
        self.ytr = ytr; self.r0 = r0
        self.sst = Array(UnsafeBufferPointer(start: sst, count: w))
        self.ss0 = Array(UnsafeBufferPointer(start: ss0, count: w))
    }
}
