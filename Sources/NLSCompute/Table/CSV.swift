import Foundation

/// CSV reading and writing for `Table` (RFC 4180 quoting).
///
/// Header detection (when `header` is nil): the first row is a header when some column
/// has a non-numeric first field while all its later fields are numbers, or when every
/// first-row field is non-numeric, non-empty and unique and none of them reappears
/// further down its column. Otherwise columns are named "0", "1", ….
/// A column is numeric when its first non-missing value is a number; missing values
/// ("", NA, N/A, NaN, nan, null, None) become NaN there. A numeric column whose every
/// value is an integer written without a point or exponent ("3", "-12") and none missing
/// is an integer column (int64), as pandas reads it.
public enum CSV {
    static let missing: Set<String> = ["", "NA", "N/A", "NaN", "nan", "null", "None", "n/a"]

    struct Row { var fields: [String]; var line: Int }

    /// Reads a CSV file into a `Table`.
    /// `delimiter` nil picks a tab for `.tsv` files (BIDS events) and a comma otherwise.
    public static func read(path: String, delimiter: Character? = nil, header: Bool? = nil) throws -> Table {
        let delimiter = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            let why = !exists ? "no such file" : isDir.boolValue ? "it is a directory; give a CSV file"
                : FileManager.default.isReadableFile(atPath: path) ? "it cannot be read" : "permission denied"
            throw ComputeError("cannot read \(path): \(why)")
        }
        let text = String(decoding: data, as: UTF8.self)
        var table = try parse(text, name: (path as NSString).lastPathComponent, delimiter: delimiter, header: header)
        table.source = path
        return table
    }

    /// Parses CSV text; `name` is used in error messages ("name:line:column: …").
    public static func parse(_ text: String, name: String = "<csv>", delimiter: Character = ",", header: Bool? = nil) throws -> Table {
        let rows = try split(text, name: name, delimiter: delimiter)
        guard let first = rows.first else { return try Table(names: [], columns: []) }
        let n = first.fields.count
        for r in rows.dropFirst() where r.fields.count != n {
            throw ComputeError("\(name):\(r.line):\(Swift.min(r.fields.count, n) + 1): expected \(n) fields, found \(r.fields.count)")
        }
        let hasHeader = header ?? detectHeader(rows)
        let names: [String]
        if hasHeader {
            var seen: [String: Int] = [:]
            names = first.fields.enumerated().map { j, raw in
                var s = raw.trimmingCharacters(in: .whitespaces)
                if s.isEmpty { s = "Unnamed: \(j)" }
                if let k = seen[s] { seen[s] = k + 1; return "\(s).\(k + 1)" }  // pandas mangles duplicates
                seen[s] = 0
                return s
            }
        } else {
            names = (0..<n).map(String.init)
        }
        let body = hasHeader ? Array(rows.dropFirst()) : rows
        var columns: [TableColumn] = []
        for j in 0..<n {
            let firstValue = body.first { !missing.contains($0.fields[j].trimmingCharacters(in: .whitespaces)) }
            let numeric = firstValue.map { number($0.fields[j]) != nil } ?? true
            if numeric {
                var vals = [Double](); vals.reserveCapacity(body.count)
                for r in body {
                    let f = r.fields[j]
                    if let v = number(f) { vals.append(v) } else if missing.contains(f.trimmingCharacters(in: .whitespaces)) { vals.append(.nan) } else {
                        throw ComputeError("\(name):\(r.line):\(j + 1): expected a number in column \"\(names[j])\", found \"\(f)\"")
                    }
                }
                let ints = body.compactMap { integer($0.fields[j]) }
                columns.append(ints.count == body.count && !body.isEmpty ? .integer(ints) : .numeric(vals))
            } else {
                columns.append(.text(body.map { $0.fields[j] }))
            }
        }
        return try Table(names: names, columns: columns)
    }

    static func number(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || missing.contains(t) { return nil }
        guard let f = t.first, f.isNumber || f == "-" || f == "+" || f == "." || f == "i" || f == "I" else { return nil }
        if t.hasPrefix("0x") || t.hasPrefix("-0x") { return nil }
        return Double(t)
    }

    /// An integer field: optional sign and digits only (pandas' int64 inference).
    static func integer(_ s: String) -> Int? {
        let t = s.trimmingCharacters(in: .whitespaces)
        let digits = t.first == "-" || t.first == "+" ? t.dropFirst() : Substring(t)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }

    static func detectHeader(_ rows: [Row]) -> Bool {
        guard let first = rows.first else { return false }
        let rest = rows.dropFirst()
        let n = first.fields.count
        for j in 0..<n where number(first.fields[j]) == nil && !missing.contains(first.fields[j].trimmingCharacters(in: .whitespaces)) {
            let below = rest.map { $0.fields[j] }.filter { !missing.contains($0.trimmingCharacters(in: .whitespaces)) }
            if !below.isEmpty && below.allSatisfy({ number($0) != nil }) { return true }
        }
        let f = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard f.allSatisfy({ !$0.isEmpty && number($0) == nil }), Set(f).count == f.count else { return false }
        for j in 0..<n where rest.contains(where: { $0.fields[j].trimmingCharacters(in: .whitespaces) == f[j] }) { return false }
        return true
    }

    /// Splits text into rows of fields, honouring quotes (which may span lines); blank
    /// lines are skipped. Each row remembers the line it starts on.
    static func split(_ text: String, name: String, delimiter: Character) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedField = false
        var line = 1, rowLine = 1, quoteLine = 1
        var rowHasContent = false
        var it = Array(text.unicodeScalars.count > 0 && text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        it.append("\n")
        var i = 0
        func endRow() {
            if rowHasContent || fields.count > 0 { fields.append(field); rows.append(Row(fields: fields, line: rowLine)) }
            fields = []; field = ""; rowHasContent = false; quotedField = false
        }
        while i < it.count {
            let c = it[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < it.count && it[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && (field.isEmpty && !quotedField) {
                inQuotes = true; quotedField = true; rowHasContent = true; quoteLine = line
            } else if c == delimiter {
                fields.append(field); field = ""; quotedField = false; rowHasContent = true
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                endRow()
                line += 1
                rowLine = line
            } else {
                if !rowHasContent { rowLine = line }
                field.append(c); rowHasContent = true
            }
            i += 1
        }
        if inQuotes { throw ComputeError("\(name):\(quoteLine): unterminated quoted field") }
        return rows
    }

    static func quote(_ s: String, _ delimiter: Character) -> String {
        let needs = s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r")
            || s.first == " " || s.last == " " || (number(s) == nil && missing.contains(s) && !s.isEmpty)
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// CSV text of a table (header row first; NaN written as an empty field).
    public static func format(_ table: Table, delimiter: Character = ",") -> String {
        var out = table.names.map { quote($0, delimiter) }.joined(separator: String(delimiter)) + "\n"
        for i in 0..<table.rowCount {
            out += table.columns.map { c -> String in
                switch c {
                case .numeric(let v): return v[i].isNaN ? "" : ArrayFormat.scalarString(v[i])
                case .integer(let v): return String(v[i])
                case .text(let v): return quote(v[i], delimiter)
                }
            }.joined(separator: String(delimiter)) + "\n"
        }
        return out
    }

    /// Writes a table through `AtomicFile`: atomically onto a regular file (through
    /// symbolic links), directly onto a FIFO or device.
    public static func write(_ table: Table, path: String, delimiter: Character? = nil) throws {
        let delimiter = delimiter ?? (path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        let data = Data(format(table, delimiter: delimiter).utf8)
        do { try AtomicFile.write(path, data: data) } catch let e as AtomicFile.WriteError { throw ComputeError(e.description) }
    }
}

extension Table {
    /// Reads a CSV file (see `CSV.read`).
    public static func read(path: String, delimiter: Character? = nil, header: Bool? = nil) throws -> Table {
        try CSV.read(path: path, delimiter: delimiter, header: header)
    }
    /// Writes the table as CSV, atomically.
    public func write(path: String, delimiter: Character? = nil) throws { try CSV.write(self, path: path, delimiter: delimiter) }
}
