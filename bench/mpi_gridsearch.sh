#!/bin/sh
# GridSearch (bench/mpi_gridsearch.nls) wall time on 1 and 2 MPI ranks of this machine (one
# thread per rank), and one process on 2 threads for comparison. Usage:
# bench/mpi_gridsearch.sh [path/to/nls] (build first: swift build -c release). The printed
# best alpha and score must be the same on every line.
set -e
cd "$(dirname "$0")/.."
NLS=${1:-.build/release/nls}
# One core per rank: OpenBLAS would otherwise start a thread per core in every rank.
export OPENBLAS_NUM_THREADS=1
MPI="mpirun --allow-run-as-root --oversubscribe -x OPENBLAS_NUM_THREADS"
# Each rank's CPU time too: on a shared machine it shows the split when the wall time cannot.
RANKTIME="/usr/bin/time -f rank_cpu_s=%U"
echo "1 process, 1 thread:";  /usr/bin/time -f "  wall %e s" "$NLS" run bench/mpi_gridsearch.nls 1
echo "1 process, 2 threads:"; /usr/bin/time -f "  wall %e s" "$NLS" run bench/mpi_gridsearch.nls 2
echo "mpirun -np 1:";         /usr/bin/time -f "  wall %e s" $MPI -np 1 $RANKTIME "$NLS" run bench/mpi_gridsearch.nls 1
echo "mpirun -np 2:";         /usr/bin/time -f "  wall %e s" $MPI -np 2 $RANKTIME "$NLS" run bench/mpi_gridsearch.nls 1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
