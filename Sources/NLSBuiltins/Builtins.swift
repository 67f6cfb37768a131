import NLS
import NLSCompute
import NLSImaging

/// The one place where libraries are bound into the language.
public enum Builtins {
    /// A registry with every builtin of nls. Builtins read settings and output from
    /// the call context the interpreter gives them, so one registry can serve any session.
    public static func makeRegistry() -> BuiltinRegistry {
        let r = BuiltinRegistry()
        // Lists and strings of the language share the arrays' memory budget.
        MemoryLimit.check = { bytes, what in try MemoryBudget.check(bytes: bytes, what()) }
        // Ctrl-C stops NIfTI reads between chunks (the interpreter turns it into an interrupt).
        ImagingMonitor.standard = ImagingMonitor(shouldStop: { Interrupt.requested })
        CoreSettings.register(r)
        CoreBuiltins.register(r)
        ClusterBuiltins.register(r)
        Paths.register(r)
        ArrayMethods.register(r)
        ArrayOperators.register(r)
        ArraySubscript.register(r)
        ArrayScalars.register(r)
        ArrayFunctions.register(r)
        TableBuiltins.register(r)
        ImageBuiltins.register(r)
        MaskingBuiltins.register(r)
        EstimatorBuiltins.register(r)
        DecompositionBuiltins.register(r)
        CanICABuiltins.register(r)
        CacheBuiltins.register(r)
        ModelSelectionBuiltins.register(r)
        SearchLightBuiltins.register(r)
        DatasetBuiltins.register(r)
        FetcherBuiltins.register(r)
        DeviceBuiltins.register(r)
        BrainPlotBuiltins.register(r)
        ChartBuiltins.register(r)
        r.refineSetting("seed", validate: { $0 }, didChange: { v in if case .int(let s) = v { Random.seed(s) } })
        return r
    }

    /// A session with all builtins and the prelude loaded.
    public static func makeSession(loadPrelude: Bool = true) -> Session {
        let session = Session(registry: makeRegistry())
        // DEPRECATED global, read only by Learn/ until it uses `Args.context`.
        if case .int(let s) = session.setting("seed") { Random.seed(s) }
        if loadPrelude { session.loadPrelude() }
        return session
    }
}
