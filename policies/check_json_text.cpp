// policies/check_json_text.cpp — check_json_text (see check_json_text.h). Every object's keys are written in
// std::map order (byte order), as nlohmann::json keeps them; the layout is nlohmann's pretty printer's.
#include "policies/check_json_text.h"

#include "lib/core/duration.h"
#include "lib/core/rfc3339.h"
#include "policies/check_render.h"
#include "policies/renewal_status.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <string_view>
#include <vector>

namespace certctl::policies {

namespace {
// nlohmann's dump(2): "{", then each member on its own line one level deeper, "}" on a line of its own;
// an empty object or array is "{}" or "[]".
class Pretty {
public:
    std::string out;

    void open(char c) {
        out += c;
        m_first.push_back(true);
    }
    void close(char c) {
        const bool empty = m_first.back();
        m_first.pop_back();
        if (!empty) {
            newline();
        }
        out += c;
    }
    void item() {
        if (!m_first.back()) {
            out += ',';
        }
        m_first.back() = false;
        newline();
    }
    void key(std::string_view k) {  // keys here are plain ASCII: nothing to escape
        item();
        out += '"';
        out += k;
        out += "\": ";
    }
    void null() { out += "null"; }
    void boolean(bool b) { out += b ? "true" : "false"; }
    template <typename Int>
    void integer(Int v) {
        char buf[24];
        out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    }
    void unsigned_integer(std::uint64_t v) { integer(v); }
    void time(core::TimePoint at);
    void text(std::string_view s);
    void text_or_null(const std::string& s) { s.empty() ? null() : text(s); }

private:
    std::vector<bool> m_first;
    void newline() {
        out += '\n';
        out.append(m_first.size() * 2, ' ');
    }
};

// nlohmann's escapes without ensure_ascii: the two-character forms, \u00xx for the other control characters,
// everything else as it is. A string with bytes above 0x7f is left to nlohmann itself (its UTF-8 check and
// the replacement of invalid sequences).
void Pretty::text(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            return;
        }
    }
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

// core::format_rfc3339's text, quoted, written in place for the years it writes with four digits (a check
// writes three or four times per certificate, and its snprintf was a tenth of a large check).
void Pretty::time(core::TimePoint at) {
    const core::CivilTime c = core::civil_time(core::to_unix(at));
    if (c.year < 0 || c.year > 9999) {
        text(core::format_rfc3339(at));
        return;
    }
    char buf[23] = "\"0000-00-00T00:00:00Z\"";
    const auto put = [&buf](int pos, unsigned v, int width) {
        for (int i = width - 1; i >= 0; --i, v /= 10) {
            buf[pos + i] = static_cast<char>('0' + v % 10);
        }
    };
    put(1, static_cast<unsigned>(c.year), 4);
    put(6, c.month, 2);
    put(9, c.day, 2);
    put(12, c.hour, 2);
    put(15, c.minute, 2);
    put(18, c.second, 2);
    out.append(buf, 22);
}

void renewal(Pretty& p, const std::optional<RenewalStatus>& s) {
    if (!s) {
        p.null();
        return;
    }
    p.open('{');
    p.key("due");
    p.boolean(s->due);
    p.key("failures");
    p.integer(s->retry ? s->retry->failures : 0);
    p.key("last_error");
    s->retry ? p.text(s->retry->last_error) : p.null();
    p.key("last_try");
    s->retry ? p.text(s->retry->last_try) : p.null();
    p.key("next_try");
    s->retry ? p.text(s->retry->next_try) : p.null();
    p.key("renew_at");
    p.time(s->renew_at);
    p.key("renewed_at");
    p.text_or_null(s->renewed_at);
    p.close('}');
}

void certificate(Pretty& p, const CheckedCert& c) {
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
        renewal(p, c.renewal);
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
void alarms(Pretty& p, const std::vector<CheckedAlarm>& list) {
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

void problems(Pretty& p, const std::vector<CheckProblem>& list) {
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

void summary(Pretty& p, const CheckReport& r) {
    p.open('{');
    p.key("checked");
    p.unsigned_integer(r.certs.size());
    p.key("critical");
    p.unsigned_integer(r.count(audit::Severity::critical));
    p.key("major");
    p.unsigned_integer(r.count(audit::Severity::major));
    p.key("minor");
    p.unsigned_integer(r.count(audit::Severity::minor));
    p.key("ok");
    p.unsigned_integer(r.count(std::nullopt));
    p.key("problems");
    p.unsigned_integer(r.problems.size());
    p.close('}');
}

void thresholds(Pretty& p, const CheckReport& r) {
    p.open('{');
    p.key("major");
    p.text(core::format_duration(r.thresholds.major));
    p.key("minor");
    p.text(core::format_duration(r.thresholds.minor));
    p.close('}');
}
}  // namespace

// The keys in the order nlohmann's dump writes them (sorted), so the bytes equal check_json(...).dump(2).
std::string check_json_text(const CheckReport& r, int exit_code) {
    Pretty p;
    p.out.reserve(256 + r.certs.size() * 900);
    p.open('{');
    p.key("alarms");
    alarms(p, r.alarms);
    p.key("certificates");
    p.open('[');
    for (const CheckedCert* c : worst_first(r)) {
        p.item();
        certificate(p, *c);
    }
    p.close(']');
    p.key("checked_at");
    p.time(r.at);
    p.key("exit_code");
    p.integer(exit_code);
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
    return p.out;
}

}  // namespace certctl::policies
