// See include/nls_clblast_programs.h.
//
// CLBlast 1.5 keeps each routine's compiled program in a process-wide "binary cache", keyed by
// platform, precision, a string naming the routine and the tuned parameters of its kernels,
// and the device's name. The cache, RetrieveParameters and GetDeviceName are exported from
// libclblast but not declared in its installed headers, so their declarations are repeated
// here — only member functions are called, never the class layouts. The key's shape and each
// routine's kernel list are CLBlast 1.5's (src/routine.cpp, src/routines/level3/); another
// version compiles the stubs below, and nls then simply compiles CLBlast's kernels per
// process as before. CLBlastProgramCacheTests checks the key against the library at run time.
#include "nls_clblast_programs.h"
#include <clblast.h>
#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#if CLBLAST_VERSION_MAJOR == 1 && CLBLAST_VERSION_MINOR == 5
namespace clblast {
template <typename Key, typename Value>
class Cache {
   public:
    template <typename U>
    Value Get(const U &key, bool *in_cache) const;
    void Store(Key &&key, Value &&value);
    static Cache<Key, Value> &Instance();
};
// CLBlast's Device wraps a bare cl_device_id.
class Device {
   public:
    explicit Device(cl_device_id device) : device_(device) {}

   private:
    cl_device_id device_;
};
std::string GetDeviceName(const Device &device);
StatusCode RetrieveParameters(const cl_device_id device, const std::string &kernel_name, const Precision precision,
                              std::unordered_map<std::string, size_t> &parameters);
using BinaryKey = std::tuple<cl_platform_id, Precision, std::string, std::string>;
using BinaryKeyRef = std::tuple<const cl_platform_id &, const Precision &, const std::string &, const std::string &>;
using BinaryCache = Cache<BinaryKey, std::string>;
}  // namespace clblast

namespace {
struct Identity {
    cl_platform_id platform;
    clblast::Precision precision;
    std::string routine;  // the routine with its kernels' parameters
    std::string device;
};

// The kernels whose parameters make up each routine's program (CLBlast 1.5's Xgemm, Xsyrk).
const std::vector<std::string> *kernels(const std::string &routine) {
    static const std::vector<std::string> gemm = {"Copy", "Pad", "Transpose", "Padtranspose", "Xgemm", "XgemmDirect", "GemmRoutine"};
    static const std::vector<std::string> syrk = {"Copy", "Pad", "Transpose", "Padtranspose", "Xgemm"};
    if (routine == "GEMM") return &gemm;
    if (routine == "SYRK") return &syrk;
    return nullptr;
}

int identify(cl_device_id device, const char *routine, int double_precision, Identity &id) {
    const std::string name(routine);
    const auto *names = kernels(name);
    if (names == nullptr) return -9998;
    id.precision = double_precision ? clblast::Precision::kDouble : clblast::Precision::kSingle;
    if (clGetDeviceInfo(device, CL_DEVICE_PLATFORM, sizeof id.platform, &id.platform, nullptr) != CL_SUCCESS) return -33;
    id.routine = name;
    for (const auto &kernel : *names) {
        std::unordered_map<std::string, size_t> unordered;
        const auto st = clblast::RetrieveParameters(device, kernel, id.precision, unordered);
        if (st != clblast::StatusCode::kSuccess) return static_cast<int>(st);
        // CLBlast lists a kernel's parameters by name: "_" and each value in that order.
        const std::map<std::string, size_t> ordered(unordered.begin(), unordered.end());
        id.routine += "_" + kernel;
        for (const auto &p : ordered) id.routine += "_" + std::to_string(p.second);
    }
    id.device = clblast::GetDeviceName(clblast::Device(device));
    return 0;
}
}  // namespace

extern "C" int nls_clblast_programs_supported(void) { return 1; }

extern "C" int nls_clblast_program_key(cl_device_id device, const char *routine, int double_precision, char *out,
                                       size_t out_size) {
    try {
        Identity id;
        if (const int st = identify(device, routine, double_precision, id)) return st;
        const std::string text = "CLBlast " + std::to_string(CLBLAST_VERSION_MAJOR) + "." + std::to_string(CLBLAST_VERSION_MINOR) +
                                 "." + std::to_string(CLBLAST_VERSION_PATCH) + " " + id.routine + " on " + id.device;
        if (text.size() + 1 > out_size) return -9999;
        std::memcpy(out, text.c_str(), text.size() + 1);
        return 0;
    } catch (...) {
        return -2040;
    }
}

extern "C" int nls_clblast_program_binary(cl_device_id device, const char *routine, int double_precision,
                                          unsigned char *out, size_t capacity, size_t *size) {
    try {
        *size = 0;
        Identity id;
        if (const int st = identify(device, routine, double_precision, id)) return st;
        bool found = false;
        const std::string bytes = clblast::BinaryCache::Instance().Get(
            clblast::BinaryKeyRef{id.platform, id.precision, id.routine, id.device}, &found);
        if (!found) return 0;
        *size = bytes.size();
        if (out != nullptr && bytes.size() <= capacity) std::memcpy(out, bytes.data(), bytes.size());
        return 0;
    } catch (...) {
        return -2040;
    }
}

extern "C" int nls_clblast_program_restore(cl_device_id device, const char *routine, int double_precision,
                                           const unsigned char *bytes, size_t size) {
    try {
        Identity id;
        if (const int st = identify(device, routine, double_precision, id)) return st;
        clblast::BinaryCache::Instance().Store(
            clblast::BinaryKey{id.platform, id.precision, id.routine, id.device},
            std::string(reinterpret_cast<const char *>(bytes), size));
        return 0;
    } catch (...) {
        return -2040;
    }
}

#else  // another CLBlast: its program store is not reached; kernels compile per process.
extern "C" int nls_clblast_programs_supported(void) { return 0; }
extern "C" int nls_clblast_program_key(cl_device_id, const char *, int, char *, size_t) { return -1; }
extern "C" int nls_clblast_program_binary(cl_device_id, const char *, int, unsigned char *, size_t, size_t *size) {
    *size = 0;
    return -1;
}
extern "C" int nls_clblast_program_restore(cl_device_id, const char *, int, const unsigned char *, size_t) { return -1; }
#endif
