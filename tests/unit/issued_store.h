// tests/unit/issued_store.h — the fixture of the tests that need certificates a local CA issued (check over
// inventory rows, automatic and batch renewal): a fresh store on a stepped clock, root CAs, and 30-day
// tls-server certificates from them.
#pragma once
#include "lib/ca/local_ca.h"
#include "lib/core/clock.h"
#include "lib/core/store_paths.h"
#include "lib/storage/store.h"

#include <botan/rng.h>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace certctl::test {

// One random generator for the fixture and the tests that use it.
Botan::RandomNumberGenerator& rng();

struct IssuedStore {
    std::filesystem::path dir;  // the case's directory; the store is dir/store
    core::StorePaths paths;
    core::FixedClock clock;  // 2026-06-01T00:00:00Z until a test steps it
    ca::ProfileSet profiles;
    std::unique_ptr<storage::Store> store;

    explicit IssuedStore(const std::string& label);

    // A root CA `name` (profile root) with the common name `common_name`.
    void add_root(const std::string& name, const std::string& common_name);

    // 30-day tls-server certificates from CA `ca`, one per name in `names`, all for the store's key `key` (made
    // when missing). Each has the common name and DNS name "<name without dashes>.example.net". Output::dir
    // writes them into dir/issued-<ca>, as `ca issue --out-dir` does; Output::none, as `ca issue` to stdout.
    void issue(const std::string& ca, const std::vector<std::string>& names, const std::string& key,
               ca::IssueOptions::Output output = ca::IssueOptions::Output::dir);

    // `count` names: prefix-0, prefix-1, ...
    static std::vector<std::string> numbered(const std::string& prefix, std::size_t count);

    // The store opened again (a second process, a restart).
    std::unique_ptr<storage::Store> open();

    // The single number a query such as "SELECT count(*) ..." returns.
    std::int64_t count(const std::string& sql);
};

}  // namespace certctl::test
