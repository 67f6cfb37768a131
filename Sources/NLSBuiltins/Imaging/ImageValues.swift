import Foundation
import NLS
import NLSCompute
import NLSImaging

extension Image: PrintableValue {
    public var printDescription: String {
        let vs = voxelSize.map { String(format: "%g", $0) }.joined(separator: "×")
        return "Image(shape: \(shape), voxel size: \(vs) mm, dtype: \(dtype.rawValue))"
    }
}

extension Value {
    static func image(_ img: Image) -> Value { .object(NativeObject(type: DataTypes.image, payload: img)) }

    /// An Image argument; a Str is a path to load (as nilearn accepts filenames).
    func imageValue() throws -> Image {
        switch self {
        case .str(let path): return try loadImage(expandingTilde(path))
        case .object(let o):
            if let img = o.payload as? Image { return img }
            throw RuntimeError("expected an Image, got \(o.type)")
        default: throw RuntimeError("expected an Image or a file path, got \(repr)")
        }
    }

    func imageList() throws -> [Image] { try asList().map { try $0.imageValue() } }
}

/// The MNI152 brain mask shipped in stdlib/templates (for compute_brain_mask and the
/// "whole-brain-template" masking strategy).
enum Templates {
    static func mni152BrainMask(resolution: Int = 2) throws -> Image {
        guard let dir = ModuleLoader.shippedStdlib() else {
            throw RuntimeError("the MNI152 template was not found: the stdlib/ folder shipped with nls is missing")
        }
        return try loadImage("\(dir)/templates/MNI152_T1_\(resolution)mm_brain_mask.nii.gz")
    }
}
