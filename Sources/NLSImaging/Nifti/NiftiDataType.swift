/// On-disk NIfTI datatypes supported for reading and writing.
public enum NiftiDataType: Int32, Sendable, CaseIterable {
    case uint8 = 2
    case int16 = 4
    case int32 = 8
    case float32 = 16
    case float64 = 64
    case int8 = 256
    case uint16 = 512

    public var bytesPerVoxel: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .float32: return 4
        case .float64: return 8
        }
    }

    public var isInteger: Bool { self != .float32 && self != .float64 }

    public var name: String {
        switch self {
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int16: return "int16"
        case .uint16: return "uint16"
        case .int32: return "int32"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// Representable range of an integer datatype (nil for floats).
    var integerRange: ClosedRange<Double>? {
        switch self {
        case .uint8: return 0...255
        case .int8: return -128...127
        case .int16: return -32768...32767
        case .uint16: return 0...65535
        case .int32: return -2147483648...2147483647
        case .float32, .float64: return nil
        }
    }
}
