import NLS
import NLSCluster

/// The MPI job as scripts see it: one process (rank 0 of 1) outside mpirun.
enum ClusterBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.function("rank", [], returns: .int,
                   doc: "This process's rank in an MPI job (`mpirun -np N nls run …`); 0 outside mpirun.") { _ in .int(Cluster.rank) }
        r.function("n_ranks", [], returns: .int,
                   doc: "Number of processes of the MPI job; 1 outside mpirun.") { _ in .int(Cluster.size) }
    }
}
