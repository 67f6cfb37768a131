#include <cblas.h>
#include <lapacke.h>
/* Debian's OpenBLAS exports these; declared here so Swift can bound thread counts. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
