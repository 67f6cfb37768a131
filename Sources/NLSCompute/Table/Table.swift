import Foundation

/// One column of a `Table`: floats (missing values are NaN), integers (a CSV column whose
/// every value is an integer, as pandas reads int64) or strings.
public enum TableColumn: Equatable, Sendable {
    case numeric([Double])
    case integer([Int])
    case text([String])

    public var count: Int {
        switch self { case .numeric(let v): return v.count; case .integer(let v): return v.count; case .text(let v): return v.count }
    }
    public var isNumeric: Bool { if case .text = self { return false }; return true }

    /// Numbers as Doubles (nil for text).
    public var doubles: [Double]? {
        switch self {
        case .numeric(let v): return v
        case .integer(let v): return v.map(Double.init)
        case .text: return nil
        }
    }

    /// The text of row `i`, as pandas prints it.
    func cell(_ i: Int) -> String {
        switch self {
        case .numeric(let v): return ArrayFormat.scalarString(v[i])
        case .integer(let v): return String(v[i])
        case .text(let v): return v[i]
        }
    }

    func selecting(_ rows: [Int]) -> TableColumn {
        switch self {
        case .numeric(let v): return .numeric(rows.map { v[$0] })
        case .integer(let v): return .integer(rows.map { v[$0] })
        case .text(let v): return .text(rows.map { v[$0] })
        }
    }
}

/// A table of named, equally long columns (what `CSV.read` returns).
public struct Table: Equatable, Sendable, CustomStringConvertible {
    /// The file it was read from, for messages (nil for tables built in memory).
    public var source: String?
    public private(set) var names: [String]
    public private(set) var columns: [TableColumn]

    public init(names: [String], columns: [TableColumn]) throws {
        guard names.count == columns.count else { throw ComputeError("table: \(names.count) names for \(columns.count) columns") }
        var seen = Set<String>()
        for n in names {
            guard seen.insert(n).inserted else { throw ComputeError("table: duplicate column name \"\(n)\"") }
        }
        if let first = columns.first {
            for (n, c) in zip(names, columns) where c.count != first.count {
                throw ComputeError("table: column \"\(n)\" has \(c.count) rows, column \"\(names[0])\" has \(first.count)")
            }
        }
        self.names = names
        self.columns = columns
    }

    /// A table from the columns of a 2-D array (names default to "0", "1", …).
    public init(_ array: NDArray, names: [String]? = nil) throws {
        guard array.ndim == 2 else { throw ComputeError("table: expected a 2-D array, got shape \(array.shapeDescription)") }
        let n = names ?? (0..<array.shape[1]).map(String.init)
        let cols = try (0..<array.shape[1]).map { TableColumn.numeric(try array.column($0).values) }
        try self.init(names: n, columns: cols)
    }

    public var rowCount: Int { columns.first?.count ?? 0 }
    public var columnCount: Int { columns.count }
    /// (rows, columns), like pandas `shape`.
    public var shape: [Int] { [rowCount, columnCount] }
    public var numericNames: [String] { zip(names, columns).filter { $0.1.isNumeric }.map { $0.0 } }

    func index(of name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw ComputeError("no column named \"\(name)\"; columns are: " + names.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return i
    }

    public func column(_ name: String) throws -> TableColumn { columns[try index(of: name)] }
    public func hasColumn(_ name: String) -> Bool { names.contains(name) }

    /// A numeric column as a 1-D array (int64 for an integer column, else float64);
    /// throws for a string column.
    public func array(_ name: String) throws -> NDArray {
        switch try column(name) {
        case .numeric(let v): return NDArray(v)
        case .integer(let v): return NDArray(v)
        case .text: throw ComputeError("column \"\(name)\" holds strings, not numbers")
        }
    }

    /// A column as strings (numbers are written as Python would print them).
    public func strings(_ name: String) throws -> [String] {
        let c = try column(name)
        if case .text(let v) = c { return v }
        return (0..<c.count).map { c.cell($0) }
    }

    /// Class labels of a column (LabelEncoder).
    public func labels(_ name: String) throws -> LabelEncoding { LabelEncoding(try strings(name)) }

    /// All numeric columns as a 2-D float64 array (rows × numeric columns).
    public func toArray() throws -> NDArray {
        let num = columns.compactMap(\.doubles)
        guard !num.isEmpty else {
            let from = source.map { " (read from \($0))" } ?? ""
            throw ComputeError("table\(from) has no numeric columns (columns: \(names.joined(separator: ", "))); read text columns with strings(NAME)")
        }
        let r = rowCount, c = num.count
        var st = ContiguousArray<Double>(repeating: 0, count: r * c)
        for (j, col) in num.enumerated() { for i in 0..<r { st[i * c + j] = col[i] } }
        return NDArray(shape: [r, c], storage: st)
    }

    /// Rows where `mask` (1-D bool, one value per row) is true.
    public func filter(_ mask: NDArray) throws -> Table {
        guard mask.dtype == .bool, mask.ndim == 1 else {
            throw ComputeError("table filter needs a 1-D bool array, got \(mask.dtype.name) of shape \(mask.shapeDescription)")
        }
        guard mask.size == rowCount else {
            throw ComputeError("table filter: mask has \(mask.size) values but the table has \(rowCount) rows")
        }
        return rows(mask.flatnonzero().intValues)
    }

    /// Rows at the given positions (no bounds check: internal callers only).
    func rows(_ idx: [Int]) -> Table {
        var t = self
        t.columns = columns.map { $0.selecting(idx) }
        return t
    }

    /// Rows at the given positions (negative counts from the end).
    public func take(rows idx: [Int]) throws -> Table {
        rows(try idx.map { try NDArray.normalizeIndex($0, size: rowCount, axis: 0) })
    }

    /// The named columns, in that order.
    public func select(_ wanted: [String]) throws -> Table {
        try Table(names: wanted, columns: try wanted.map { try column($0) })
    }

    /// Adds or replaces a column.
    public mutating func setColumn(_ name: String, _ column: TableColumn) throws {
        if !columns.isEmpty && column.count != rowCount {
            throw ComputeError("column \"\(name)\" has \(column.count) rows, the table has \(rowCount)")
        }
        if let i = names.firstIndex(of: name) { columns[i] = column } else { names.append(name); columns.append(column) }
    }

    /// pandas-like text rendering (first and last 5 rows when longer than 10).
    public var description: String {
        let r = rowCount
        let shown: [Int?] = r > 10 ? Array(0..<5) + [nil] + Array((r - 5)..<r) : Array(0..<r)
        var cols: [[String]] = [[""] + shown.map { $0.map(String.init) ?? "..." }]
        for (n, c) in zip(names, columns) {
            var cells = [n]
            for i in shown {
                guard let i = i else { cells.append("..."); continue }
                cells.append(c.cell(i))
            }
            cols.append(cells)
        }
        let widths = cols.map { $0.map(\.count).max() ?? 0 }
        var lines: [String] = []
        for row in 0..<(shown.count + 1) {
            lines.append(zip(cols, widths).enumerated().map { k, cw in
                let s = cw.0[row]
                let pad = String(repeating: " ", count: cw.1 - s.count)
                return k == 0 ? s + pad : pad + s
            }.joined(separator: "  "))
        }
        lines.append("[\(r) rows x \(columnCount) columns]")
        return lines.joined(separator: "\n")
    }
}
