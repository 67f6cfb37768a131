import NLSCompute

/// An estimator whose targets are fitted independently (Ridge: one penalised least-squares
/// problem per column of y) can fit them in batches on an executor: GridSearch's refit is
/// then split over threads, or over the ranks of an MPI job, instead of repeated whole on
/// each. The batches do not depend on the executor, so every executor gives the same model.
public protocol TargetBatchFitting: Predictor {
    func fit(_ x: NDArray, _ y: NDArray, executor: Executor) throws
}
