// NLSCompute overview (kept as a comment: a .md file here would be an unhandled SwiftPM resource).
//
// # NLSCompute — arrays, tables, linear algebra
//
// Plain Swift, numpy semantics, no language dependency. Every user-facing operation that
// can fail `throws ComputeError` with a numpy-like message; nothing traps on user input.
//
// | File | What |
// |---|---|
// | Array/NDArray.swift | `NDArray` (row-major `ContiguousArray<Double>` + `DType` tag), `DType` |
// | Array/DTypeRules.swift | promotion (`DType.promote`, NEP 50 weak scalars), `DType.cast`, `DType.parse` |
// | Array/NDArrayExtras.swift | validating inits, `astype`, `item`, `value(at:)`, `shapeDescription` |
// | Array/Storage.swift | uninitialised, huge-page-advised buffers for hot paths |
// | Array/Broadcasting.swift | `BinaryOp`, `NDArray.binary`, operators `+ - * /` (array/Double/Int), `.== .!= .< .<= .> .>=`, `pow`, logical and/or/not, `+=`/`-=` (daxpy) |
// | Array/Indexing.swift | `IndexSpec` (`.at`, `.range`, `.all`, `.list`, `.mask`), `get(_:)`, `set(_:_:)`, `take`, `column`, `flatnonzero` |
// | Array/ShapeOps.swift | `reshape` (-1), `ravel`/`flatten`, `T`, `transpose(axes)`, `swapaxes`, `expandDims`, `squeeze`, `concatenate`, `stack`, `vstack`, `hstack` |
// | Array/Reductions.swift | `sum mean variance/var std min max argmin argmax prod any all cumsum` (axis: Int? , keepdims); numpy pairwise summation |
// | Array/OrderStatistics.swift | `sort(axis:)`, `median`, `percentile`, `quantile` (numpy linear method) |
// | Array/ElementwiseMath.swift | `abs sqrt exp log log2 log10 log1p expm1 sin cos tanh square sign floor ceil round(decimals:) isnan isfinite isinf clip`, `NDArray.where`, `minimum`, `maximum`, `allclose`, `sorted`, `argsort`, `unique` |
// | Array/Creation.swift | `zeros ones full zerosLike onesLike eye identity arange linspace logspace diag` |
// | Array/Random.swift | `RandomState` (xoshiro256**, SplitMix64 seeding, Box–Muller, thread-safe) and global `Random` |
// | Array/Statistics.swift | `NDArray.cov`, `corrcoef`, `pearson`, `zscore(axis:ddof:)` |
// | Array/Format.swift | `ArrayFormat.repr/str` — numpy 2 printing; `description` = repr, `printString` = str |
// | Array/BLASHelpers.swift | `dot` (ddot), internal `axpy` |
// | Linalg/Matmul.swift | `NDArray.matmul` (numpy `@` for 1-D/2-D) via `ComputeBackend.gemm` |
// | Linalg/Linalg.swift | `Linalg.svd eigh solve lstsq pinv inv det norm` (backend parameter, default CPU) |
// | Table/Table.swift | `Table`, `TableColumn`, `LabelEncoding` |
// | Table/CSV.swift | `CSV.read/parse/format/write`, `Table.read/write` (`.tsv` → tab delimiter) |
// | Backend/* | `ComputeBackend` (+ `lstsq`, with a portable SVD default), `CPUBackend` (gelsd), `Devices` |
//
// Conventions: reductions with `axis: nil` return a 0-d array (`item()` gives the Double);
// integer results (argmax, integers, permutation, label codes) are `int64` arrays; comparisons
// give `bool` arrays. bool+bool arithmetic counts (int64), unlike numpy's logical `+`.
