#include "CNifti.h"
