// cli/docgen/command_model.cpp — reads the CLI11 tree the way CLI11's help formatter does.
#include "cli/docgen/command_model.h"

#include <CLI/CLI.hpp>
#include <sstream>

namespace certctl::cli::docgen {

namespace {
bool starts_with_digit(const std::string& s) {
    return !s.empty() && s[0] >= '0' && s[0] <= '9';
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(' ');
    if (b == std::string::npos) {
        return "";
    }
    return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// "  0 added   64 bad name; name taken" -> ("0", "added"), ("64", "bad name; name taken"): entries are
// separated by three spaces, each starts with its code. A line in lower case goes on with the meaning before
// it; any other line that does not start with a code is a note of its own.
void parse_exit_code_line(const std::string& line, std::vector<std::pair<std::string, std::string>>& out) {
    std::string rest = trim(line);
    const bool continues =
        !rest.empty() && rest[0] >= 'a' && rest[0] <= 'z' && !out.empty() && !out.back().first.empty();
    if (continues) {  // the previous meaning, wrapped: "... or a local CA\n  signs with it   66 no such key"
        const auto gap = rest.find("   ");
        out.back().second += " " + trim(rest.substr(0, gap));
        rest = gap == std::string::npos ? "" : trim(rest.substr(gap));
    } else if (!starts_with_digit(rest)) {  // a line of its own ("--format nagios: 0 OK   1 WARNING ..."): whole
        out.emplace_back("", rest);
        return;
    }
    while (!rest.empty()) {
        const auto gap = rest.find("   ");
        std::string piece = trim(rest.substr(0, gap));
        rest = gap == std::string::npos ? "" : trim(rest.substr(gap));
        const auto space = piece.find(' ');
        if (starts_with_digit(piece) && space != std::string::npos && piece.find_first_not_of("0123456789") == space) {
            out.emplace_back(piece.substr(0, space), piece.substr(space + 1));
        } else {
            out.emplace_back("", piece);
        }
    }
}

// What CLI11's formatter prints after an option's names: type name, default, "...", REQUIRED.
std::string value_text(const CLI::Option& opt) {
    if (opt.get_type_size() == 0) {
        return "";
    }
    std::string text = opt.get_type_name();
    if (!opt.get_default_str().empty()) {
        text += "=" + opt.get_default_str();
    }
    if (opt.get_expected_max() == CLI::detail::expected_max_vector_size) {
        text += " ...";
    } else if (opt.get_expected_min() > 1) {
        text += " x " + std::to_string(opt.get_expected());
    }
    if (opt.get_required()) {
        text += " REQUIRED";
    }
    return text;
}

OptionDoc option_doc(const CLI::Option& opt, const std::string& section) {
    OptionDoc d;
    d.positional = opt.nonpositional() == false;
    if (d.positional) {
        d.names.push_back(opt.get_name(true, false));
    } else {
        for (const std::string& s : opt.get_snames()) {
            d.names.push_back("-" + s);
        }
        for (const std::string& l : opt.get_lnames()) {
            d.names.push_back("--" + l);
        }
    }
    d.value = value_text(opt);
    d.takes_value = opt.get_type_size() != 0;
    d.description = opt.get_description();
    d.section = section;
    return d;
}

void add_options(const CLI::App& app, const std::string& section, std::vector<OptionDoc>& out) {
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_group().empty() || opt == app.get_help_ptr()) {
            continue;  // hidden, or -h,--help (every command has it; the man page says so once)
        }
        out.push_back(option_doc(*opt, section));
    }
}
}  // namespace

std::string CommandDoc::command_line() const {
    std::string line = "certctl";
    for (const std::string& p : path) {
        line += " " + p;
    }
    return line;
}

HelpSections parse_footer(const std::string& footer) {
    HelpSections h;
    std::istringstream in(footer);
    std::string line;
    std::string section;
    std::string intent;
    while (std::getline(in, line)) {
        if (line == "EXIT CODES" || line == "EXAMPLES") {
            section = line;
        } else if (trim(line).empty()) {
            continue;
        } else if (section == "EXIT CODES") {
            parse_exit_code_line(line, h.exit_codes);
        } else if (section == "EXAMPLES" && line.rfind("    ", 0) == 0) {
            h.examples.emplace_back(intent, trim(line));
        } else if (section == "EXAMPLES") {
            intent = trim(line);
        }
    }
    return h;
}

CommandDoc describe(const CLI::App& app, std::vector<std::string> path) {
    CommandDoc doc;
    doc.path = std::move(path);
    doc.description = app.get_description();
    std::vector<OptionDoc> positionals;
    std::vector<OptionDoc> options;
    add_options(app, "", options);
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name().empty() && !sub->get_group().empty()) {  // an option group: its title is its name
            add_options(*sub, sub->get_group(), options);
        }
    }
    for (OptionDoc& o : options) {
        (o.positional ? positionals : doc.options).push_back(std::move(o));
    }
    doc.options.insert(doc.options.begin(), positionals.begin(), positionals.end());
    doc.help = parse_footer(app.get_footer());
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name().empty() || sub->get_group().empty()) {
            continue;  // option groups (above) and hidden commands (certctl __names)
        }
        std::vector<std::string> sub_path = doc.path;
        sub_path.push_back(sub->get_name());
        doc.commands.push_back(describe(*sub, sub_path));
    }
    return doc;
}

}  // namespace certctl::cli::docgen
