// lib/core/error_json.cpp — the error object of the command contract.
#include "lib/core/error_json.h"

namespace certctl::core {

nlohmann::json error_json(const Error& e) {
    return {{"error",
             {{"code", errc_name(e.code())}, {"message", e.what()}, {"subject", e.subject()}, {"hint", e.hint()}}}};
}

}  // namespace certctl::core
