/* MPI message costs between ranks 0 and 1: half the round-trip time of a ping-pong for
 * message sizes 1 B .. 64 MiB (latency: the small sizes; bandwidth: size / one-way time
 * of the large ones), and the time of one MPI_Allgatherv of the sizes nls exchanges.
 * Built and run by bench/mpi_costs.sh. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int maxBytes = 64 << 20;
    char *buf = malloc(maxBytes);
    for (int i = 0; i < maxBytes; i++) buf[i] = (char)i;
    if (rank == 0) printf("# bytes  one_way_us  MB_per_s   (ping-pong rank 0 <-> 1)\n");
    for (int bytes = 1; bytes <= maxBytes; bytes *= 4) {
        /* Enough round trips for ~0.2 s at the expected cost; a few warm-ups first. */
        int reps = bytes < 65536 ? 2000 : (bytes < (4 << 20) ? 100 : 10);
        double t0 = 0;
        for (int r = -5; r < reps; r++) {
            if (r == 0) { MPI_Barrier(MPI_COMM_WORLD); t0 = MPI_Wtime(); }
            if (rank == 0) {
                MPI_Send(buf, bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
                MPI_Recv(buf, bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                MPI_Recv(buf, bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(buf, bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
            }
        }
        double oneWay = (MPI_Wtime() - t0) / reps / 2;
        if (rank == 0) printf("%9d  %10.2f  %9.1f\n", bytes, oneWay * 1e6, bytes / oneWay / 1e6);
    }
    /* The exchange nls makes per library run: MPI_Allgatherv of each rank's share. */
    int *counts = malloc(size * sizeof(int)), *displs = malloc(size * sizeof(int));
    char *all = malloc((size_t)maxBytes);
    if (rank == 0) printf("# total_bytes  allgatherv_us   (%d ranks)\n", size);
    for (int total = 1024; total <= maxBytes; total *= 16) {
        for (int r = 0; r < size; r++) { counts[r] = total / size; displs[r] = r * (total / size); }
        int reps = total < (1 << 20) ? 500 : 10;
        double t0 = 0;
        for (int r = -3; r < reps; r++) {
            if (r == 0) { MPI_Barrier(MPI_COMM_WORLD); t0 = MPI_Wtime(); }
            MPI_Allgatherv(buf, counts[rank], MPI_BYTE, all, counts, displs, MPI_BYTE, MPI_COMM_WORLD);
        }
        double t = (MPI_Wtime() - t0) / reps;
        if (rank == 0) printf("%13d  %12.1f\n", total, t * 1e6);
    }
    free(buf); free(all); free(counts); free(displs);
    MPI_Finalize();
    return 0;
}
