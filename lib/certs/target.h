// lib/certs/target.h — the one rule for a NAME|FILE argument (check, cert verify).
#pragma once
#include "lib/certs/inventory.h"

#include <string>

namespace certctl::certs {

// Whether `target` means the stored certificate of that name rather than a file:
//   - a target with a '/' is always a file (names cannot hold one, so `./web01.pem` forces the file);
//   - otherwise a certificate stored under that name wins, even when a file of that name exists here;
//   - otherwise it is a file.
// The stored name wins so that a command means the same thing from whatever directory cron runs it in.
// `inventory` may be nullptr (no store): then every target is a file.
bool is_stored_target(Inventory* inventory, const std::string& target);

}  // namespace certctl::certs
