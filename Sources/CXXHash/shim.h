// Debian's libxxhash (libxxhash-dev): XXH3, the content hash of the disk cache.
#include <xxhash.h>
