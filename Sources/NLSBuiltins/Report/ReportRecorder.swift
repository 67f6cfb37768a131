import Foundation
import NLS
import NLSCompute
import NLSReport

/// Records a script's run for a report: installs itself as the session's output sink
/// (passing every item on to the sink that was there, so the terminal still shows the
/// run) and as its cell observer, then builds the `Report` model from what it saw.
public final class ReportRecorder {
    let file: SourceFile
    let layout: ScriptCells
    let highlighter: SourceHighlighter
    let startDevice: String
    weak var session: Session?
    private let lock = NSLock()
    /// Output per cell index; before the first cell event (or without markers) cell 0.
    private var items: [[ReportItem]]
    private var current = 0
    private var finished: [Int: (seconds: Double, error: String?)] = [:]

    public init(file: SourceFile, session: Session) {
        self.file = file
        self.session = session
        layout = ScriptCells(file: file, statementMagics: session.registry.statementMagics)
        highlighter = SourceHighlighter(file: file, registry: session.registry)
        items = Array(repeating: [], count: layout.cells.count)
        startDevice = Self.deviceSetting(session)
        let echo = session.output
        session.output = Output { [weak self] item in
            echo.emit(item)
            self?.record(item)
        }
        session.cellObserver = { [weak self] event in self?.observe(event) }
    }

    private func record(_ item: OutputItem) {
        let r: ReportItem
        switch item {
        case .text(let s): r = .text(s)
        case .timing(let s): r = .timing(s)
        case .image(let mime, let data, let alt): r = .image(mime: mime, data: data, alt: alt)
        case .html(let h): r = .html(h)
        }
        lock.lock(); defer { lock.unlock() }
        if items.indices.contains(current) { items[current].append(r) }
    }

    private func observe(_ event: CellEvent) {
        lock.lock(); defer { lock.unlock() }
        switch event {
        case .started(let index, _, _): current = index
        case .finished(let index, let seconds, let error): finished[index] = (seconds, error)
        }
    }

    /// The report of the run that just ended with `error` (nil: it completed).
    public func report(scriptName: String, nlsVersion: String, date: Date, seconds: Double,
                       error: Error?, exitStatus: Int32) -> Report {
        lock.lock(); defer { lock.unlock() }
        var cells: [ReportCell] = []
        var failedCell = false
        let checkFailed = error is DiagnosticList
        for (i, c) in layout.cells.enumerated() {
            var cell = ReportCell(title: c.title, source: highlighter.spans(from: c.range.lowerBound, to: c.range.upperBound),
                                  items: items[i], status: .notRun)
            if let f = finished[i] {
                cell.seconds = f.seconds
                cell.status = f.error == nil ? .ok : .failed
                cell.error = f.error
            } else if !layout.hasMarkers && !checkFailed {
                // One implicit cell: the run is the cell.
                cell.seconds = seconds
                cell.status = error == nil ? .ok : .failed
                cell.error = error.map { "\($0)" }
            }
            failedCell = failedCell || cell.status == .failed
            cells.append(cell)
        }
        var reportError: String?
        if let list = error as? DiagnosticList {
            reportError = "\(list)\n\(list.items.count) error\(list.items.count == 1 ? "" : "s") found; nothing was run"
        } else if let e = error, !failedCell {
            reportError = "\(e)"   // failed outside every cell (e.g. hoisting a function)
        }
        let endDevice = session.map(Self.deviceSetting) ?? startDevice
        var device = Devices.describe(setting: startDevice)
        if endDevice != startDevice { device += "; set to \(Devices.describe(setting: endDevice)) during the run" }
        let preamble = layout.preamble.map { highlighter.spans(from: $0.lowerBound, to: $0.upperBound) } ?? []
        return Report(scriptName: scriptName, nlsVersion: nlsVersion, device: device, date: date, seconds: seconds,
                      preamble: preamble, cells: cells, error: reportError, exitStatus: exitStatus)
    }

    static func deviceSetting(_ s: Session) -> String {
        if case .str(let d) = s.setting("device") { return d }
        return "cpu"
    }
}
