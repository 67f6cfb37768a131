import Foundation

/// Renders a `Report` as one self-contained HTML document: inline CSS, images as data
/// URIs, no scripts and no external references. A Content-Security-Policy allowing only
/// inline styles and `data:` images makes that hold for builtin HTML output too.
///
/// Everything that differs between two runs of the same script — the date, durations,
/// `%time`/`%timeit` output — is in `<span class="nls-volatile …">` elements holding
/// plain text only, so two reports compare equal once those spans are removed
/// (`HTMLRenderer.removingVolatile`).
public enum HTMLRenderer {
    public static let volatileClass = "nls-volatile"
    static let contentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    /// Image types a browser shows from a data URI; anything else is named, not embedded.
    static let embeddableImages: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"]

    public static func render(_ report: Report) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="nls \(HTML.escape(report.nlsVersion))">
        <title>\(HTML.escape(fileName(report.scriptName))) — nls report</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>

        """
        h += header(report)
        h += "<main>\n"
        if !report.preamble.isEmpty {
            h += "<div class=\"preamble\"><pre class=\"source\"><code>\(highlighted(report.preamble))</code></pre></div>\n"
        }
        for (i, cell) in report.cells.enumerated() { h += render(cell, number: i + 1) }
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    static func header(_ r: Report) -> String {
        var h = "<header>\n<h1>\(HTML.escape(fileName(r.scriptName)))</h1>\n<dl class=\"meta\">\n"
        h += "<dt>script</dt><dd>\(HTML.escape(r.scriptName))</dd>\n"
        h += "<dt>nls</dt><dd>\(HTML.escape(r.nlsVersion))</dd>\n"
        h += "<dt>device</dt><dd>\(HTML.escape(r.device))</dd>\n"
        h += "<dt>run</dt><dd>\(volatile(ReportFormat.date(r.date), "date"))</dd>\n"
        h += "<dt>wall time</dt><dd>\(volatile(ReportFormat.duration(r.seconds), "time"))</dd>\n"
        h += "<dt>status</dt><dd class=\"status\">\(HTML.escape(statusLine(r)))</dd>\n"
        h += "</dl>\n"
        if let e = r.error { h += "<pre class=\"error\">\(HTML.escape(e))</pre>\n" }
        return h + "</header>\n"
    }

    /// The last component of the script's path: the title; the path is in the header.
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// "ok", "failed in cell 3 (Fit) — exit status 1", …
    static func statusLine(_ r: Report) -> String {
        if r.exitStatus == 0 { return "ok" }
        let what: String
        if let i = r.cells.firstIndex(where: { $0.status == .failed }) {
            let title = r.cells[i].title
            what = (r.exitStatus == 130 ? "interrupted" : "failed") + " in cell \(i + 1)" + (title.isEmpty ? "" : " (\(title))")
        } else if r.exitStatus == 130 {
            what = "interrupted"
        } else if r.error != nil {
            what = "not run: the script has errors"
        } else {
            what = "failed"
        }
        return "\(what) — exit status \(r.exitStatus)"
    }

    static func render(_ cell: ReportCell, number: Int) -> String {
        let title = cell.title.isEmpty ? "Cell \(number)" : cell.title
        var h = "<section class=\"cell \(cell.status.rawValue)\" id=\"cell-\(number)\">\n"
        h += "<div class=\"cell-head\"><span class=\"cell-index\">[\(number)]</span><h2>\(HTML.escape(title))</h2>"
        if let s = cell.seconds { h += "<span class=\"cell-time\">\(volatile(ReportFormat.duration(s), "time"))</span>" }
        h += "</div>\n"
        h += "<pre class=\"source\"><code>\(highlighted(cell.source))</code></pre>\n"
        h += "<div class=\"outputs\">\(outputs(cell.items))</div>\n"
        if let e = cell.error { h += "<pre class=\"error\">\(HTML.escape(e))</pre>\n" }
        if cell.status == .notRun { h += "<p class=\"not-run-note\">not run</p>\n" }
        return h + "</section>\n"
    }

    static func highlighted(_ spans: [SourceSpan]) -> String {
        var h = ""
        for s in spans {
            if let c = s.kind.cssClass { h += "<span class=\"\(c)\">\(HTML.escape(s.text))</span>" } else { h += HTML.escape(s.text) }
        }
        return h
    }

    /// Consecutive text and timing items share one `<pre>`, as a terminal would show them.
    static func outputs(_ items: [ReportItem]) -> String {
        var h = "", text = ""
        func flush() {
            if !text.isEmpty { h += "<pre class=\"out-text\">\(text)</pre>"; text = "" }
        }
        for item in items {
            switch item {
            case .text(let s): text += HTML.escape(s)
            case .timing(let s): text += volatile(s, "time")
            case .image(let mime, let data, let alt):
                flush()
                h += image(mime: mime, data: data, alt: alt)
            case .html(let markup):
                flush()
                h += frame(markup)
            }
        }
        flush()
        return h
    }

    static func image(mime: String, data: [UInt8], alt: String) -> String {
        let type = mime.lowercased()
        guard embeddableImages.contains(type) else {
            return "<p class=\"out-missing\">[\(HTML.escape(mime)) output, \(data.count) bytes, not shown]</p>"
        }
        let uri = "data:\(type);base64,\(Data(data).base64EncodedString())"
        let caption = alt.isEmpty ? "" : "<figcaption>\(HTML.escape(alt))</figcaption>"
        return "<figure class=\"out-image\"><img src=\"\(uri)\" alt=\"\(HTML.escape(alt))\">\(caption)</figure>"
    }

    /// Builtin HTML (a table) in a sandboxed frame: its markup cannot break the report's
    /// structure or run scripts, and it inherits the report's no-network policy. Frames do
    /// not size themselves to their content without a script, so the height is estimated
    /// from the rows and lines the markup has.
    static func frame(_ markup: String) -> String {
        let lower = markup.lowercased()
        let rows = ["<tr", "<li", "<br", "<p", "<h", "<div", "\n"].reduce(0) { $0 + lower.components(separatedBy: $1).count - 1 }
        let height = min(40, max(3, rows + 2)) * 22
        return "<iframe class=\"out-html\" sandbox=\"\" title=\"HTML output\" height=\"\(height)\" srcdoc=\"\(HTML.escape(markup))\"></iframe>"
    }

    static func volatile(_ text: String, _ kind: String) -> String {
        "<span class=\"\(volatileClass) \(kind)\">\(HTML.escape(text))</span>"
    }

    /// The document with every volatile span removed: equal for two runs of the same
    /// deterministic script.
    public static func removingVolatile(_ html: String) -> String {
        var out = "", rest = Substring(html)
        let open = "<span class=\"\(volatileClass)"
        while let start = rest.range(of: open) {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "</span>") else { rest = rest[start.lowerBound...]; break }
            rest = rest[end.upperBound...]
        }
        return out + rest
    }
}
