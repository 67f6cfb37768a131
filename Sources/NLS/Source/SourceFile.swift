import Foundation

/// A named piece of source text, with line lookup for diagnostics.
public final class SourceFile {
    public let name: String
    public let text: String
    /// The text as an array of Unicode scalars: the lexer indexes it directly.
    let scalars: [Unicode.Scalar]
    private var lineStarts: [Int] = [0]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() where s == "\n" { lineStarts.append(i + 1) }
    }

    /// Reads a file, reporting unreadable files and invalid UTF-8 with a position.
    public static func load(path: String) throws -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                throw Diagnostic(message: "\(path) is a directory, not a script", location: nil)
            }
            throw Diagnostic(message: "cannot read \(path): no such file", location: nil)
        }
        let bytes = [UInt8](data)
        if let text = String(validating: bytes, as: UTF8.self) {
            return SourceFile(name: path, text: text)
        }
        // Find the first invalid byte to point at it.
        var line = 1, col = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            let end = i + len
            if len == 0 || end > bytes.count || String(validating: bytes[i..<end], as: UTF8.self) == nil { break }
            if b == 0x0A { line += 1; col = 1 } else { col += 1 }
            i = end
        }
        throw Diagnostic(message: "\(path):\(line):\(col): error: invalid UTF-8 byte 0x\(String(bytes[min(i, bytes.count - 1)], radix: 16)); save the file as UTF-8", location: nil, preformatted: true)
    }

    /// 1-based line and column of a scalar offset.
    public func lineColumn(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// The source text between two scalar offsets (for messages that quote the input).
    public func text(from start: Int, to end: Int) -> String {
        let lo = max(0, min(start, scalars.count)), hi = max(lo, min(end, scalars.count))
        return String(String.UnicodeScalarView(scalars[lo..<hi]))
    }

    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = start
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }
}

/// A position in a source file (scalar offset; line/column computed on demand).
public struct SourceLocation {
    public let file: SourceFile
    public let offset: Int
    public init(file: SourceFile, offset: Int) { self.file = file; self.offset = offset }
    public var line: Int { file.lineColumn(of: offset).line }
    public var column: Int { file.lineColumn(of: offset).column }
    public var short: String { let lc = file.lineColumn(of: offset); return "\(file.name):\(lc.line):\(lc.column)" }
}
