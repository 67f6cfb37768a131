import Foundation
import NLS
import NLSCompute
import NLSImaging

/// `%whos` rows for arrays and images, as IPython shows numpy arrays:
/// `2860x5325: float64, 121.8 MB` (memory as held: 8 bytes per element).
extension NDArray: WhosSummary {
    public var whosInfo: String {
        let dims = shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "x")
        return "\(dims): \(dtype.rawValue), \(formatBytes(size * MemoryLayout<Double>.stride))"
    }
}

extension Image: WhosSummary {
    public var whosInfo: String {
        let vs = voxelSize.map { String(format: "%g", $0) }.joined(separator: "×")
        return "\(shape.map(String.init).joined(separator: "x")), voxel size \(vs) mm: \(dtype.rawValue), \(formatBytes(data.size * MemoryLayout<Double>.stride))"
    }
}
