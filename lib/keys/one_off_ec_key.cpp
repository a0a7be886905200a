// lib/keys/one_off_ec_key.cpp — PKCS#8 and SubjectPublicKeyInfo of an EC key whose public point comes from one
// blinded multiplication, without an EC_Group (see one_off_ec_key.h).
#include "lib/keys/one_off_ec_key.h"

#include "lib/core/error.h"

#include <botan/asn1_obj.h>
#include <botan/bigint.h>
#include <botan/curve_gfp.h>
#include <botan/der_enc.h>
#include <botan/point_gfp.h>

namespace certctl::keys {

namespace {
// SEC 2 domain parameters, as hex (a unit test compares each with Botan's EC_Group of the same name).
struct Curve {
    const char* name;
    const char* oid;
    const char* p;
    const char* a;
    const char* b;
    const char* g_x;
    const char* g_y;
    const char* order;
};

const Curve k_curves[] = {
    {"secp256r1", "1.2.840.10045.3.1.7",
     "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
     "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC",
     "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
     "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
     "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
     "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"},
    {"secp384r1", "1.3.132.0.34",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFC",
     "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF",
     "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7",
     "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973"},
    {"secp521r1", "1.3.132.0.35",
     "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC",
     "51953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF"
     "073573DF883D2C34F1EF451FD46B503F00",
     "C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8"
     "DE3348B3C1856A429BF97E7E31C2E5BD66",
     "011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD"
     "0761353C7086A272C24088BE94769FD16650",
     "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709"
     "A5D03BB5C9B8899C47AEBB6FB71E91386409"},
};

const Curve& curve_of(const KeySpec& spec) {
    for (const Curve& c : k_curves) {
        if (spec.type == KeySpec::Type::ec && spec.curve == c.name) {
            return c;
        }
    }
    throw core::Error(core::Errc::internal, "no one-off EC key for this spec", spec.to_string(),
                      "only secp256r1, secp384r1 and secp521r1 are known here");
}

Botan::BigInt hex(const char* digits) { return Botan::BigInt("0x" + std::string(digits)); }

// What Botan's EC_PrivateKey holds, without its EC_Group: the scalar and the encoded public point.
class OneOffEcKey final : public Botan::Private_Key {
public:
    OneOffEcKey(const Curve& curve, const Botan::BigInt& scalar, Botan::RandomNumberGenerator& rng)
        : m_curve_oid(curve.oid), m_field_bits(hex(curve.p).bits()), m_order(hex(curve.order)), m_scalar(scalar) {
        if (m_scalar < 1 || m_scalar >= m_order) {
            throw core::Error(core::Errc::internal, "EC scalar out of range", curve.name, "not in [1, order)");
        }
        const Botan::CurveGFp field(hex(curve.p), hex(curve.a), hex(curve.b));  // Botan's NIST reductions
        const Botan::PointGFp base(field, hex(curve.g_x), hex(curve.g_y));
        Botan::Blinded_Point_Multiply multiplier(base, m_order);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        // Deprecated in 2.19 only in favour of EC_Group's methods, which need the tables this file avoids.
        const Botan::PointGFp point = multiplier.blinded_multiply(m_scalar, rng);
#pragma GCC diagnostic pop
        if (point.is_zero() || !point.on_the_curve()) {
            throw core::Error(core::Errc::internal, "EC key generation failed", curve.name, "bad public point");
        }
        m_public_point = point.encode(Botan::PointGFp::UNCOMPRESSED);
    }

    std::string algo_name() const override { return "ECDSA"; }
    // As EC_PublicKey: the security level of the field size.
    std::size_t estimated_strength() const override { return m_field_bits / 2; }
    std::size_t key_length() const override { return m_field_bits; }
    bool check_key(Botan::RandomNumberGenerator&, bool) const override { return true; }  // checked when made
    // id-ecPublicKey with the curve's OID: EC_PublicKey's named-curve encoding.
    Botan::AlgorithmIdentifier algorithm_identifier() const override {
        std::vector<std::uint8_t> parameters;
        Botan::DER_Encoder(parameters).encode(m_curve_oid);
        return Botan::AlgorithmIdentifier(get_oid(), parameters);
    }
    std::vector<std::uint8_t> public_key_bits() const override { return m_public_point; }
    // RFC 5915 ECPrivateKey as Botan 2.19 writes it: version 1, the scalar in its minimal length, the public
    // point in [1]; the curve is named in the PKCS#8 algorithm identifier only.
    Botan::secure_vector<std::uint8_t> private_key_bits() const override {
        return Botan::DER_Encoder()
            .start_cons(Botan::SEQUENCE)
            .encode(static_cast<std::size_t>(1))
            .encode(Botan::BigInt::encode_1363(m_scalar, m_scalar.bytes()), Botan::OCTET_STRING)
            .start_cons(Botan::ASN1_Tag(1), Botan::PRIVATE)
            .encode(m_public_point, Botan::BIT_STRING)
            .end_cons()
            .end_cons()
            .get_contents();
    }

private:
    Botan::OID m_curve_oid;
    std::size_t m_field_bits;
    Botan::BigInt m_order;
    Botan::BigInt m_scalar;
    std::vector<std::uint8_t> m_public_point;
};
}  // namespace

std::unique_ptr<Botan::Private_Key> one_off_ec_key_from(const KeySpec& spec, const Botan::BigInt& scalar,
                                                        Botan::RandomNumberGenerator& rng) {
    return std::make_unique<OneOffEcKey>(curve_of(spec), scalar, rng);
}

std::unique_ptr<Botan::Private_Key> make_one_off_ec_key(const KeySpec& spec, Botan::RandomNumberGenerator& rng) {
    const Curve& curve = curve_of(spec);
    // As EC_Group::random_scalar: uniform in [1, order).
    return std::make_unique<OneOffEcKey>(curve, Botan::BigInt::random_integer(rng, 1, hex(curve.order)), rng);
}

}  // namespace certctl::keys
