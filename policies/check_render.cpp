// policies/check_render.cpp — text, JSON, Nagios and Prometheus forms of a check.
#include "policies/check_render.h"

#include "lib/core/duration.h"
#include "lib/core/printable.h"
#include "lib/core/rfc3339.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace certctl::policies {

namespace {
constexpr std::int64_t k_day = 86400;

std::int64_t floor_days(core::Seconds s) { return core::whole_days(s); }

const char* severity_or_ok(const std::optional<audit::Severity>& s) { return s ? audit::severity_name(*s) : "ok"; }

std::string summary_line(const CheckReport& r) {
    std::ostringstream os;
    os << r.certs.size() << " certificate" << (r.certs.size() == 1 ? "" : "s") << ": "
       << r.count(audit::Severity::critical) << " critical, " << r.count(audit::Severity::major) << " major, "
       << r.count(audit::Severity::minor) << " minor";
    if (!r.problems.empty()) {
        os << "; " << r.problems.size() << " file" << (r.problems.size() == 1 ? "" : "s") << " skipped";
    }
    return os.str();
}
}  // namespace

std::vector<const CheckedCert*> worst_first(const CheckReport& r) {
    std::vector<const CheckedCert*> out;
    out.reserve(r.certs.size());
    for (const CheckedCert& c : r.certs) {
        out.push_back(&c);
    }
    std::stable_sort(out.begin(), out.end(), [](const CheckedCert* a, const CheckedCert* b) {
        const int sa = a->verdict.severity ? static_cast<int>(*a->verdict.severity) : 0;
        const int sb = b->verdict.severity ? static_cast<int>(*b->verdict.severity) : 0;
        if (sa != sb) {
            return sa > sb;
        }
        if (a->not_after && b->not_after) {
            return *a->not_after < *b->not_after;
        }
        return a->not_after.has_value() < b->not_after.has_value();
    });
    return out;
}

nlohmann::json check_json(const CheckReport& r, int exit_code) {
    nlohmann::json certs = nlohmann::json::array();
    for (const CheckedCert* c : worst_first(r)) {
        nlohmann::json j = {
            {"name", c->name},
            {"source", c->source},
            {"path", c->path.empty() ? nlohmann::json(nullptr) : nlohmann::json(c->path)},
            {"subject_cn", c->subject_cn},
            {"serial", c->serial},
            {"fingerprint", c->fingerprint.empty() ? nlohmann::json(nullptr) : nlohmann::json(c->fingerprint)},
            {"not_before",
             c->not_before ? nlohmann::json(core::format_rfc3339(*c->not_before)) : nlohmann::json(nullptr)},
            {"not_after", c->not_after ? nlohmann::json(core::format_rfc3339(*c->not_after)) : nlohmann::json(nullptr)},
            {"seconds_left", c->verdict.left ? nlohmann::json(c->verdict.left->count()) : nlohmann::json(nullptr)},
            {"days_left", c->verdict.left ? nlohmann::json(floor_days(*c->verdict.left)) : nlohmann::json(nullptr)},
            {"severity", c->verdict.severity ? nlohmann::json(audit::severity_name(*c->verdict.severity))
                                             : nlohmann::json(nullptr)},
            {"condition", condition_name(c->verdict.condition)},
            {"reason", c->verdict.reason},
        };
        if (c->source != "file") {
            j["purpose"] = c->purpose.empty() ? nlohmann::json(nullptr) : nlohmann::json(c->purpose);
            j["state"] = c->state;
            j["policy"] = c->policy;
            j["renewal"] = renewal_json(c->renewal);
        }
        certs.push_back(std::move(j));
    }
    nlohmann::json problems = nlohmann::json::array();
    for (const CheckProblem& p : r.problems) {
        problems.push_back({{"path", p.path}, {"why", p.why}});
    }
    nlohmann::json alarms = nlohmann::json::array();
    for (const CheckedAlarm& a : r.alarms) {
        alarms.push_back({{"kind", a.kind}, {"subject", a.subject}, {"severity", audit::severity_name(a.severity)},
                          {"reason", a.reason}});
    }
    const auto w = r.worst();
    return {
        {"checked_at", core::format_rfc3339(r.at)},
        {"thresholds",
         {{"minor", core::format_duration(r.thresholds.minor)}, {"major", core::format_duration(r.thresholds.major)}}},
        {"worst", w ? nlohmann::json(audit::severity_name(*w)) : nlohmann::json(nullptr)},
        {"exit_code", exit_code},
        {"summary",
         {{"checked", r.certs.size()},
          {"ok", r.count(std::nullopt)},
          {"minor", r.count(audit::Severity::minor)},
          {"major", r.count(audit::Severity::major)},
          {"critical", r.count(audit::Severity::critical)},
          {"problems", r.problems.size()}}},
        {"certificates", certs},
        {"problems", problems},
        {"alarms", alarms},
    };
}

