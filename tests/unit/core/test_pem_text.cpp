// tests/unit/core/test_pem_text.cpp — the one PEM walk: blocks in order, labels, the two END rules, the two
// ways a text is cut short, and the lenient base64 decoder.
#include "lib/core/pem_text.h"

#include <doctest/doctest.h>
#include <string>

using namespace certctl;

TEST_SUITE("core::pem_text") {
    TEST_CASE("blocks in order with label, body and whole block; text between blocks is passed over") {
        const std::string text =
            "intro\n-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\nnoise\n"
            "-----BEGIN PRIVATE KEY-----\nREVG\n-----END PRIVATE KEY-----\n";
        std::size_t pos = 0;
        core::PemBlockView b;
        REQUIRE(core::next_pem_block(text, pos, b) == core::PemStep::block);
        CHECK(b.label == "CERTIFICATE");
        CHECK(b.body == "\nQUJD\n");
        CHECK(b.whole == "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----");
        REQUIRE(core::next_pem_block(text, pos, b) == core::PemStep::block);
        CHECK(b.label == "PRIVATE KEY");
        CHECK(b.body == "\nREVG\n");
        CHECK(core::next_pem_block(text, pos, b) == core::PemStep::done);
        CHECK(core::has_pem_marker(text));
        CHECK_FALSE(core::has_pem_marker("0\x82\x01\x0a"));
    }
    TEST_CASE("a mislabelled END closes a block only with PemEnd::any") {
        const std::string text = "-----BEGIN CERTIFICATE-----\nQUJD\n-----END X509 CERTIFICATE-----\n";
        std::size_t pos = 0;
        core::PemBlockView b;
        CHECK(core::next_pem_block(text, pos, b) == core::PemStep::no_end);
        CHECK(b.label == "CERTIFICATE");
        CHECK(pos == 0);
        REQUIRE(core::next_pem_block(text, pos, b, core::PemEnd::any) == core::PemStep::block);
        CHECK(b.body == "\nQUJD\n");
    }
    TEST_CASE("cut short: in the BEGIN label, or before the END line") {
        std::size_t pos = 0;
        core::PemBlockView b;
        CHECK(core::next_pem_block(std::string("-----BEGIN CERTIF"), pos, b) == core::PemStep::open_begin);
        pos = 0;
        CHECK(core::next_pem_block(std::string("-----BEGIN CERTIFICATE-----\nQUJD\n"), pos, b) == core::PemStep::no_end);
    }
    TEST_CASE("split_pem_text: every block up to the first one cut short, and why it stopped") {
        const std::string two = "-----BEGIN A-----\nQQ==\n-----END A-----\n-----BEGIN B-----\nQg==\n-----END B-----\n";
        const core::PemSplit all = core::split_pem_text(two);
        REQUIRE(all.blocks.size() == 2);
        CHECK(all.blocks[0].label == "A");
        CHECK(all.blocks[1].label == "B");
        CHECK(all.stop == core::PemStep::done);
        // The split's views point into the text: it must outlive them (a temporary here read freed memory,
        // found by AddressSanitizer).
        const std::string cut_text = two + "-----BEGIN C-----\nQw==\n";
        const core::PemSplit cut = core::split_pem_text(cut_text);
        CHECK(cut.blocks.size() == 2);
        CHECK(cut.stop == core::PemStep::no_end);
        CHECK(cut.stop_label == "C");
        CHECK(core::split_pem_text("no pem here").blocks.empty());
    }
    TEST_CASE("lenient base64: white space and padding skipped, anything else refused") {
        std::vector<std::uint8_t> out;
        REQUIRE(core::base64_decode_lenient("QUJD\r\nREVG Rw==", out));
        CHECK(std::string(out.begin(), out.end()) == "ABCDEFG");
        CHECK_FALSE(core::base64_decode_lenient("QUJD*", out));
        REQUIRE(core::base64_decode_lenient("", out));
        CHECK(out.empty());
    }
}
