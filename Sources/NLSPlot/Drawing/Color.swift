/// An RGBA colour with components in [0, 1] (matplotlib's convention).
public struct RGBA: Equatable, Sendable {
    public var r: Double, g: Double, b: Double, a: Double
    public init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) { self.r = r; self.g = g; self.b = b; self.a = a }

    /// `#rrggbb`.
    public init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xff) / 255, Double((hex >> 8) & 0xff) / 255, Double(hex & 0xff) / 255)
    }

    public static let black = RGBA(0, 0, 0), white = RGBA(1, 1, 1)
    /// nilearn's `brain_color`: the colour thresholded parts of a colorbar show.
    public static let brainGray = RGBA(0.5, 0.5, 0.5)

    public func withAlpha(_ a: Double) -> RGBA { RGBA(r, g, b, a) }

    /// `self` drawn with its alpha over an opaque `below`.
    public func over(_ below: RGBA) -> RGBA {
        RGBA(r * a + below.r * (1 - a), g * a + below.g * (1 - a), b * a + below.b * (1 - a), 1)
    }

    /// Opaque 32-bit ARGB as cairo's `CAIRO_FORMAT_ARGB32` stores it (native-endian word).
    public var argb: UInt32 {
        func c(_ x: Double) -> UInt32 { UInt32((min(max(x, 0), 1) * 255).rounded()) }
        return 0xff00_0000 | c(r) << 16 | c(g) << 8 | c(b)
    }

    public init(argb p: UInt32) {
        self.init(Double((p >> 16) & 0xff) / 255, Double((p >> 8) & 0xff) / 255, Double(p & 0xff) / 255, Double(p >> 24) / 255)
    }
}
