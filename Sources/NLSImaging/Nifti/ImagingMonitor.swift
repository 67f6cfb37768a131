/// Watches long imaging work from outside: a stop request (Ctrl-C in the language) ends a
/// NIfTI read between two 4 MiB chunks with `CancellationError` (nothing partial is
/// returned), and progress is reported in whole volumes read.
public struct ImagingMonitor {
    public var shouldStop: () -> Bool
    /// (volumes read, volumes in the file), called when a volume completes.
    public var progress: ((_ done: Int, _ total: Int) -> Void)?

    public init(shouldStop: @escaping () -> Bool = { false }, progress: ((_ done: Int, _ total: Int) -> Void)? = nil) {
        self.shouldStop = shouldStop; self.progress = progress
    }

    /// What reads use unless given another monitor. The language sets its Ctrl-C flag here
    /// once, so every load (load_img, a path given to a masker, …) can be interrupted.
    nonisolated(unsafe) public static var standard = ImagingMonitor()

    /// The standard monitor's stop check with this progress.
    public static func reporting(_ progress: ((_ done: Int, _ total: Int) -> Void)?) -> ImagingMonitor {
        ImagingMonitor(shouldStop: standard.shouldStop, progress: progress)
    }

    public func checkStop() throws { if shouldStop() { throw CancellationError() } }
}
