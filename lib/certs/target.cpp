// lib/certs/target.cpp — NAME|FILE resolution (see target.h).
#include "lib/certs/target.h"

#include "lib/core/name.h"

namespace certctl::certs {

bool is_stored_target(Inventory* inventory, const std::string& target) {
    if (inventory == nullptr || target.find('/') != std::string::npos || !core::is_valid_name(target)) {
        return false;
    }
    return inventory->exists(target);
}

}  // namespace certctl::certs
