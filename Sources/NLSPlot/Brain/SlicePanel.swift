/// One cut of a brain figure and where it is drawn: the world rectangle it shows and the
/// pixel rectangle it fills (same scale both ways, as matplotlib's `aspect="equal"`).
/// Neurological convention: world x grows to the right, so the left hemisphere is on the left.
public struct SlicePanel {
    public let direction: SliceDirection
    /// World coordinate of the cut along `direction`.
    public let coord: Double
    /// Pixel rectangle of the image area.
    public let rect: Rect
    /// World ranges shown horizontally and vertically.
    public let hRange: ClosedRange<Double>, vRange: ClosedRange<Double>

    public var pixelsPerMM: Double { rect.width / max(hRange.upperBound - hRange.lowerBound, 1e-12) }

    /// Pixel position of a world point (its in-plane coordinates; the cut axis is ignored).
    public func pixel(world p: (Double, Double, Double)) -> (x: Double, y: Double) {
        let c = [p.0, p.1, p.2], (h, v) = direction.planeAxes
        return (rect.x + (c[h] - hRange.lowerBound) * pixelsPerMM, rect.y + (vRange.upperBound - c[v]) * pixelsPerMM)
    }

    /// World point at the centre of pixel (px, py) of the image area, on the cut plane.
    @inline(__always) public func world(px: Int, py: Int) -> (Double, Double, Double) {
        let h = hRange.lowerBound + (Double(px) + 0.5) / pixelsPerMM
        let v = vRange.upperBound - (Double(py) + 0.5) / pixelsPerMM
        switch direction {
        case .x: return (coord, h, v)
        case .y: return (h, coord, v)
        case .z: return (h, v, coord)
        }
    }
}
