import Foundation
import NLS

/// Tab completion: keywords, builtins, variables, magics, settings, methods and
/// attributes after '.', and file paths inside string literals.
struct Completer {
    let session: Session

    /// Completions for libedit, whose word stops at its break characters ('/', '%', …).
    /// The word is widened to what nls means (a path from the opening quote, `%magic`),
    /// completed, and the widened prefix stripped again, since libedit replaces only its
    /// own word. Without this, `%lsm<Tab>` and `"data/sub<Tab>` completed nothing.
    func completeForEditor(word: String, line: String, start: Int) -> (matches: [String], inString: Bool) {
        let chars = Array(line)
        let s = min(max(0, start), chars.count)
        let before = String(chars[..<s])
        var ext = ""
        let inString = before.filter({ $0 == "\"" }).count % 2 == 1
        if inString, let q = before.lastIndex(of: "\"") {
            ext = String(before[before.index(after: q)...])
        } else if before.hasSuffix("%") {
            let magic = before.hasSuffix("%%") ? "%%" : "%"
            if before.dropLast(magic.count).trimmingCharacters(in: .whitespaces).isEmpty { ext = magic }
        }
        let full = ext + word
        let found = complete(word: full, line: line, start: s - ext.count)
        return (found.compactMap { $0.hasPrefix(ext) ? String($0.dropFirst(ext.count)) : nil }, inString)
    }

    func complete(word: String, line: String, start: Int) -> [String] {
        let before = String(line.prefix(start))
        // Inside a string literal: complete a file path.
        if before.filter({ $0 == "\"" }).count % 2 == 1 { return paths(word) }
        if before.trimmingCharacters(in: .whitespaces).isEmpty && word.hasPrefix("%") {
            let magics = session.registry.magicNames.map { "%" + $0 } + session.registry.cellMagicNames.map { "%%" + $0 }
            return magics.filter { $0.hasPrefix(word) }.sorted()
        }
        if before.trimmingCharacters(in: .whitespaces) == "set" || before.hasSuffix("set ") {
            return session.registry.settings.keys.filter { $0.hasPrefix(word) }.sorted()
        }
        if let dot = word.lastIndex(of: ".") {
            let baseName = String(word[..<dot])
            let partial = String(word[word.index(after: dot)...])
            return members(of: baseName).filter { $0.hasPrefix(partial) }.sorted().map { baseName + "." + $0 }
        }
        var names = Set(Keyword.allCases.map(\.rawValue))
        names.formUnion(session.registry.functions.keys)
        names.formUnion(session.checker.globals.map(\.name))
        names.formUnion(session.registry.types.keys)
        // Inside a call's parentheses, its parameter names come first (`Ridge(al` → `alpha:`).
        let labels = parameterNames(ofCallOpenIn: before).filter { $0.hasPrefix(word) }.map { $0 + ":" }
        return labels + names.filter { $0.hasPrefix(word) }.sorted()
    }

    /// Parameter names of the call whose '(' is still open at the end of `before`
    /// (a builtin, a constructor, a user function or a method `x.fit`).
    func parameterNames(ofCallOpenIn before: String) -> [String] {
        let chars = Array(before)
        var depth = 0, open: Int?
        var inString = false
        for i in stride(from: chars.count - 1, through: 0, by: -1) {
            let c = chars[i]
            if c == "\"" { inString.toggle() }
            if inString { continue }
            if c == ")" || c == "]" || c == "}" { depth += 1 } else if c == "(" || c == "[" || c == "{" {
                if depth == 0 { if c == "(" { open = i }; break }
                depth -= 1
            }
        }
        guard let o = open else { return [] }
        var j = o
        while j > 0, chars[j - 1].isLetter || chars[j - 1].isNumber || chars[j - 1] == "_" || chars[j - 1] == "." { j -= 1 }
        let callee = String(chars[j..<o])
        guard !callee.isEmpty else { return [] }
        let parts = callee.split(separator: ".").map(String.init)
        var sigs: [FunctionSignature] = []
        if parts.count == 1 {
            sigs = (session.registry.overloads[callee] ?? []).map(\.signature)
            if let f = session.checker.globalFunction(callee)?.signature { sigs.append(f) }
        } else if case .object(let tn, _)? = session.typeOfPath(Array(parts.dropLast())),
                  let t = session.registry.types[tn] {
            sigs = (t.methodOverloads[parts.last!] ?? []).map(\.signature)
        }
        var seen = Set<String>()
        return sigs.flatMap { $0.params.map(\.name) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    func members(of name: String) -> [String] {
        if name.contains(".") {
            switch session.typeOfPath(name.split(separator: ".").map(String.init)) {
            case .object(let tn, _)?:
                guard let t = session.registry.types[tn] else { return [] }
                return Array(t.methods.keys) + Array(t.attributes.keys)
            case .record(let fields)?: return fields.map(\.name)
            default: return []
            }
        }
        guard let g = session.checker.globals.last(where: { $0.name == name }) else {
            if let t = session.registry.types[name] { return Array(t.methods.keys) + Array(t.attributes.keys) }
            return []
        }
        switch g.type {
        case .object(let tn, _):
            guard let t = session.registry.types[tn] else { return [] }
            return Array(t.methods.keys) + Array(t.attributes.keys)
        case .record(let fields): return fields.map(\.name)
        default: return []
        }
    }

    func paths(_ word: String) -> [String] {
        let fm = FileManager.default
        let expanded = word.hasPrefix("~/") ? (ProcessInfo.processInfo.environment["HOME"] ?? "") + word.dropFirst() : word
        let dir: String, prefix: String, shownDir: String
        if let slash = expanded.lastIndex(of: "/") {
            dir = String(expanded[...slash]); prefix = String(expanded[expanded.index(after: slash)...])
            shownDir = String(word[...word.lastIndex(of: "/")!])
        } else {
            dir = "./"; prefix = expanded; shownDir = ""
        }
        guard let entries = try? fm.contentsOfDirectory(atPath: dir) else { return [] }
        return entries.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { e in
            var isDir: ObjCBool = false
            let isFolder = fm.fileExists(atPath: dir + e, isDirectory: &isDir) && isDir.boolValue
            return shownDir + e + (isFolder ? "/" : "")
        }
    }
}
