/* nifti2_io.h includes <znzlib.h>, which Debian installs under nifti/. */
#include <nifti/znzlib.h>
