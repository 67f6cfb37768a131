import Foundation
import NLSCompute
import NLSImaging
import NLSLearn

/// A subject of a group decomposition: a 4-D NIfTI file (read when needed, volume by
/// volume) or an image already in memory.
enum SubjectInput {
    case path(String)
    case image(Image)

    var name: String {
        switch self {
        case .path(let p): return (p as NSString).lastPathComponent
        case .image: return "an in-memory image"
        }
    }

    /// Shape and affine without reading the voxels of a file.
    func geometry() throws -> (shape: [Int], affine: [Double]) {
        switch self {
        case .path(let p): return try NiftiReader.geometry(p)
        case .image(let img): return (img.shape, img.affine)
        }
    }

    func load() throws -> Image {
        switch self {
        case .path(let p): return try loadImage(p)
        case .image(let img): return img
        }
    }

    /// A digest of the content: the file's bytes, or the image's values, shape and affine.
    func contentKey() throws -> String {
        switch self {
        case .path(let p): return try ContentHash.of(filePath: p)
        case .image(let img):
            let h = ContentHash()
            h.update("image \(img.shape) \(img.affine)")
            img.storage.withUnsafeBytes { h.update($0) }
            return h.hex()
        }
    }
}

/// CanICA's subjects as NLSLearn sees them: each masked and cleaned by the fitted masker
/// when asked (files stream one volume at a time), keyed for the cache by the content of
/// the input, the mask and the cleaning parameters.
final class NiftiSubjects: SubjectSource, @unchecked Sendable {
    let inputs: [SubjectInput]
    let masker: NiftiMasker
    private var keys: [String?]
    private let lock = NSLock()

    /// `masker` may get its mask later (the mask is computed from these subjects); it must be
    /// fitted before `signals` is asked for.
    init(_ inputs: [SubjectInput], masker: NiftiMasker) {
        self.inputs = inputs; self.masker = masker
        keys = Array(repeating: nil, count: inputs.count)
    }

    /// What the signals depend on besides the input: the mask and the cleaning parameters.
    private var settingsKey: String {
        let mask = masker.maskImg.map { ContentHash.of(NDArray(shape: $0.shape, storage: $0.storage)) } ?? "no mask"
        return ContentHash.of(["nifti signals v1", mask, "smoothing=\(String(describing: masker.smoothingFwhm))",
                                      "detrend=\(masker.detrend)", "standardize=\(masker.standardize.rawValue)",
                                      "standardize_confounds=\(masker.standardizeConfounds)",
                                      "low_pass=\(String(describing: masker.lowPass))", "high_pass=\(String(describing: masker.highPass))",
                                      "t_r=\(String(describing: masker.tR))"])
    }

    var count: Int { inputs.count }
    func name(_ i: Int) -> String { inputs[i].name }

    /// The content digest of input `i`, computed once.
    func inputKey(_ i: Int) throws -> String {
        lock.lock()
        if let k = keys[i] { lock.unlock(); return k }
        lock.unlock()
        let k = try inputs[i].contentKey()
        lock.lock(); keys[i] = k; lock.unlock()
        return k
    }

    func signals(_ i: Int) throws -> NDArray {
        switch inputs[i] {
        case .path(let p): return try masker.transform(path: p)
        case .image(let img): return try masker.transform(img)
        }
    }

    func signalsKey(_ i: Int) throws -> String? {
        ContentHash.of([settingsKey, try inputKey(i)])
    }
}
