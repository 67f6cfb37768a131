/// IPython-style magic options: `-n 10 -r 3`, `-f`, `-n10`, then positional words.
/// A magic names the options it knows; any other is an error that lists them.
public struct MagicOptions {
    public var values: [Character: String] = [:]
    public var flags: Set<Character> = []
    public var positional: [String] = []

    /// `valued`: options that take a value (`-n 10`); `flags`: options that do not (`-f`).
    public init(_ text: String, magic: String, valued: Set<Character> = [], flags known: Set<Character> = []) throws {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
        func usage() -> String {
            let all = valued.sorted().map { "-\($0) N" } + known.sorted().map { "-\($0)" }
            return all.isEmpty ? "%\(magic) takes no options" : "options of %\(magic): " + all.joined(separator: ", ")
        }
        while let w = words.first {
            words.removeFirst()
            guard w.count >= 2, w.hasPrefix("-"), let c = w.dropFirst().first, c.isLetter else { positional.append(w); continue }
            var letters = Substring(w.dropFirst())
            while let l = letters.first {
                letters.removeFirst()
                if valued.contains(l) {
                    var v = String(letters)
                    letters = ""
                    if v.isEmpty { guard let next = words.first else { throw RuntimeError("%\(magic): option -\(l) needs a value; \(usage())") }; v = next; words.removeFirst() }
                    values[l] = v
                } else if known.contains(l) {
                    flags.insert(l)
                } else {
                    throw RuntimeError("%\(magic): unknown option -\(l); \(usage())")
                }
            }
        }
    }

    /// A positive Int option, or `nil` when absent.
    public func positiveInt(_ c: Character, magic: String) throws -> Int? {
        guard let v = values[c] else { return nil }
        guard let n = Int(v), n > 0 else { throw RuntimeError("%\(magic): -\(c) needs a positive integer, got \(v)") }
        return n
    }
}

extension Parser {
    /// Leading `-x` / `-x N` options of a statement magic (`%timeit -n 10 -r 3 f(x)`):
    /// their text, and where the statement starts. A word is an option when it is `-`
    /// and letters (digits may follow: `-n10`); a number after it is its value.
    func splitLeadingOptions(_ a: Int, _ b: Int) -> (options: String, start: Int) {
        let s = file.scalars
        var i = a
        func isSpace(_ k: Int) -> Bool { k < b && (s[k] == " " || s[k] == "\t") }
        func wordEnd(_ k: Int) -> Int { var j = k; while j < b && !isSpace(j) { j += 1 }; return j }
        var optionWords: [String] = []
        while true {
            while isSpace(i) { i += 1 }
            guard i + 1 < b, s[i] == "-", s[i + 1].properties.isAlphabetic else { break }
            let end = wordEnd(i)
            let word = text(i, end)
            guard word.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber }) else { break }
            optionWords.append(word)
            i = end
            var j = i
            while isSpace(j) { j += 1 }
            let valueEnd = wordEnd(j)
            if j < valueEnd, text(j, valueEnd).allSatisfy(\.isNumber), !word.dropFirst().contains(where: \.isNumber) {
                optionWords.append(text(j, valueEnd)); i = valueEnd
            }
        }
        return (optionWords.joined(separator: " "), i)
    }
}