CheckTable check_table(const CheckReport& r) {
    CheckTable t;
    t.headers = {"NAME", "NOT AFTER", "DAYS", "SEVERITY", "REASON"};
    t.right_aligned = {2};  // DAYS
    for (const CheckedCert* c : worst_first(r)) {
        std::string state = c->state == "out-of-service" ? " [out of service]" : "";
        if (c->renewal && (c->renewal->due || c->renewal->retry)) {
            state += " [renewal " + renewal_phrase(c->renewal) + "]";
        }
        t.rows.push_back({c->name, c->not_after ? core::format_rfc3339(*c->not_after) : "-",
                          c->verdict.left ? std::to_string(floor_days(*c->verdict.left)) : "-",
                          severity_or_ok(c->verdict.severity), c->verdict.reason + state});
    }
    return t;
}

std::string check_footer(const CheckReport& r) {
    std::string out;
    for (const CheckedAlarm& a : r.alarms) {
        out += std::string(audit::severity_name(a.severity)) + ": " + a.kind + " " + core::printable(a.subject) + ": " +
               core::printable(a.reason) + "\n";
    }
    out += "checked at " + core::format_rfc3339(r.at) + ": " + summary_line(r) + "\n";
    return out;
}

NagiosOutput check_nagios(const CheckReport& r) {
    std::ostringstream os;
    if (r.certs.empty()) {
        os << "CERTCTL UNKNOWN - no certificate checked";
        if (!r.problems.empty()) {
            os << " (" << r.problems.size() << " file" << (r.problems.size() == 1 ? "" : "s")
               << " skipped: " << core::printable(r.problems.front().path) << ": "
               << core::printable(r.problems.front().why) << ")";
        }
        os << " | certificates=0;;;0; problems=" << r.problems.size() << ";;;0;\n";
        return {os.str(), NagiosStatus::unknown};
    }
    const auto w = r.worst();
    NagiosStatus status = NagiosStatus::ok;
    const char* label = "OK";
    if (w == audit::Severity::minor) {
        status = NagiosStatus::warning;
        label = "WARNING";
    } else if (w) {
        status = NagiosStatus::critical;
        label = "CRITICAL";
    }
    os << "CERTCTL " << label << " - " << summary_line(r);
    const CheckedCert* soon = r.soonest();
    if (soon != nullptr) {
        os << "; soonest " << core::printable(soon->name) << ": " << core::printable(soon->verdict.reason);
    }
    os << " |";
    if (soon != nullptr && soon->verdict.left) {
        os << " soonest_days=" << floor_days(*soon->verdict.left) << ";" << r.thresholds.minor.count() / k_day << ";"
           << r.thresholds.major.count() / k_day << ";;";
    }
    os << " certificates=" << r.certs.size() << ";;;0; critical=" << r.count(audit::Severity::critical)
       << ";;;0; major=" << r.count(audit::Severity::major) << ";;;0; minor=" << r.count(audit::Severity::minor)
       << ";;;0; problems=" << r.problems.size() << ";;;0;\n";
    for (const CheckedCert* c : worst_first(r)) {
        if (!c->verdict.severity) {
            break;
        }
        os << audit::severity_name(*c->verdict.severity) << ": " << core::printable(c->name) << ": "
           << core::printable(c->verdict.reason) << "\n";
    }
    for (const CheckedAlarm& a : r.alarms) {
        os << audit::severity_name(a.severity) << ": " << a.kind << " " << core::printable(a.subject) << ": "
           << core::printable(a.reason) << "\n";
    }
    return {os.str(), status};
}

