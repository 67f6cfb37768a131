import NLS
import NLSCompute

/// CSV tables with named numeric and text columns.
enum TableBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let T = DataTypes.table, A = DataTypes.array
        r.objectType("Table", doc: "Named columns read from CSV (numeric or text).")
        func table(_ t: Table) -> Value { .object(NativeObject(type: T, payload: t)) }
        r.function("read_csv", [ParamSpec("path", .str), ParamSpec("header", .optional(.bool), default: .none),
                                ParamSpec("delimiter", .str, default: .str(","))], returns: T,
                   doc: "Reads a CSV file; a header row is detected unless `header` says otherwise.") { a in
            let d = try a[2].asString()
            guard d.count == 1, let c = d.first else { throw RuntimeError("delimiter must be one character, got \"\(d)\"") }
            var header: Bool?
            if case .bool(let b) = a[1] { header = b }
            return table(try CSV.read(path: expandingTilde(a[0].asString()), delimiter: c, header: header))
        }
        r.function("write_csv", [ParamSpec("table", .union([T, A])), ParamSpec("path", .str)], returns: .void,
                   doc: "Writes a Table (or a 2-D Array) as CSV, atomically.") { a in
            let t: Table = try (try? a[0].payload(Table.self)) ?? Table(a[0].ndarray())
            try t.write(path: expandingTilde(a[1].asString()))
            return .none
        }
        r.function("table", [ParamSpec("array", A), ParamSpec("names", .optional(.list(.str)), default: .none)], returns: T,
                   doc: "A Table whose columns are the columns of a 2-D array.") { a in
            var names: [String]?
            if case .list(let xs) = a[1] { names = try xs.map { try $0.asString() } }
            return table(try Table(a[0].ndarray(), names: names))
        }
        r.attribute("Table", "columns", .list(.str), doc: "Column names.") { v in .list(try v.payload(Table.self).names.map { .str($0) }) }
        r.attribute("Table", "shape", .list(.int), doc: "[rows, columns].") { v in .list(try v.payload(Table.self).shape.map { .int($0) }) }
        r.attribute("Table", "n_rows", .int, doc: "Number of rows.") { v in .int(try v.payload(Table.self).rowCount) }
        r.method("Table", "column", [ParamSpec("name", .str)], returns: A,
                 doc: "A column as an Array: float64, int64 (a column of integers) or strings (labels), as pandas' t[name].to_numpy().") { s, a in
            try column(s, a[0].asString())
        }
        // t["label"]: the same as t.column("label"); an unknown name lists the columns.
        r.objectType("Table", doc: "").subscriptSpec = SubscriptSpec(
            resultType: { kinds in
                guard kinds.count == 1, case .other(let t) = kinds[0], t == .str || t == .any else {
                    return .failure(RuntimeError("a Table is indexed by a column name (a Str): t[\"label\"]"))
                }
                return .success(A)
            },
            get: { container, idx in
                guard idx.count == 1, case .value(.str(let name)) = idx[0] else { throw RuntimeError("a Table is indexed by a column name (a Str)") }
                return try column(container, name)
            })
        r.method("Table", "strings", [ParamSpec("name", .str)], returns: .list(.str), doc: "A column as text.") { s, a in
            .list(try s.payload(Table.self).strings(a[0].asString()).map { .str($0) })
        }
        r.method("Table", "labels", [ParamSpec("name", .str)], returns: A,
                 doc: "A text column as integer class codes (sorted unique classes, as LabelEncoder).") { s, a in
            .array(try s.payload(Table.self).labels(a[0].asString()).codes)
        }
        r.method("Table", "classes", [ParamSpec("name", .str)], returns: .list(.str), doc: "Sorted unique values of a text column.") { s, a in
            .list(try s.payload(Table.self).labels(a[0].asString()).classes.map { .str($0) })
        }
        r.method("Table", "to_array", [], returns: A, doc: "All numeric columns as a 2-D float64 Array.") { s, _ in
            .array(try s.payload(Table.self).toArray())
        }
        r.method("Table", "filter", [ParamSpec("mask", A)], returns: T, doc: "Rows where the boolean mask is true.") { s, a in
            table(try s.payload(Table.self).filter(a[0].ndarray()))
        }
        r.method("Table", "select", [ParamSpec("names", .list(.str))], returns: T, doc: "A table with only these columns.") { s, a in
            table(try s.payload(Table.self).select(a[0].asList().map { try $0.asString() }))
        }
    }

    /// A column as the language sees it: numbers as an Array of their dtype, text as a
    /// string Array (labels).
    static func column(_ table: Value, _ name: String) throws -> Value {
        let t = try table.payload(Table.self)
        if case .text(let v) = try t.column(name) { return .strings(StringArray(v)) }
        return .array(try t.array(name))
    }
}
