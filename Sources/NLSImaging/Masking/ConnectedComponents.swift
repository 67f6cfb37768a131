/// nilearn's `largest_connected_component` on a boolean volume in NIfTI order (i fastest),
/// for callers outside this module (plot cut coordinates): 6-connectivity, and on a size
/// tie the component whose first voxel comes first in C order over (i, j, k), as scipy
/// numbers its labels.
public func largestConnectedComponent(_ mask: [Bool], shape: [Int]) -> [Bool] {
    guard shape.count == 3, shape.reduce(1, *) == mask.count else { return mask }
    return BinaryVolume(dims: shape, v: mask).largestComponent().v
}
