// tests/unit/keys/test_key_store.cpp — files and rows in step, modes, refusals that change nothing.
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "tests/unit/test_dir.h"
#include "tests/unit/test_helpers.h"

#include <botan/auto_rng.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

using namespace certctl;
using test::code_of;

namespace {
struct Fixture {
    core::StorePaths paths;
    std::unique_ptr<storage::Store> store;
    core::FixedClock clock{core::parse_time("2026-03-01T12:00:00Z")};
    Botan::AutoSeeded_RNG rng;
    keys::KeyStore keys;
    explicit Fixture(const std::string& label)
        : paths(test::case_dir(label) / "store"),
          store(storage::Store::open(paths, storage::Store::Access::write, core::Config())),
          keys(*store, clock, rng) {}
};

unsigned mode_of(const std::filesystem::path& p) {
    struct ::stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

}  // namespace

TEST_SUITE("keys::KeyStore") {
    TEST_CASE("generate writes a 0600 PKCS#8 file and a row") {
        Fixture f("generate");
        const auto info = f.keys.generate("web01", keys::KeySpec::default_spec(), std::nullopt);
        CHECK(info.algorithm == "ec:secp256r1");
        CHECK(info.bits == 256);
        CHECK(info.created == "2026-03-01T12:00:00Z");
        CHECK(mode_of(f.paths.key_file("web01")) == 0600);
        const auto found = f.keys.find("web01");
        REQUIRE(found);
        CHECK(found->public_key_sha256 == info.public_key_sha256);
        const auto key = f.keys.load_private("web01", std::nullopt);
        CHECK(key->algo_name() == "ECDSA");
        CHECK(f.keys.list().size() == 1);
    }
    TEST_CASE("encrypted keys need the passphrase to load") {
        Fixture f("encrypted");
        f.keys.generate("db01", keys::KeySpec::parse("ec:secp384r1"), std::string("pw"));
        CHECK(f.keys.find("db01")->encrypted);
        CHECK(code_of([&] { f.keys.load_private("db01", std::nullopt); }) == core::Errc::bad_input);
        CHECK(code_of([&] { f.keys.load_private("db01", std::string("nope")); }) == core::Errc::bad_input);
        CHECK(f.keys.load_private("db01", std::string("pw"))->algo_name() == "ECDSA");
    }
    TEST_CASE("existing names and bad names are refused, nothing overwritten") {
        Fixture f("existing");
        f.keys.generate("web01", keys::KeySpec::default_spec(), std::nullopt);
        const auto before = f.keys.find("web01")->public_key_sha256;
        CHECK(code_of([&] { f.keys.generate("web01", keys::KeySpec::default_spec(), std::nullopt); }) ==
              core::Errc::usage);
        Botan::ECDSA_PrivateKey other(f.rng, Botan::EC_Group("secp256r1"));
        CHECK(code_of([&] { f.keys.import("web01", Botan::PKCS8::PEM_encode(other), "o.pem", std::nullopt); }) ==
              core::Errc::usage);
        CHECK(f.keys.find("web01")->public_key_sha256 == before);
        CHECK(code_of([&] { f.keys.generate("../x", keys::KeySpec::default_spec(), std::nullopt); }) ==
              core::Errc::usage);
        CHECK(code_of([&] { f.keys.generate("a/b", keys::KeySpec::default_spec(), std::nullopt); }) ==
              core::Errc::usage);
        CHECK(f.keys.list().size() == 1);
    }
    TEST_CASE("import keeps the public key and re-encrypts with the passphrase") {
        Fixture f("import");
        Botan::ECDSA_PrivateKey key(f.rng, Botan::EC_Group("secp521r1"));
        const auto info = f.keys.import("ext", Botan::PKCS8::PEM_encode(key), "ext.pem", std::string("pw"));
        CHECK(info.algorithm == "ec:secp521r1");
        CHECK(info.encrypted);
        CHECK(f.keys.load_private("ext", std::string("pw"))->subject_public_key() == key.subject_public_key());
    }
    TEST_CASE("remove takes file and row; missing is not_found") {
        Fixture f("remove");
        f.keys.generate("web01", keys::KeySpec::default_spec(), std::nullopt);
        f.keys.remove("web01");
        CHECK_FALSE(f.keys.find("web01"));
        CHECK_FALSE(std::filesystem::exists(f.paths.key_file("web01")));
        CHECK(code_of([&] { f.keys.remove("web01"); }) == core::Errc::not_found);
        CHECK(code_of([&] { f.keys.load_private("web01", std::nullopt); }) == core::Errc::not_found);
    }
    TEST_CASE("a key file lost behind the store's back is not_found on load") {
        Fixture f("lost");
        f.keys.generate("web01", keys::KeySpec::default_spec(), std::nullopt);
        std::filesystem::remove(f.paths.key_file("web01"));
        CHECK(code_of([&] { f.keys.load_private("web01", std::nullopt); }) == core::Errc::not_found);
    }
    TEST_CASE("read_passphrase_file takes the first line") {
        const auto dir = test::case_dir("pass");
        core::write_file_atomic(dir / "p", "line one\r\nline two\n", 0600);
        CHECK(keys::read_passphrase_file((dir / "p").string()) == "line one");
        core::write_file_atomic(dir / "e", "\nsecond\n", 0600);
        CHECK(code_of([&] { keys::read_passphrase_file((dir / "e").string()); }) == core::Errc::bad_input);
        CHECK(code_of([&] { keys::read_passphrase_file((dir / "none").string()); }) == core::Errc::not_found);
    }
}
