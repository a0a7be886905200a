// tests/unit/core/test_serial_text.cpp — serials as printed: signed hex, never empty.
#include "lib/core/serial_text.h"

#include <doctest/doctest.h>
#include <vector>

using namespace certctl;

namespace {
std::string text(std::vector<std::uint8_t> der_contents) {
    return core::serial_text(der_contents.data(), der_contents.size());
}
}  // namespace

TEST_SUITE("core::serial_text") {
    TEST_CASE("zero is 00, not empty") { CHECK(text({0x00}) == "00"); }
    TEST_CASE("positive serials lose the sign byte DER puts before a high bit") {
        CHECK(text({0x01}) == "01");
        CHECK(text({0x00, 0x8f, 0x01}) == "8f01");
        CHECK(text({0x7f, 0xff}) == "7fff");
    }
    TEST_CASE("negative serials print with their sign and magnitude") {
        CHECK(text({0xfb}) == "-05");                // -5
        CHECK(text({0xff}) == "-01");                // -1
        CHECK(text({0x80}) == "-80");                // -128
        CHECK(text({0xff, 0x00}) == "-0100");        // -256
        CHECK(text({0xff, 0x7f}) == "-81");          // -129
    }
}
