// lib/certs/revocation_lookup.h — "is this certificate revoked?", answered by whoever knows (crl::MasterList).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

struct RevocationStatus {
    enum class State { unknown, good, revoked } state = State::unknown;
    std::string reason;           // RFC 5280 reason name when revoked ("keyCompromise"), else empty
    std::string revocation_date;  // RFC 3339 when revoked
    std::string source;           // CRL source name that said so, or why unknown
};

// lib/ declares it; crl/master_list implements it; cli/ passes one in. Without a CRL manager the answer
// is State::unknown.
class RevocationLookup {
public:
    virtual ~RevocationLookup() = default;
    // `issuer_der` is the DER of the certificate's issuer Name; `serial` big-endian magnitude bytes
    // (no sign byte), as Botan::X509_Certificate::serial_number() gives them.
    virtual RevocationStatus lookup(const std::vector<std::uint8_t>& issuer_der,
                                    const std::vector<std::uint8_t>& serial) const = 0;
};

class NoRevocationData final : public RevocationLookup {
public:
    RevocationStatus lookup(const std::vector<std::uint8_t>&, const std::vector<std::uint8_t>&) const override {
        return RevocationStatus{RevocationStatus::State::unknown, "", "", "no CRL data in the store"};
    }
};

}  // namespace certctl::certs
