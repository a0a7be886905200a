// lib/exchange/exchange_writer.cpp — the fixed layout of exchange files; yaml-cpp decides how each scalar is
// quoted, so no value can break the structure around it.
#include "lib/exchange/exchange_writer.h"

#include "lib/exchange/cert_roles.h"
#include "lib/exchange/exchange_format.h"
#include "lib/exchange/exchange_signature.h"

#include <botan/base64.h>
#include <sstream>
#include <yaml-cpp/emitter.h>

namespace certctl::exchange {

namespace {
class Lines final {
public:
    void value(int indent, const std::string& key, const std::optional<std::string>& v) {
        pad(indent);
        m_out << ':' << key << ':';
        if (v) {
            m_out << ' ' << yaml_scalar(*v);
        }
        m_out << '\n';
    }
    void open(int indent, const std::string& key) { value(indent, key, std::nullopt); }
    void raw(int indent, const std::string& key, const std::string& literal) {
        pad(indent);
        m_out << ':' << key << ": " << literal << '\n';
    }
    // PEM (or base64) in a literal block that keeps no final newline ("|-"), lines indented two more.
    void block(int indent, const std::string& key, const std::string& text) {
        pad(indent);
        m_out << ':' << key << ": |-\n";
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.empty()) {
                continue;
            }
            pad(indent + 2);
            m_out << line << '\n';
        }
    }
    std::string str() const { return m_out.str(); }

private:
    void pad(int n) { m_out << std::string(static_cast<std::size_t>(n), ' '); }
    std::ostringstream m_out;
};

std::optional<std::string> time_or_null(const std::optional<core::TimePoint>& t) {
    if (!t) {
        return std::nullopt;
    }
    return format_exchange_time(*t);
}

// The :data: block, every line indented two spaces: exactly the bytes that get signed.
std::string data_block(const ResponseContent& c) {
    Lines l;
    if (c.status) {
        l.value(2, "status", *c.status);
    }
    if (c.uuid) {
        l.value(2, "uuid", *c.uuid);
    }
    if (c.smart_account) {
        l.value(2, "smart_account", *c.smart_account);
    }
    if (c.account_domain) {
        l.value(2, "account_domain", *c.account_domain);
    }
    l.open(2, "authentication");
    for (const CertRole& role : cert_roles()) {
        for (const auto& [field, pem] : c.certificates) {
            if (field == role.field) {
                l.block(4, field, pem);
            }
        }
    }
    l.value(2, "collector_instance_id", c.collector_instance_id);
    l.value(2, "satellite_name", c.satellite_name);
    l.value(2, "last_generated", format_exchange_time(c.last_generated));
    l.value(2, "last_sync", time_or_null(c.last_sync));
    l.value(2, "sync_type", c.sync_type);
    l.open(2, "synchronization");
    l.raw(4, "products", "[]");
    l.raw(4, "virtual_accounts", "[]");
    l.raw(2, "device_conversion_data", "[]");
    return l.str();
}
}  // namespace

std::string yaml_scalar(const std::string& value) {
    YAML::Emitter e;
    e << value;
    return e.c_str();
}

std::string write_registration(const RegistrationRequest& r) {
    Lines l;
    l.value(0, "instance_id", r.instance_id);
    l.value(0, "exported_timestamp", format_exchange_time(r.exported));
    l.block(0, "lcs_csr", r.lcs_csr);
    l.block(0, "tg_csr", r.tg_csr);
    l.block(0, "ssms_csr", r.ssms_csr);
    return "---\n" + l.str();
}

std::string write_sync_request(const SyncRequest& r) {
    Lines l;
    l.value(0, "sync_version", r.sync_version);
    l.value(0, "sync_type", r.sync_type);
    l.value(0, "ssms_version", r.ssms_version);
    l.block(0, "id_cert", r.id_cert);
    l.block(0, "signing_cert", r.signing_cert);
    l.value(0, "collector_id", r.collector_id);
    l.open(0, "csr");  // the old LCS CSR: unused, kept for older On-Prems
    if (r.tg_csr) {
        l.block(0, "tg_csr", *r.tg_csr);
    }
    if (r.ssms_csr) {
        l.block(0, "ssms_csr", *r.ssms_csr);
    }
    l.value(0, "last_sync", time_or_null(r.last_sync));
    l.value(0, "last_generated", format_exchange_time(r.last_generated));
    l.raw(0, "virtual_accounts", "[]");
    return "---\n" + l.str();
}

std::string write_response(const ResponseContent& c, const ResponseSigner& signer) {
    const std::string data = data_block(c);
    const std::vector<std::uint8_t> sig = sign_content(data, signer.key, signer.rng);
    std::string out = "---\n:data:\n" + data;
    out += ":root_cert_hash: " + root_cert_hash(signer.root) + "\n";
    out += ":signing_cert: " + Botan::base64_encode(signer.cert.BER_encode()) + "\n";
    Lines l;
    l.block(0, "signature", base64_lines(sig));
    return out + l.str();
}

}  // namespace certctl::exchange
