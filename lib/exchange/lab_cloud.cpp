// lib/exchange/lab_cloud.cpp — issuing the eight certificates in their roles and signing the answers.
#include "lib/exchange/lab_cloud.h"

#include "lib/core/error.h"
#include "lib/exchange/cert_roles.h"
#include "lib/exchange/exchange_format.h"
#include "lib/exchange/exchange_verifier.h"
#include "lib/exchange/exchange_writer.h"

#include <botan/data_src.h>
#include <botan/pkcs10.h>
#include <botan/pkix_types.h>
#include <botan/x509self.h>

namespace certctl::exchange {

namespace {
std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

void require_valid(const ExchangeFile& request, FileKind kind, const core::Clock& clock) {
    if (request.kind() != kind) {
        throw core::Error(
            core::Errc::usage, "cannot answer", request.subject(),
            std::string("it is ") + file_kind_phrase(request.kind()) + ", expected " + file_kind_phrase(kind));
    }
    const VerifyReport report = verify_exchange(request, {}, clock.now());
    for (const Check& c : report.checks) {
        if (c.status == Check::Status::fail) {
            throw core::Error(core::Errc::bad_input, "cannot answer", request.subject(),
                              "the request does not verify: " + c.name + ": " + c.detail,
                              "see every check with `certctl exchange verify " + request.subject() + "`");
        }
    }
}

void require_root(CaAccess& cas, const std::string& root) {
    if (!cas.exists(root)) {
        throw core::Error(
            core::Errc::not_found, "cannot answer", root, "no such CA",
            "make the lab root first: `certctl ca init " + root + " --profile root --cn \"Lab Licensing Root\"`");
    }
    if (cas.profile_of(root) != "root") {
        throw core::Error(core::Errc::usage, "cannot answer", root,
                          "the CA is not a root (profile " + cas.profile_of(root) + ")",
                          "name a CA made with --profile root: it plays the licensing root");
    }
}

std::string csr_cn(const std::string& pem) {
    Botan::DataSource_Memory src(pem);
    return Botan::PKCS10_Request(src).subject_dn().get_first_attribute("CN");
}

// The answering side's own CAs, made once per root.
void ensure_hierarchy(CaAccess& cas, const LabNames& n) {
    if (!cas.exists(n.sub_ca)) {
        cas.create(n.sub_ca, "sub-ca", n.root, n.sub_ca);
    }
    if (!cas.exists(n.satellite)) {
        cas.create(n.satellite, "satellite", n.root, n.satellite);
    }
    if (!cas.exists(n.tg_issuer)) {
        cas.create(n.tg_issuer, "tg-issuer", n.root, n.tg_issuer);
    }
}

Botan::X509_Certificate signing_certificate(CaAccess& cas, const LabNames& n, Botan::RandomNumberGenerator& rng) {
    if (auto existing = cas.issued(n.signing)) {
        return *existing;
    }
    const std::unique_ptr<Botan::Private_Key> key = cas.key(n.signing);
    Botan::X509_Cert_Options opts;
    opts.common_name = n.signing;
    const std::string csr = Botan::X509::create_cert_req(opts, *key, "SHA-256", rng).PEM_encode();
    return cas.issue_csr(n.sub_ca, "signing", csr, n.signing);
}

std::string signed_response(ResponseContent content, CaAccess& cas, const LabNames& n,
                            Botan::RandomNumberGenerator& rng) {
    const Botan::X509_Certificate signing = signing_certificate(cas, n, rng);
    const std::unique_ptr<Botan::Private_Key> key = cas.key(n.signing);
    const Botan::X509_Certificate root = cas.certificate(n.root);
    content.certificates.emplace_back("sub_ca_cert", cas.certificate(n.sub_ca).PEM_encode());
    content.certificates.emplace_back("signing_cert", signing.PEM_encode());
    content.certificates.emplace_back("satellite_cert", cas.certificate(n.satellite).PEM_encode());
    content.certificates.emplace_back("tg_issuer_cert", cas.certificate(n.tg_issuer).PEM_encode());
    return write_response(content, ResponseSigner{*key, signing, root, rng});
}
}  // namespace

std::string authorize(const ExchangeFile& request, CaAccess& cas, const std::string& root, const core::Clock& clock,
                      Botan::RandomNumberGenerator& rng, const AuthorizeOptions& options) {
    require_valid(request, FileKind::registration, clock);
    require_root(cas, root);
    const std::string uuid = *request.scalar("instance_id");
    const std::string lcs = *request.scalar("lcs_csr");
    if (lower(csr_cn(lcs)) != lower(uuid)) {
        throw core::Error(
            core::Errc::bad_input, "cannot answer", request.subject(),
            "the lcs_csr's CN '" + csr_cn(lcs) + "' is not the instance id " + uuid,
            "id_cert is issued for the lcs key with CN = the On-Prem UUID; make the lcs CSR with that CN");
    }
    const LabNames n(root);
    ensure_hierarchy(cas, n);
    // Made (once per root) before the answer's certificates, so nothing is written after they are issued:
    // a run that fails then has issued none of them.
    signing_certificate(cas, n, rng);
    const std::string tag = "exchange-" + lower(uuid).substr(0, 8) + "-";
    ResponseContent c;
    c.status = "success";
    c.uuid = uuid;
    c.smart_account = options.smart_account;
    c.account_domain = options.account_domain;
    // The four together: a failure (a full disk) leaves none of them issued, so a rerun does not leave
    // certificates behind that were issued and never delivered.
    const std::vector<CaAccess::CsrToIssue> wanted = {
        {n.sub_ca, "id-cert", lcs, tag + "id_cert"},
        {n.satellite, "local-sub-ca-1-1", lcs, tag + "local_sub_ca_cert_1_1"},
        {n.tg_issuer, "tg-ssl", *request.scalar("tg_csr"), tag + "tg_ssl_cert"},
        {n.root, "ssms-ssl", *request.scalar("ssms_csr"), tag + "ssms_ssl_cert"}};
    c.collector_instance_id = uuid;
    c.satellite_name = options.satellite_name;
    c.last_generated = clock.now();
    c.last_sync = clock.now();
    c.sync_type = "FULL";
    std::string answer;
    // Signed, and delivered, before the four are stored for good: a failure writing the answer issues none.
    cas.issue_csrs(wanted, [&](const std::vector<Botan::X509_Certificate>& issued) {
        const char* const fields[] = {"id_cert", "local_sub_ca_cert_1_1", "tg_ssl_cert", "ssms_ssl_cert"};
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            c.certificates.emplace_back(fields[i], issued.at(i).PEM_encode());
        }
        answer = signed_response(std::move(c), cas, n, rng);
        if (options.deliver) {
            options.deliver(answer);
        }
    });
    return answer;
}

