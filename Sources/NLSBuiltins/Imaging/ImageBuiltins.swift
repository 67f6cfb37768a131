import NLS
import NLSCompute
import NLSImaging

/// NIfTI images and nilearn.image equivalents.
enum ImageBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let I = DataTypes.image, A = DataTypes.array
        let imgOrPath = NLSType.union([I, .str])
        r.objectType("Image", doc: "A NIfTI volume (3-D) or series (4-D) with its affine and header.")
        r.attribute("Image", "shape", .list(.int), doc: "Dimensions (x, y, z[, t]) as nibabel reports them.") { v in .list(try v.imageValue().shape.map { .int($0) }) }
        r.attribute("Image", "affine", A, doc: "4×4 voxel-to-world matrix.") { v in .array(NDArray(shape: [4, 4], try v.imageValue().affine)) }
        r.attribute("Image", "voxel_size", .list(.float), doc: "Voxel size in mm (column norms of the affine).") { v in .list(try v.imageValue().voxelSize.map { .float($0) }) }
        r.attribute("Image", "n_volumes", .int, doc: "Number of volumes (1 for a 3-D image).") { v in .int(try v.imageValue().volumeCount) }
        r.attribute("Image", "dtype", .str, doc: "Element type of the data.") { v in .str(try v.imageValue().dtype.rawValue) }
        r.attribute("Image", "t_r", .optional(.float), doc: "Repetition time in seconds (4-D images), from pixdim[4].") { v in
            try v.imageValue().repetitionTime.map { .float($0) } ?? .none
        }
        r.method("Image", "get_data", [], returns: A, doc: "The voxel values as an Array indexed [x, y, z(, t)] (nibabel order).") { s, _ in
            .array(try s.imageValue().nibabelOrderArray())
        }

        r.function("load_img", [ParamSpec("path", .str)], returns: I, doc: "Loads a .nii or .nii.gz file (NIfTI-1 or -2).") { a in
            .image(try loadImage(expandingTilde(a[0].asString())))
        }
        r.function("save_img", [ParamSpec("img", I), ParamSpec("path", .str)], returns: .void,
                   doc: "Writes an image atomically (.nii or .nii.gz by extension).") { a in
            try saveImage(a[0].imageValue(), expandingTilde(a[1].asString())); return .none
        }
        r.function("index_img", [ParamSpec("img", imgOrPath), ParamSpec("index", .int)], returns: I, doc: "One volume of a 4-D image.") { a in
            .image(try indexImg(a[0].imageValue(), a[1].asInt()))
        }
        r.function("index_img", [ParamSpec("img", imgOrPath), ParamSpec("indices", .list(.int))], returns: I, doc: "Selected volumes of a 4-D image.") { a in
            .image(try indexImg(a[0].imageValue(), a[1].asList().map { try $0.asInt() }))
        }
        r.function("iter_img", [ParamSpec("img", imgOrPath)], returns: .list(I), doc: "The volumes of a 4-D image as a list.") { a in
            .list(try iterImg(a[0].imageValue()).map { .image($0) })
        }
        r.function("concat_imgs", [ParamSpec("imgs", .list(imgOrPath))], returns: I, doc: "Concatenates images along time.") { a in
            .image(try concatImgs(a[0].imageList()))
        }
        r.function("mean_img", [ParamSpec("img", imgOrPath)], returns: I, doc: "Mean over time of a 4-D image.") { a in
            .image(try meanImg(a[0].imageValue()))
        }
        r.function("smooth_img", [ParamSpec("img", imgOrPath), ParamSpec("fwhm", .optional(.float))], returns: I,
                   doc: "Gaussian smoothing with FWHM in mm (nilearn.image.smooth_img).") { a in
            .image(try smoothImg(a[0].imageValue(), fwhm: a[1].optionalDouble))
        }
        r.function("new_img_like", [ParamSpec("ref", imgOrPath), ParamSpec("data", A)], returns: I,
                   doc: "An image on ref's grid with new data indexed [x, y, z(, t)].") { a in
            let ref = try a[0].imageValue()
            return .image(try Image.fromNibabelOrder(a[1].ndarray(), affine: ref.affine, header: ref.header))
        }
        r.function("threshold_img", [ParamSpec("img", imgOrPath), ParamSpec("threshold", .float), ParamSpec("two_sided", .bool, default: .bool(true))],
                   returns: I, doc: "Sets voxels with |value| (or value) below threshold to 0.") { a in
            .image(try thresholdImg(a[0].imageValue(), threshold: a[1].asDouble(), twoSided: a[2].asBool()))
        }
        r.function("resample_to_img", [ParamSpec("source", imgOrPath), ParamSpec("target", imgOrPath),
                                       ParamSpec("interpolation", .str, default: .str("continuous"))], returns: I,
                   doc: "Resamples onto the target's grid: interpolation \"continuous\", \"linear\" or \"nearest\" (masks).") { a in
            let name = try a[2].asString()
            guard let interp = Interpolation(rawValue: name) else {
                throw RuntimeError("interpolation must be \"continuous\", \"linear\" or \"nearest\", not \"\(name)\"")
            }
            return .image(try resampleToImg(a[0].imageValue(), a[1].imageValue(), interpolation: interp))
        }
        r.function("crop_img", [ParamSpec("img", imgOrPath)], returns: I, doc: "Crops to the bounding box of non-zero voxels.") { a in
            .image(try cropImg(a[0].imageValue()))
        }
        registerImageMath(r)
    }

    /// math_img equivalents: element-wise arithmetic on images of the same grid.
    static func registerImageMath(_ r: BuiltinRegistry) {
        let I = DataTypes.image
        let ops: [(Symbol, (Double, Double) -> Double)] = [(.plus, +), (.minus, -), (.star, *), (.slash, /)]
        for (sym, f) in ops {
            r.binary(sym, I, I, returns: I) { a, b in .image(try mathImg([a.imageValue(), b.imageValue()]) { f($0[0], $0[1]) }) }
            r.binary(sym, I, .float, returns: I) { a, b in
                let s = try b.asDouble()
                return .image(try mathImg([a.imageValue()]) { f($0[0], s) })
            }
            r.binary(sym, .float, I, returns: I) { a, b in
                let s = try a.asDouble()
                return .image(try mathImg([b.imageValue()]) { f(s, $0[0]) })
            }
        }
    }
}
