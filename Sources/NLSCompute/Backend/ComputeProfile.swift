import Foundation
import Synchronization

/// What a fit spends its time on, recorded while a profile is active (`%prun`): the phases
/// an estimator marks (`phase`), and every backend operation — host BLAS and
/// decompositions, uploads and downloads (bytes, seconds), device kernels and device BLAS
/// (count, device seconds from OpenCL event profiling), program builds and host
/// synchronisations. One profile is active per process at a time; recording is
/// thread-safe, and when no profile is active each hook costs one atomic load.
public final class ComputeProfile: @unchecked Sendable {
    /// Kinds of backend operations, in the order a report lists them.
    public enum Operation: String, CaseIterable, Sendable {
        case hostBLAS = "host BLAS (gemm, syrk)"
        case hostDecomposition = "host decompositions (svd, eigh, qr, lu, solve)"
        case upload = "uploads host → device"
        case download = "downloads device → host"
        case deviceBLAS = "device BLAS (CLBlast gemm, syrk)"
        /// Host time inside CLBlast's calls: argument checks, temporary buffers, and the
        /// compilation of its kernels on a routine's first use in a process.
        case deviceBLASHost = "CLBlast host time (first use compiles)"
        case kernel = "device kernels (nls programs)"
        case programBuild = "program builds"
        case synchronisation = "host waits for the device"
    }

    /// Count, seconds, bytes and floating-point operations of one phase or operation.
    public struct Tally: Sendable, Equatable {
        public var count = 0
        public var seconds = 0.0
        public var bytes = 0
        public var flops = 0.0
        public init() {}
        mutating func add(seconds s: Double, bytes b: Int, flops f: Double) {
            count += 1; seconds += s; bytes += b; flops += f
        }
    }

    private let lock = NSLock()
    private var phaseOrder: [String] = []
    private var phaseTallies: [String: Tally] = [:]
    private var operationTallies: [Operation: Tally] = [:]
    private var finishers: [ObjectIdentifier: () -> Void] = [:]
    private var deviceNames: [String] = []
    public let started = Date()

    public init() {}

    // MARK: the active profile

    private static let enabled = Atomic<Bool>(false)
    private static let activeLock = NSLock()
    nonisolated(unsafe) private static var activeProfile: ComputeProfile?

    /// The profile being recorded, if any.
    public static var active: ComputeProfile? {
        guard enabled.load(ordering: .relaxed) else { return nil }
        activeLock.lock(); defer { activeLock.unlock() }
        return activeProfile
    }

    /// Runs `body` with `profile` recording; nested calls keep the outer profile. The
    /// device time of work still queued when `body` ends is collected before returning.
    @discardableResult
    public static func recording<T>(_ profile: ComputeProfile, _ body: () throws -> T) rethrows -> T {
        activeLock.lock()
        let outer = activeProfile
        if outer == nil { activeProfile = profile; enabled.store(true, ordering: .relaxed) }
        activeLock.unlock()
        defer {
            if outer == nil {
                profile.finish()
                activeLock.lock()
                activeProfile = nil; enabled.store(false, ordering: .relaxed)
                activeLock.unlock()
            }
        }
        return try body()
    }

    // MARK: recording

    /// Times `body` as phase `name` of the active profile (nothing recorded without one).
    /// Phases run on several threads add up their seconds.
    @discardableResult
    public static func phase<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard let p = active else { return try body() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { p.addPhase(name, seconds: Self.seconds(since: t0)) }
        return try body()
    }

    /// Times `body` as one `operation` (host work: BLAS, decompositions, waits).
    @discardableResult
    public static func measure<T>(_ operation: Operation, bytes: Int = 0, flops: Double = 0,
                                  _ body: () throws -> T) rethrows -> T {
        guard let p = active else { return try body() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { p.add(operation, seconds: Self.seconds(since: t0), bytes: bytes, flops: flops) }
        return try body()
    }

    public func add(_ operation: Operation, seconds: Double, bytes: Int = 0, flops: Double = 0) {
        lock.lock(); defer { lock.unlock() }
        operationTallies[operation, default: Tally()].add(seconds: seconds, bytes: bytes, flops: flops)
    }

    public func addPhase(_ name: String, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        if phaseTallies[name] == nil { phaseOrder.append(name) }
        phaseTallies[name, default: Tally()].add(seconds: seconds, bytes: 0, flops: 0)
    }

    /// Notes a device that did work (listed in the report's header).
    public func noteDevice(_ name: String) {
        lock.lock(); defer { lock.unlock() }
        if !deviceNames.contains(name) { deviceNames.append(name) }
    }

    /// Devices other than the host that did work, in first-use order.
    public var devices: [String] {
        lock.lock(); defer { lock.unlock() }
        return deviceNames
    }

    /// Registers work to run when recording ends (a device collecting the timings of its
    /// queued events); one per `owner`.
    public func onFinish(_ owner: AnyObject, _ body: @escaping () -> Void) {
        lock.lock(); defer { lock.unlock() }
        finishers[ObjectIdentifier(owner)] = body
    }

    func finish() {
        lock.lock()
        let work = Array(finishers.values)
        finishers = [:]
        lock.unlock()
        for f in work { f() }
    }

    // MARK: reading

    public var phases: [(name: String, tally: Tally)] {
        lock.lock(); defer { lock.unlock() }
        return phaseOrder.map { ($0, phaseTallies[$0]!) }
    }

    public func tally(_ operation: Operation) -> Tally {
        lock.lock(); defer { lock.unlock() }
        return operationTallies[operation] ?? Tally()
    }

    static func seconds(since t0: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds &- t0) * 1e-9
    }
}
