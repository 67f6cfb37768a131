import NLS

/// The one place where libraries are bound into the language.
public enum Builtins {
    /// A registry with every builtin of nls. `output` is where `print` writes.
    public static func makeRegistry(output: @escaping () -> Output = { .stdout }) -> BuiltinRegistry {
        let r = BuiltinRegistry()
        CoreSettings.register(r)
        CoreBuiltins.register(r, output: output)
        return r
    }

    /// A session with all builtins and the prelude loaded.
    public static func makeSession(loadPrelude: Bool = true) -> Session {
        var sessionRef: Session?
        let registry = makeRegistry(output: { sessionRef?.output ?? .stdout })
        let session = Session(registry: registry)
        sessionRef = session
        if loadPrelude { session.loadPrelude() }
        return session
    }
}
