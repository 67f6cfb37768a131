import Foundation
import NLSCompute
import NLSImaging
@testable import NLSPlot

/// Synthetic brains in MNI-like space: 4 mm voxels, x stored flipped (as the MNI152
/// template: voxel i grows towards the left), so a plot that ignores the affine puts
/// the hemispheres on the wrong side.
enum Synthetic {
    static let shape = [45, 54, 45]
    static let affine: [Double] = [-4, 0, 0, 90, 0, 4, 0, -126, 0, 0, 4, -72, 0, 0, 0, 1]

    /// Fills a volume from a function of world coordinates.
    static func image(shape: [Int] = shape, affine: [Double] = affine, _ f: (Double, Double, Double) -> Double) -> Image {
        var s = ContiguousArray<Double>(repeating: 0, count: shape.reduce(1, *))
        for k in 0..<shape[2] { for j in 0..<shape[1] { for i in 0..<shape[0] {
            let w = Affine.apply(affine, (Double(i), Double(j), Double(k)))
            s[(k * shape[1] + j) * shape[0] + i] = f(w.0, w.1, w.2)
        } } }
        return try! Image(shape: shape, storage: s, affine: affine)
    }

    static func inSphere(_ p: (Double, Double, Double), _ c: (Double, Double, Double), _ r: Double) -> Bool {
        let d = (p.0 - c.0) * (p.0 - c.0) + (p.1 - c.1) * (p.1 - c.1) + (p.2 - c.2) * (p.2 - c.2)
        return d <= r * r
    }

    static let positive = (30.0, -20.0, 10.0), negative = (-30.0, 10.0, 10.0)

    /// A brain-shaped ellipsoid: the "anatomy" (bright inside, 0 outside).
    static func brain(_ x: Double, _ y: Double, _ z: Double) -> Bool {
        (x / 70) * (x / 70) + ((y + 18) / 95) * ((y + 18) / 95) + ((z - 10) / 70) * ((z - 10) / 70) <= 1
    }

    static let anatomy = image { x, y, z in brain(x, y, z) ? 80 + 20 * sin(x / 9) * cos(y / 11) : 0 }

    /// Distance between two world points.
    static func distance(_ p: (Double, Double, Double), _ c: (Double, Double, Double)) -> Double {
        ((p.0 - c.0) * (p.0 - c.0) + (p.1 - c.1) * (p.1 - c.1) + (p.2 - c.2) * (p.2 - c.2)).squareRoot()
    }

    /// A positive blob (5 at its centre, 1.5 at its 12 mm edge) in the right hemisphere, a
    /// negative one (−4 … −1.5) in the left, 0.5 elsewhere in the brain (below a threshold of 1).
    static func statMap(affine: [Double] = affine, shape: [Int] = shape) -> Image {
        image(shape: shape, affine: affine) { x, y, z in
            let dp = distance((x, y, z), positive), dn = distance((x, y, z), negative)
            if dp <= 12 { return 1.5 + 3.5 * (1 - dp / 12) }
            if dn <= 12 { return -(1.5 + 2.5 * (1 - dn / 12)) }
            return brain(x, y, z) ? 0.5 : 0
        }
    }

    static func dump(_ fig: Figure, _ name: String) {
        let dir = NSTemporaryDirectory() + "nls-plot-tests"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if let png = try? fig.png() { _ = FileManager.default.createFile(atPath: dir + "/" + name + ".png", contents: Data(png)) }
    }
}

extension RGBA {
    /// Reds, oranges and yellows (cold_hot's positive half).
    var isWarm: Bool { r > 0.6 && b < 0.35 && r > g }
    /// Blues and cyans (cold_hot's negative half).
    var isCold: Bool { b > 0.6 && r < 0.35 && b > r }
    var isGray: Bool { abs(r - g) < 0.04 && abs(g - b) < 0.04 }
}
