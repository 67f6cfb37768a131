/// `?name`, `%help NAME`: signatures with their real defaults, one line per parameter,
/// and a type's methods and attributes. `?x.mean` reads the method through the type of
/// the variable `x`.
extension Session {
    public func help(for name: String) -> String? {
        let parts = name.split(separator: ".").map(String.init)
        if parts.count >= 2 {
            let member = parts[parts.count - 1]
            if let base = typeOfPath(Array(parts.dropLast())) {
                if case .record(let fields) = base, let f = fields.first(where: { $0.name == member }) { return "\(name): \(f.type)" }
                if case .object(let tn, _) = base, let t = registry.types[tn] {
                    if let ms = t.methodOverloads[member], let first = ms.first {
                        return ms.map { Help.signature("\(name)", $0.signature) }.joined(separator: "\n") + "\n\n\(first.doc)"
                    }
                    if let a = t.attributes[member] { return "\(name): \(a.type)\n\n\(a.doc)" }
                }
            }
        }
        if let bs = registry.overloads[name], let first = bs.first {
            var s = bs.map { Help.signature(name, $0.signature) }.joined(separator: "\n") + "\n\n\(first.doc)"
            if let t = registry.types[name] { s += Help.members(of: t) }
            return s
        }
        if let t = registry.types[name] {
            return "type \(name)\(t.typeParams.isEmpty ? "" : "[\(t.typeParams.joined(separator: ", "))]")\n\n\(t.doc)" + Help.members(of: t)
        }
        if let decl = checker.globalFunction(name), let sig = decl.signature {
            return "fn " + Help.signature(name, sig, defaults: decl.params.map(\.defaultText)) + (decl.doc.map { "\n\n\($0)" } ?? "")
        }
        if let s = registry.settings[name] { return "setting \(name): \(s.type)\n\n\(s.doc)" }
        if let m = registry.magics[name] { return "%\(name)\n\n\(m.doc)" }
        if let g = checker.globals.last(where: { $0.name == name }) {
            var s = "\(name): \(g.type)"
            if case .object(let tn, _) = g.type, let t = registry.types[tn] { s += Help.members(of: t) }
            return s
        }
        return nil
    }

    /// The static type of `a.b.c` where `a` is a global or a type name.
    public func typeOfPath(_ parts: [String]) -> NLSType? {
        guard let head = parts.first else { return nil }
        var t: NLSType
        if let g = checker.globals.last(where: { $0.name == head }) { t = g.type }
        else if let info = registry.types[head] { t = .object(info.name, []) }
        else { return nil }
        for p in parts.dropFirst() {
            switch t {
            case .record(let fields):
                guard let f = fields.first(where: { $0.name == p }) else { return nil }
                t = f.type
            case .object(let tn, let args):
                guard let info = registry.types[tn], let a = info.attributes[p] else { return nil }
                t = a.type.substituting(Dictionary(uniqueKeysWithValues: zip(info.typeParams, args)))
            default: return nil
            }
        }
        return t
    }
}

public enum Help {
    /// `name(params) -> T`: on one line with at most one parameter, else one line per
    /// parameter. `defaults` are user functions' defaults as written (builtins carry values).
    public static func signature(_ name: String, _ sig: FunctionSignature, defaults: [String?] = []) -> String {
        var params = sig.params.enumerated().map { i, p -> String in
            var s = p.name.isEmpty ? "\(p.type)" : "\(p.name): \(p.type)"
            if p.hasDefault {
                let written = i < defaults.count ? defaults[i] : nil
                s += " = " + (p.defaultValue.map(\.repr) ?? written ?? "…")
            }
            return s
        }
        if let v = sig.variadic { params.append("\(v)...") }
        if params.count <= 1 { return "\(name)(\(params.joined())) -> \(sig.returns)" }
        return "\(name)(\n" + params.map { "    \($0)," }.joined(separator: "\n") + "\n) -> \(sig.returns)"
    }

    /// One line per method (every overload) and attribute of a type.
    public static func members(of t: ObjectTypeInfo) -> String {
        var s = ""
        if !t.methods.isEmpty {
            s += "\n\nMethods:"
            for name in t.methods.keys.sorted() {
                for m in t.methodOverloads[name] ?? [] { s += "\n    \(name)\(m.signature)" + firstLine(m.doc) }
            }
        }
        if !t.attributes.isEmpty {
            s += "\n\nAttributes:"
            for name in t.attributes.keys.sorted() { s += "\n    \(name): \(t.attributes[name]!.type)" + firstLine(t.attributes[name]!.doc) }
        }
        return s
    }

    static func firstLine(_ doc: String) -> String {
        let line = doc.prefix { $0 != "\n" }
        return line.isEmpty ? "" : "  — \(line)"
    }
}
