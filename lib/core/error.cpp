// lib/core/error.cpp — formats core::Error as "WHAT (SUBJECT): WHY".
#include "lib/core/error.h"

#include <utility>

namespace certctl::core {

namespace {
std::string format(const std::string& action, const std::string& subject, const std::string& why) {
    std::string out = action;
    if (!subject.empty()) {
        out += " (" + subject + ")";
    }
    if (!why.empty()) {
        out += ": " + why;
    }
    return out;
}
}  // namespace

const char* errc_name(Errc code) {
    switch (code) {
        case Errc::usage: return "usage";
        case Errc::bad_input: return "bad_input";
        case Errc::not_found: return "not_found";
        case Errc::unavailable: return "unavailable";
        case Errc::internal: return "internal";
        case Errc::cannot_write: return "cannot_write";
        case Errc::locked: return "locked";
        case Errc::permission: return "permission";
    }
    return "internal";
}

Error::Error(Errc code, std::string action, std::string subject, std::string why, std::string hint)
    : std::runtime_error(format(action, subject, why)),
      m_code(code),
      m_action(std::move(action)),
      m_subject(std::move(subject)),
      m_why(std::move(why)),
      m_hint(std::move(hint)) {}

}  // namespace certctl::core
