// C entry points to CLBlast's C++ tuning API (clblast::TuneXgemm and friends), which its C
// header does not offer. Swift calls these; the parameters come back as text.
#ifndef NLS_CLBLAST_TUNE_H
#define NLS_CLBLAST_TUNE_H
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Tunes CLBlast's `kernel` ("Xgemm" or "XgemmDirect") for m×n×k products in float32
// (double_precision 0) or float64 (1) on `queue`'s device, trying `fraction` (0, 1] of the
// search space. On success writes "NAME=VALUE NAME=VALUE ..." (NUL-terminated) into `out`
// and returns 0; otherwise returns CLBlast's status code (negative), or -9999 when `out`
// is too small, or -9998 for an unknown kernel; on -2040 (an exception inside CLBlast) `out`
// holds its text. Never throws across the C boundary.
int nls_clblast_tune(cl_command_queue queue, const char *kernel, int double_precision,
                     size_t m, size_t n, size_t k, double fraction, char *out, size_t out_size);

#ifdef __cplusplus
}
#endif
#endif
