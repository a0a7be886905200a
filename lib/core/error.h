// lib/core/error.h — the one error type: what failed, on which subject, why, and what to do.
#pragma once
#include <stdexcept>
#include <string>

namespace certctl::core {

// Each category maps to exactly one exit code (cli/exit_codes.h); never reuse one for another meaning.
enum class Errc {
    usage,         // 64: bad flag, bad name, missing argument
    bad_input,     // 65: unparsable file, wrong signature, private key in file, validation failed
    not_found,     // 66: no such name, file, CA, bundle or CRL source
    unavailable,   // 69: remote could not be reached; last good data kept
    internal,      // 70: a bug
    cannot_write,  // 73: disk full, read-only store, output path not writable
    locked,        // 75: another certctl holds the store
    permission,    // 77: permission denied on the store or a key
};

// Stable snake_case names for JSON error objects ("code").
const char* errc_name(Errc code);

class Error : public std::runtime_error {
public:
    Error(Errc code, std::string action, std::string subject, std::string why, std::string hint = {});

    Errc code() const { return m_code; }
    const std::string& action() const { return m_action; }
    const std::string& subject() const { return m_subject; }
    const std::string& why() const { return m_why; }
    const std::string& hint() const { return m_hint; }

private:
    Errc m_code;
    std::string m_action;
    std::string m_subject;
    std::string m_why;
    std::string m_hint;
};

}  // namespace certctl::core
