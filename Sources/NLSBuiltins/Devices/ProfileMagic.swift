import Foundation
import NLS
import NLSCompute

/// `%prun STATEMENT` / `%%prun`: runs once and prints where a fit's time went — the phases
/// estimators mark and the compute backend's operations (host BLAS and decompositions,
/// uploads and downloads with bytes, device kernels, program builds, waits for the
/// device). IPython's name; the profile is of the compute, not of Python functions.
enum ProfileMagic {
    static func register(_ r: BuiltinRegistry) {
        r.magic("prun", doc: "%prun STATEMENT / %%prun: run once and print the compute profile (phases, BLAS, decompositions, transfers, kernels, waits).",
                takesStatement: true, cellMagic: true) { m in
            guard m.body != nil else { return }
            _ = try MagicOptions(m.args, magic: "prun")
            let profile = ComputeProfile()
            let t0 = Date()
            // Printed even when the statement fails, as %time does.
            defer {
                let wall = Date().timeIntervalSince(t0)
                let text = profile.report(wall: wall, setting: m.session.setting("device").display)
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) { m.output.timingLine(String(line)) }
            }
            try ComputeProfile.recording(profile) { try m.runBody() }
        }
    }
}
