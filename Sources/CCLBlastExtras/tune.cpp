// See include/nls_clblast_tune.h.
#include "nls_clblast_tune.h"
#include <clblast.h>
#include <cstring>
#include <exception>
#include <string>
#include <unordered_map>

namespace {
template <typename T>
clblast::StatusCode run(cl_command_queue *queue, const std::string &kernel, size_t m, size_t n, size_t k,
                        double fraction, std::unordered_map<std::string, size_t> &params) {
    if (kernel == "Xgemm") return clblast::TuneXgemm<T>(queue, m, n, k, fraction, params);
    if (kernel == "XgemmDirect") return clblast::TuneXgemmDirect<T>(queue, m, n, k, fraction, params);
    return static_cast<clblast::StatusCode>(-9998);
}
}  // namespace

extern "C" int nls_clblast_tune(cl_command_queue queue, const char *kernel, int double_precision,
                                size_t m, size_t n, size_t k, double fraction, char *out, size_t out_size) {
    try {
        std::unordered_map<std::string, size_t> params;
        cl_command_queue q = queue;
        const std::string name(kernel);
        const clblast::StatusCode st = double_precision ? run<double>(&q, name, m, n, k, fraction, params)
                                                        : run<float>(&q, name, m, n, k, fraction, params);
        if (st != clblast::StatusCode::kSuccess) return static_cast<int>(st);
        std::string text;
        for (const auto &p : params) {
            if (!text.empty()) text += ' ';
            text += p.first + "=" + std::to_string(p.second);
        }
        if (text.size() + 1 > out_size) return -9999;
        std::memcpy(out, text.c_str(), text.size() + 1);
        return 0;
    } catch (const std::exception &e) {
        // CLBlastUnknownError, with the exception's text in `out` for the message.
        if (out_size > 0) { std::strncpy(out, e.what(), out_size - 1); out[out_size - 1] = 0; }
        return -2040;
    } catch (...) {
        if (out_size > 0) out[0] = 0;
        return -2040;
    }
}