std::string prometheus_label_value(const std::string& v) {
    std::string out;
    out.reserve(v.size());
    for (const char ch : v) {
        if (ch == '\\') {
            out += "\\\\";
        } else if (ch == '"') {
            out += "\\\"";
        } else if (ch == '\n') {
            out += "\\n";
        } else {
            out += ch;
        }
    }
    return out;
}

std::string check_prometheus(const CheckReport& r, const std::vector<CrlState>& crls) {
    std::string out;
    out.reserve(r.certs.size() * 160 + 1024);
    auto family = [&out](const char* name, const char* help) {
        out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n";
    };
    family("certctl_certificate_expiry_seconds",
           "Seconds from the check time to the certificate's notAfter (negative once expired).");
    for (const CheckedCert& c : r.certs) {
        if (c.verdict.left) {
            out += "certctl_certificate_expiry_seconds{name=\"" + prometheus_label_value(c.name) + "\",source=\"" +
                   prometheus_label_value(c.source) + "\"} " + std::to_string(c.verdict.left->count()) + "\n";
        }
    }
    family("certctl_certificate_severity", "Alarm severity of the certificate: 0 none, 1 minor, 2 major, 3 critical.");
    for (const CheckedCert& c : r.certs) {
        out += "certctl_certificate_severity{name=\"" + prometheus_label_value(c.name) + "\",condition=\"" +
               condition_name(c.verdict.condition) + "\"} " +
               std::to_string(c.verdict.severity ? static_cast<int>(*c.verdict.severity) : 0) + "\n";
    }
    family("certctl_alarms", "Certificates alarming at the check time, by severity.");
    for (const auto s : {audit::Severity::minor, audit::Severity::major, audit::Severity::critical}) {
        out += std::string("certctl_alarms{severity=\"") + audit::severity_name(s) + "\"} " +
               std::to_string(r.count(s)) + "\n";
    }
    family("certctl_certificates_checked", "Certificates evaluated by this check.");
    out += "certctl_certificates_checked " + std::to_string(r.certs.size()) + "\n";
    family("certctl_check_problems", "Files skipped because they could not be read or held no certificate.");
    out += "certctl_check_problems " + std::to_string(r.problems.size()) + "\n";
    family("certctl_check_timestamp_seconds", "When the check evaluated, in seconds since the epoch.");
    out += "certctl_check_timestamp_seconds " + std::to_string(core::to_unix(r.at)) + "\n";
    if (!crls.empty()) {
        family("certctl_crl_age_seconds", "Seconds since the CRL source was last refreshed successfully (-1: never).");
        for (const CrlState& c : crls) {
            const std::int64_t age = c.last_success ? core::to_unix(r.at) - core::to_unix(*c.last_success) : -1;
            out += "certctl_crl_age_seconds{source=\"" + prometheus_label_value(c.name) + "\"} " + std::to_string(age) +
                   "\n";
        }
        family("certctl_crl_consecutive_failures", "Refreshes of the CRL source that failed since its last success.");
        for (const CrlState& c : crls) {
            out += "certctl_crl_consecutive_failures{source=\"" + prometheus_label_value(c.name) + "\"} " +
                   std::to_string(c.consecutive_failures) + "\n";
        }
    }
    return out;
}

}  // namespace certctl::policies
