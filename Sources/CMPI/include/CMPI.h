#ifndef CMPI_H
#define CMPI_H
/* The few MPI calls nls makes, on Open MPI loaded at run time (dlopen of libmpi.so.40)
 * only when the process was started by mpirun: the binary and the portable bundle do not
 * link libmpi, so a plain `nls run` never touches MPI and a bundle runs where Open MPI is
 * not installed. No <mpi.h> is needed to build: the Open MPI ABI used here (handles are
 * pointers to exported objects such as ompi_mpi_comm_world) is declared in shim.c.
 * Every function returns 0 on success; on failure nls_mpi_error() says why. */
#include <stddef.h>

int nls_mpi_load(void);
const char *nls_mpi_error(void);
/* MPI_Init_thread(MPI_THREAD_SERIALIZED): MPI is called from the interpreter's thread,
 * which is not the process's main thread. */
int nls_mpi_init(int *rank, int *size);
/* Each rank contributes `n` bytes; `out` receives size × n bytes in rank order. */
int nls_mpi_allgather_bytes(const void *in, int n, void *out);
/* Each rank contributes counts[rank] bytes; `out` receives them at displs[r], in rank order. */
int nls_mpi_allgatherv_bytes(const void *in, int n, void *out, const int *counts, const int *displs);
int nls_mpi_barrier(void);
/* Ends every rank of the job (MPI_Abort on MPI_COMM_WORLD); does not return. */
void nls_mpi_abort(int code);
int nls_mpi_finalize(void);
#endif
