// cli/docgen/stored_names.cpp — the table of arguments that name stored things. CLI11 has no place for
// this on an option, so it lives here, keyed by command and argument, and is checked against the tree.
#include "cli/docgen/stored_names.h"

#include <set>

namespace certctl::cli::docgen {

namespace {
struct Entry {
    const char* command;   // "key show"; "*" for every command that has the option
    const char* argument;  // positional NAME or an option's long name
    const char* kind;
};

// Only arguments that must already exist: the NAME of `key generate` or `ca init` is new and offers nothing.
const std::vector<Entry>& entries() {
    static const std::vector<Entry> table = {
        {"key show", "NAME", "keys"},
        {"key export-public", "NAME", "keys"},
        {"key delete", "NAME", "keys"},
        {"*", "--key", "keys"},
        {"csr show", "NAME", "csrs file"},
        {"csr export", "NAME", "csrs"},
        {"ca issue", "--csr-name", "csrs"},
        {"cert show", "NAME", "certs"},
        {"cert export", "NAME", "certs"},
        {"cert remove", "NAME", "certs"},
        {"cert verify", "NAME|FILE", "certs file"},
        {"policy set", "name", "certs"},
        {"policy show", "name", "certs"},
        {"check", "targets", "certs file"},
        {"ca revoke", "--cert", "certs"},
        {"crl add", "--from-cert", "certs"},
        {"serve", "--tls-cert", "certs"},
        {"trust add", "BUNDLE", "bundles"},
        {"trust list", "BUNDLE", "bundles"},
        {"trust show", "BUNDLE", "bundles"},
        {"trust export", "BUNDLE", "bundles"},
        {"trust remove", "BUNDLE", "bundles"},
        {"trust probe", "--bundle", "bundles"},
        {"*", "--trust", "bundles"},
        {"crl add", "--tls-bundle", "bundles"},
        {"crl add", "--issuer", "bundles file"},
        {"ca show", "NAME", "cas"},
        {"ca issue", "CA", "cas"},
        {"ca revoke", "CA", "cas"},
        {"ca crl", "CA", "cas"},
        {"ca init", "--issuer", "cas"},
        {"exchange authorize", "--ca", "cas"},
        {"exchange sync-response", "--ca", "cas"},
        {"crl show", "NAME", "crls"},
        {"crl import", "NAME", "crls"},
        {"crl remove", "NAME", "crls"},
        {"crl refresh", "NAME", "crls"},
        {"crl lookup", "--issuer", "crls"},
        {"user passwd", "NAME", "users"},
        {"user revoke-tokens", "NAME", "users"},
        {"user remove", "NAME", "users"},
    };
    return table;
}

std::string path_text(const CommandDoc& cmd) {
    std::string text;
    for (const std::string& p : cmd.path) {
        text += (text.empty() ? "" : " ") + p;
    }
    return text;
}

bool matches(const Entry& e, const CommandDoc& cmd, const OptionDoc& arg) {
    if (std::string(e.command) != "*" && e.command != path_text(cmd)) {
        return false;
    }
    for (const std::string& n : arg.names) {
        if (n == e.argument) {
            return true;
        }
    }
    return false;
}

bool upper_word(const std::string& s, const char* word) {
    return s == word || s.rfind(std::string(word) + " ", 0) == 0;
}

void collect_matches(const CommandDoc& cmd, std::set<const Entry*>& used) {
    for (const OptionDoc& arg : cmd.options) {
        for (const Entry& e : entries()) {
            if (matches(e, cmd, arg)) {
                used.insert(&e);
            }
        }
    }
    for (const CommandDoc& sub : cmd.commands) {
        collect_matches(sub, used);
    }
}
}  // namespace

std::string argument_kind(const CommandDoc& cmd, const OptionDoc& arg) {
    for (const Entry& e : entries()) {
        if (matches(e, cmd, arg)) {
            return e.kind;
        }
    }
    // Otherwise by what --help calls the value: FILE and PATH are files, DIR is a directory.
    const std::string& what = arg.positional ? arg.names.front() : arg.value;
    if (upper_word(what, "FILE") || upper_word(what, "PATH")) {
        return "file";
    }
    if (upper_word(what, "DIR") || (!arg.positional && arg.names.back() == "--out-dir")) {
        return "dir";
    }
    const std::string& last = arg.names.back();
    const bool file_option = last == "--out" || (last.size() > 5 && last.compare(last.size() - 5, 5, "-file") == 0);
    if (!arg.positional && file_option) {
        return "file";
    }
    return "";
}

std::vector<std::string> unmatched_entries(const CommandDoc& root) {
    std::set<const Entry*> used;
    collect_matches(root, used);
    std::vector<std::string> unmatched;
    for (const Entry& e : entries()) {
        if (used.count(&e) == 0) {
            unmatched.push_back(std::string(e.command) + " " + e.argument);
        }
    }
    return unmatched;
}

}  // namespace certctl::cli::docgen
