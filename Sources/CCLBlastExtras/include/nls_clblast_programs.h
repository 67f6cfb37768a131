// C entry points to the compiled programs CLBlast keeps in memory for a process, so that nls
// can keep them on disk (CLBlast has no disk cache: every process compiled its kernels anew,
// seconds on a GPU driver). Only GEMM and SYRK are covered: the routines nls calls.
#ifndef NLS_CLBLAST_PROGRAMS_H
#define NLS_CLBLAST_PROGRAMS_H
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// 1 when this build can reach CLBlast's program store (it is CLBlast-version specific), else 0.
int nls_clblast_programs_supported(void);

// Writes CLBlast's version and its identity of `routine` ("GEMM" or "SYRK") in float32 (double_precision 0)
// or float64 (1) on `device` — the routine with the parameters of each of its kernels, as
// tuned now, and CLBlast's device name — NUL-terminated into `out`. Returns 0, -9999 when
// `out` is too small, -9998 for another routine, -1 when unsupported, or CLBlast's status.
int nls_clblast_program_key(cl_device_id device, const char *routine, int double_precision,
                            char *out, size_t out_size);

// The compiled program CLBlast holds for that routine, precision and device in this process:
// *size gets its length (0 when it has none); the bytes are copied into `out` when they fit
// in `capacity`. Returns 0, or a negative code as above.
int nls_clblast_program_binary(cl_device_id device, const char *routine, int double_precision,
                               unsigned char *out, size_t capacity, size_t *size);

// Gives CLBlast a compiled program for that routine, precision and device: its next call
// builds from these bytes instead of compiling the source. Returns 0 or a negative code.
int nls_clblast_program_restore(cl_device_id device, const char *routine, int double_precision,
                                const unsigned char *bytes, size_t size);

#ifdef __cplusplus
}
#endif
#endif
