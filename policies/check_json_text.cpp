// policies/check_json_text.cpp — CheckJsonPieces (see check_json_text.h). Every object's keys are written in
// std::map order (byte order), as nlohmann::json keeps them; the layout is nlohmann's pretty printer's.
#include "policies/check_json_text.h"

#include "lib/core/duration.h"
#include "lib/core/json_text.h"
#include "lib/core/rfc3339.h"
#include "policies/check_render.h"
#include "policies/renewal_status.h"

#include <utility>
#include <vector>

namespace certctl::policies {

namespace {
void certificate(core::JsonText& p, const CheckedCert& c) {
    const bool store_row = c.source != "file";
    p.open('{');
    p.key("condition");
    p.text(condition_name(c.verdict.condition));
    p.key("days_left");
    c.verdict.left ? p.integer(core::whole_days(*c.verdict.left)) : p.null();
    p.key("fingerprint");
    p.text_or_null(c.fingerprint);
    p.key("name");
    p.text(c.name);
    p.key("not_after");
    c.not_after ? p.time(*c.not_after) : p.null();
    p.key("not_before");
    c.not_before ? p.time(*c.not_before) : p.null();
    p.key("path");
    p.text_or_null(c.path);
    if (store_row) {
        p.key("policy");
        p.text(c.policy);
        p.key("purpose");
        p.text_or_null(c.purpose);
    }
    p.key("reason");
    p.text(c.verdict.reason);
    if (store_row) {
        p.key("renewal");
        renewal_json_text(p, c.renewal);
    }
    p.key("seconds_left");
    c.verdict.left ? p.integer(c.verdict.left->count()) : p.null();
    p.key("serial");
    p.text(c.serial);
    p.key("severity");
    c.verdict.severity ? p.text(audit::severity_name(*c.verdict.severity)) : p.null();
    p.key("source");
    p.text(c.source);
    if (store_row) {
        p.key("state");
        p.text(c.state);
    }
    p.key("subject_cn");
    p.text(c.subject_cn);
    p.close('}');
}
}  // namespace

namespace {
void alarms(core::JsonText& p, const std::vector<CheckedAlarm>& list) {
    p.open('[');
    for (const CheckedAlarm& a : list) {
        p.item();
        p.open('{');
        p.key("kind");
        p.text(a.kind);
        p.key("reason");
        p.text(a.reason);
        p.key("severity");
        p.text(audit::severity_name(a.severity));
        p.key("subject");
        p.text(a.subject);
        p.close('}');
    }
    p.close(']');
}

void problems(core::JsonText& p, const std::vector<CheckProblem>& list) {
    p.open('[');
    for (const CheckProblem& problem : list) {
        p.item();
        p.open('{');
        p.key("path");
        p.text(problem.path);
        p.key("why");
        p.text(problem.why);
        p.close('}');
    }
    p.close(']');
}

void summary(core::JsonText& p, const CheckReport& r) {
    p.open('{');
    p.key("checked");
    p.integer(r.certs.size());
    p.key("critical");
    p.integer(r.count(audit::Severity::critical));
    p.key("major");
    p.integer(r.count(audit::Severity::major));
    p.key("minor");
    p.integer(r.count(audit::Severity::minor));
    p.key("ok");
    p.integer(r.count(std::nullopt));
    p.key("problems");
    p.integer(r.problems.size());
    p.close('}');
}

void thresholds(core::JsonText& p, const CheckReport& r) {
    p.open('{');
    p.key("major");
    p.text(core::format_duration(r.thresholds.major));
    p.key("minor");
    p.text(core::format_duration(r.thresholds.minor));
    p.close('}');
}
}  // namespace

CheckJsonPieces::CheckJsonPieces(const CheckReport& r, int exit_code)
    : m_report(r), m_exit_code(exit_code), m_order(worst_first(r)) {}

// The keys in the order nlohmann's dump writes them (sorted), so the bytes equal check_json(...).dump(2).
std::string CheckJsonPieces::piece(std::size_t begin, std::size_t end) const {
    const CheckReport& r = m_report;
    core::JsonText p;
    p.out.reserve(256 + (end - begin) * 900);
    if (begin == 0) {
        p.open('{');
        p.key("alarms");
        alarms(p, r.alarms);
        p.key("certificates");
        p.open('[');
    } else {
        p.resume(2);  // in the document's certificates array, after the previous piece's last item
    }
    for (std::size_t i = begin; i < end; ++i) {
        p.item();
        certificate(p, *m_order[i]);
    }
    if (end < m_order.size()) {
        return std::move(p.out);
    }
    p.close(']');
    p.key("checked_at");
    p.time(r.at);
    p.key("exit_code");
    p.integer(m_exit_code);
    p.key("problems");
    problems(p, r.problems);
    p.key("summary");
    summary(p, r);
    p.key("thresholds");
    thresholds(p, r);
    p.key("worst");
    const auto w = r.worst();
    w ? p.text(audit::severity_name(*w)) : p.null();
    p.close('}');
    p.out += '\n';
    return std::move(p.out);  // a member is not moved on return by itself: that copy was 84 MB at 100,000
}

}  // namespace certctl::policies
