#ifndef CNIFTI_H
#define CNIFTI_H
/* HAVE_ZLIB changes struct znzptr's layout: it must be set before nifti2_io.h. */
#define HAVE_ZLIB 1
#include <nifti/nifti2_io.h>
#endif