std::string answer_sync(const ExchangeFile& request, CaAccess& cas, const std::string& root, const core::Clock& clock,
                        Botan::RandomNumberGenerator& rng, const std::string& sync_type,
                        const AuthorizeOptions& options) {
    require_valid(request, FileKind::sync_request, clock);
    require_root(cas, root);
    const LabNames n(root);
    if (!cas.exists(n.sub_ca) || !cas.issued(n.signing)) {
        throw core::Error(core::Errc::not_found, "cannot answer", root, "this root has not authorized an On-Prem yet",
                          "answer the registration first: `certctl exchange authorize REQUEST --ca " + root + "`");
    }
    if (sync_type != "PARTIAL" && sync_type != "FULL") {
        throw core::Error(core::Errc::usage, "cannot answer", sync_type, "sync type must be PARTIAL or FULL");
    }
    Botan::DataSource_Memory src(*request.scalar("id_cert"));
    const Botan::X509_Certificate old_id(src);
    const std::string uuid = *request.scalar("collector_id");
    ResponseContent c;
    c.certificates.emplace_back(
        "id_cert",
        cas.issue_key(n.sub_ca, "id-cert", old_id, "exchange-" + lower(uuid).substr(0, 8) + "-id_cert").PEM_encode());
    c.collector_instance_id = uuid;
    c.satellite_name = options.satellite_name;
    c.last_generated = clock.now();
    c.last_sync = clock.now();
    c.sync_type = sync_type;
    return signed_response(std::move(c), cas, n, rng);
}

}  // namespace certctl::exchange
