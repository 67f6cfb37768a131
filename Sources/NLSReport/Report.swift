import Foundation

/// What a report shows: a script's cells with their output, and how the run went.
/// A neutral model, so the renderer knows nothing of the interpreter: the language side
/// (NLSBuiltins' `ReportRecorder`) fills it from cell events and the output channel.
public struct Report: Equatable {
    /// The script as it was named on the command line.
    public var scriptName: String
    public var nlsVersion: String
    /// The `device` setting and what it stands for ("cpu (OpenBLAS + LAPACKE, …)").
    public var device: String
    public var date: Date
    /// Wall time of the whole run.
    public var seconds: Double
    /// Text before the first cell that holds no statements (a header comment), shown above
    /// the cells; empty when there is none.
    public var preamble: [SourceSpan]
    public var cells: [ReportCell]
    /// A failure that belongs to no cell: check errors, when nothing ran.
    public var error: String?
    /// The process's exit status (as `nls run`: 0 ok, 1 run-time error, 2 check error, 130 interrupted).
    public var exitStatus: Int32

    public init(scriptName: String, nlsVersion: String, device: String, date: Date, seconds: Double,
                preamble: [SourceSpan] = [], cells: [ReportCell], error: String? = nil, exitStatus: Int32) {
        self.scriptName = scriptName; self.nlsVersion = nlsVersion; self.device = device
        self.date = date; self.seconds = seconds; self.preamble = preamble; self.cells = cells
        self.error = error; self.exitStatus = exitStatus
    }
}

/// One `# %%` cell: its source, what it printed, and how it ended.
public struct ReportCell: Equatable {
    public enum Status: String, Equatable {
        case ok, failed
        /// An earlier cell failed (or the script did not check), so this one never ran.
        case notRun = "not-run"
    }
    public var title: String
    public var source: [SourceSpan]
    public var items: [ReportItem]
    public var status: Status
    public var error: String?
    /// Wall time; nil for a cell that did not run.
    public var seconds: Double?

    public init(title: String, source: [SourceSpan], items: [ReportItem] = [], status: Status,
                error: String? = nil, seconds: Double? = nil) {
        self.title = title; self.source = source; self.items = items; self.status = status
        self.error = error; self.seconds = seconds
    }
}

/// One piece of a cell's output, as the language's rich output channel delivers it.
public enum ReportItem: Equatable {
    case text(String)
    /// Text that reports elapsed time (`%time`, `%timeit`): it differs between runs, so
    /// the report marks it as volatile.
    case timing(String)
    case image(mime: String, data: [UInt8], alt: String)
    /// Markup produced by a builtin (a table); shown in a sandboxed frame.
    case html(String)
}
