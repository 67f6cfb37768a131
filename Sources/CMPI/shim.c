#include "CMPI.h"
#include <dlfcn.h>
#include <stdio.h>

/* Open MPI's ABI (4.x and 5.x, soname libmpi.so.40): MPI_Comm and MPI_Datatype are
 * pointers, MPI_COMM_WORLD is &ompi_mpi_comm_world, MPI_BYTE is &ompi_mpi_byte,
 * MPI_THREAD_SERIALIZED is 2, MPI_SUCCESS is 0. */
typedef void *Handle;
enum { THREAD_SERIALIZED = 2 };

static char error_text[512];
static void *lib;
static Handle comm_world, byte_type;
static int (*p_init_thread)(int *, char ***, int, int *);
static int (*p_comm_rank)(Handle, int *);
static int (*p_comm_size)(Handle, int *);
static int (*p_allgather)(const void *, int, Handle, void *, int, Handle, Handle);
static int (*p_allgatherv)(const void *, int, Handle, void *, const int *, const int *, Handle, Handle);
static int (*p_barrier)(Handle);
static int (*p_abort)(Handle, int);
static int (*p_finalize)(void);

const char *nls_mpi_error(void) { return error_text; }

static void *sym(const char *name, int *missing) {
    void *p = dlsym(lib, name);
    if (!p && !*missing) {
        snprintf(error_text, sizeof error_text, "libmpi.so.40 has no symbol %s (Open MPI 4 or 5 is needed)", name);
        *missing = 1;
    }
    return p;
}

int nls_mpi_load(void) {
    if (lib) return 0;
    /* RTLD_GLOBAL: Open MPI's own plugins (mca_*.so) resolve libmpi's symbols. */
    lib = dlopen("libmpi.so.40", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        snprintf(error_text, sizeof error_text, "started by mpirun but Open MPI's libmpi.so.40 cannot be loaded: %s", dlerror());
        return 1;
    }
    int missing = 0;
    comm_world = sym("ompi_mpi_comm_world", &missing);
    byte_type = sym("ompi_mpi_byte", &missing);
    *(void **)&p_init_thread = sym("MPI_Init_thread", &missing);
    *(void **)&p_comm_rank = sym("MPI_Comm_rank", &missing);
    *(void **)&p_comm_size = sym("MPI_Comm_size", &missing);
    *(void **)&p_allgather = sym("MPI_Allgather", &missing);
    *(void **)&p_allgatherv = sym("MPI_Allgatherv", &missing);
    *(void **)&p_barrier = sym("MPI_Barrier", &missing);
    *(void **)&p_abort = sym("MPI_Abort", &missing);
    *(void **)&p_finalize = sym("MPI_Finalize", &missing);
    return missing;
}

static int check(int rc, const char *what) {
    if (rc != 0) snprintf(error_text, sizeof error_text, "%s failed (MPI error %d)", what, rc);
    return rc;
}

int nls_mpi_init(int *rank, int *size) {
    int provided = 0;
    if (check(p_init_thread(NULL, NULL, THREAD_SERIALIZED, &provided), "MPI_Init_thread")) return 1;
    if (provided < THREAD_SERIALIZED) {
        snprintf(error_text, sizeof error_text, "this MPI gives thread level %d; nls needs MPI_THREAD_SERIALIZED", provided);
        return 1;
    }
    if (check(p_comm_rank(comm_world, rank), "MPI_Comm_rank")) return 1;
    return check(p_comm_size(comm_world, size), "MPI_Comm_size");
}

int nls_mpi_allgather_bytes(const void *in, int n, void *out) {
    return check(p_allgather(in, n, byte_type, out, n, byte_type, comm_world), "MPI_Allgather");
}

int nls_mpi_allgatherv_bytes(const void *in, int n, void *out, const int *counts, const int *displs) {
    return check(p_allgatherv(in, n, byte_type, out, counts, displs, byte_type, comm_world), "MPI_Allgatherv");
}

int nls_mpi_barrier(void) { return check(p_barrier(comm_world), "MPI_Barrier"); }

void nls_mpi_abort(int code) { p_abort(comm_world, code); }

int nls_mpi_finalize(void) { return check(p_finalize(), "MPI_Finalize"); }
