// cli/docgen/command_model.h — the CLI11 tree as plain data: what the man pages and completion scripts are
// written from. Every text comes from the definitions --help prints, so the generated files cannot drift.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace certctl::cli::docgen {

struct OptionDoc {
    std::vector<std::string> names;  // "-q", "--quiet"; a positional has its one NAME
    std::string value;               // what --help prints after the names ("FILE", "TEXT ..."); "" for a flag
    std::string description;
    std::string section;  // "" for the command's own options, else its option group ("Subject")
    bool positional = false;
    bool takes_value = false;
};

// The footer set_help() writes: "EXIT CODES" and "EXAMPLES", each a heading line followed by its lines.
struct HelpSections {
    std::vector<std::pair<std::string, std::string>> exit_codes;  // ("0", "ok"); ("", text) for a note
    std::vector<std::pair<std::string, std::string>> examples;    // (intent, command)
};

struct CommandDoc {
    std::vector<std::string> path;  // {"crl", "add"}; empty for certctl itself
    std::string description;
    std::vector<OptionDoc> options;  // positionals first, in order; --help is left out
    HelpSections help;
    std::vector<CommandDoc> commands;  // visible subcommands, in --help's order

    std::string command_line() const;  // "certctl crl add"
};

// Walks `app` (built by build_command_tree) and everything visible under it.
CommandDoc describe(const CLI::App& app, std::vector<std::string> path = {});

// Parses a footer written by set_help() (or the root's EXIT CODES footer).
HelpSections parse_footer(const std::string& footer);

}  // namespace certctl::cli::docgen
