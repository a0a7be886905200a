// lib/csr/der_oid.cpp — X.690 8.19 object identifier encoding with arbitrarily large arcs.
#include "lib/csr/der_oid.h"

#include "lib/core/error.h"

#include <algorithm>
#include <botan/bigint.h>

namespace certctl::csr {

namespace {
std::vector<Botan::BigInt> arcs_of(const std::string& dotted) {
    std::vector<Botan::BigInt> arcs;
    std::size_t start = 0;
    while (start <= dotted.size()) {
        const std::size_t dot = std::min(dotted.find('.', start), dotted.size());
        const std::string part = dotted.substr(start, dot - start);
        if (part.empty() || !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); })) {
            throw core::Error(core::Errc::internal, "bad object identifier", dotted, "arcs must be decimal numbers");
        }
        arcs.emplace_back(part);
        start = dot + 1;
    }
    if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) {
        throw core::Error(core::Errc::internal, "bad object identifier", dotted, "invalid first arcs");
    }
    return arcs;
}

// X.690 8.19.2: base 128, most significant group first, high bit set on all but the last octet.
void append_base128(std::vector<std::uint8_t>& out, Botan::BigInt value) {
    std::vector<std::uint8_t> groups;
    do {
        groups.push_back(static_cast<std::uint8_t>(value.word_at(0) & 0x7F));
        value >>= 7;
    } while (value > 0);
    for (std::size_t i = groups.size(); i-- > 0;) {
        out.push_back(static_cast<std::uint8_t>(groups[i] | (i > 0 ? 0x80 : 0x00)));
    }
}
}  // namespace

std::vector<std::uint8_t> oid_content(const std::string& dotted) {
    const std::vector<Botan::BigInt> arcs = arcs_of(dotted);
    std::vector<std::uint8_t> out;
    append_base128(out, arcs[0] * 40 + arcs[1]);  // X.690 8.19.4: the first two arcs share one subidentifier
    for (std::size_t i = 2; i < arcs.size(); ++i) {
        append_base128(out, arcs[i]);
    }
    return out;
}

std::vector<std::uint8_t> oid_der(const std::string& dotted) {
    const std::vector<std::uint8_t> content = oid_content(dotted);
    std::vector<std::uint8_t> out{0x06};
    if (content.size() < 128) {
        out.push_back(static_cast<std::uint8_t>(content.size()));
    } else {
        out.push_back(0x81);  // no OID we write is longer than 255 octets
        out.push_back(static_cast<std::uint8_t>(content.size()));
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

std::string oid_text(const std::uint8_t* content, std::size_t length, const std::string& source) {
    if (length == 0 || (content[length - 1] & 0x80) != 0) {
        throw core::Error(core::Errc::bad_input, "cannot read object identifier", source, "malformed OID encoding");
    }
    std::string out;
    Botan::BigInt value = 0;
    bool first = true;
    bool leading = true;
    for (std::size_t i = 0; i < length; ++i) {
        if (leading && content[i] == 0x80) {
            throw core::Error(core::Errc::bad_input, "cannot read object identifier", source,
                              "non-minimal OID encoding");
        }
        leading = false;
        value = (value << 7) + Botan::BigInt(content[i] & 0x7F);
        if ((content[i] & 0x80) != 0) {
            continue;
        }
        if (first) {
            const Botan::BigInt forty(40);
            const Botan::BigInt eighty(80);
            if (value < forty) {
                out = "0." + value.to_dec_string();
            } else if (value < eighty) {
                out = "1." + (value - forty).to_dec_string();
            } else {
                out = "2." + (value - eighty).to_dec_string();
            }
            first = false;
        } else {
            out += "." + value.to_dec_string();
        }
        value = 0;
        leading = true;
    }
    return out;
}

}  // namespace certctl::csr
