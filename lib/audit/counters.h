// lib/audit/counters.h — the statistics counters of the contract, one row each.
#pragma once
#include "lib/storage/database.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace certctl::audit {

struct CounterDef {
    const char* name;  // Prometheus: certctl_<name>_total
    const char* description;
};
const std::vector<CounterDef>& counter_defs();

class Counters final {
public:
    explicit Counters(storage::Database& db) : m_db(db) {}
    // Adds `by` to `name` (a row of counter_defs(), else Error(internal)). Call inside the change's transaction.
    void increment(const std::string& name, std::int64_t by = 1);
    // Every counter of the table, zero when never counted.
    std::map<std::string, std::int64_t> all();
    void reset();

private:
    storage::Database& m_db;
};

}  // namespace certctl::audit
