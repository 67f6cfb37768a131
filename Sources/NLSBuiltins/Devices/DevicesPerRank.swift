import Foundation
import NLSCluster
import NLSCompute

/// `devices()` and `%device` in an MPI job of several ranks: each rank's own devices (or
/// `device` setting) gathered to every rank in rank order, so rank 0 — the one that
/// prints — reports every rank's, and every rank holds the same table. A collective, like
/// the library runs: every rank reaches it at the same point of the (same) script.
enum DevicesPerRank {
    /// One device as it travels between ranks (DeviceInfo's fields).
    struct Row {
        var rank: Int, host: String
        var id: String, platform: String, name: String, type: String
        var globalMemory: Int, maxAllocation: Int, computeUnits: Int, fp64: Bool
    }

    /// Every rank's devices; nil outside a job of several ranks.
    static func devices() throws -> [Row]? {
        var w = ByteWriter()
        let mine = Devices.available()
        w.put(Array(Cluster.hostName.utf8))
        w.put(mine.count)
        for d in mine {
            for s in [d.id, d.platform, d.name, d.type] { w.put(Array(s.utf8)) }
            for v in [d.globalMemory, d.maxAllocation, d.computeUnits, d.fp64 ? 1 : 0] { w.put(v) }
        }
        guard let parts = try Cluster.gatherFromAllRanks(w.bytes) else { return nil }
        var rows: [Row] = []
        for (rank, bytes) in parts.enumerated() {
            var r = ByteReader(bytes)
            let host = try r.string()
            for _ in 0..<(try r.count()) {
                rows.append(Row(rank: rank, host: host, id: try r.string(), platform: try r.string(), name: try r.string(),
                                type: try r.string(), globalMemory: try r.int(), maxAllocation: try r.int(),
                                computeUnits: try r.int(), fp64: try r.int() != 0))
            }
        }
        return rows
    }

    /// Lines "rank R (HOST): SETTING", one per rank; nil outside a job of several ranks.
    static func settingLines(_ setting: String) throws -> [String]? {
        var w = ByteWriter()
        w.put(Array(Cluster.hostName.utf8))
        w.put(Array(setting.utf8))
        guard let parts = try Cluster.gatherFromAllRanks(w.bytes) else { return nil }
        return try parts.enumerated().map { rank, bytes in
            var r = ByteReader(bytes)
            let host = try r.string()
            return "rank \(rank) (\(host)): \(try r.string())"
        }
    }
}

private extension ByteReader {
    mutating func string() throws -> String { String(decoding: try byteArray(), as: UTF8.self) }
}
