/// Class labels from a string column (scikit-learn `LabelEncoder`): `classes` unique and
/// in numpy's order (by code point, `np.unique`), `codes[i]` = index of row i's label in
/// `classes` (int64 array).
public struct LabelEncoding: Equatable, Sendable {
    public let classes: [String]
    public let codes: NDArray

    public init(_ labels: [String]) {
        let cls = StringArray.sortedUnique(labels)
        classes = cls
        codes = NDArray(Self.codes(labels, classes: cls, unknown: 0))
    }

    /// The encoding of a fitted model's classes (to decode its predictions).
    public init(classes: [String]) {
        self.classes = classes
        codes = NDArray([Int]())
    }

    /// Index of each label in `classes`, `unknown` for labels not among them.
    public static func codes(_ labels: [String], classes: [String], unknown: Int) -> [Int] {
        var index: [[UInt32]: Int] = [:]
        for (i, c) in classes.enumerated() { index[c.unicodeScalars.map(\.value)] = i }
        return labels.map { index[$0.unicodeScalars.map(\.value)] ?? unknown }
    }

    /// Labels for integer codes (LabelEncoder `inverse_transform`).
    public func decode(_ codes: NDArray) throws -> [String] {
        try codes.storage.map { v in
            let i = NDArray.safeInt(v)
            guard i >= 0 && i < classes.count else { throw ComputeError("label code \(i) is out of range for \(classes.count) classes") }
            return classes[i]
        }
    }
}
