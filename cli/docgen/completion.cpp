// cli/docgen/completion.cpp — writes the tables of the command model into small shell functions that walk
// the words typed so far: the command path (groups and verbs), then options, option values and positionals.
#include "cli/docgen/completion.h"

#include "cli/docgen/stored_names.h"

#include <functional>

namespace certctl::cli::docgen {

namespace {
// Table keys are "certctl", "certctl crl", "certctl crl add" (bash forbids an empty key).
std::string key(const CommandDoc& cmd) {
    return cmd.command_line();
}

std::string single_quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// The kinds as one word: "certs,file".
std::string kind_word(const CommandDoc& cmd, const OptionDoc& arg) {
    std::string kind = argument_kind(cmd, arg);
    for (char& c : kind) {
        c = c == ' ' ? ',' : c;
    }
    return kind.empty() ? "-" : kind;
}

// One table entry: bash's `[key]=value`, or zsh's `key value` (zsh reads no quoted [key]=).
struct Entry {
    bool zsh;
    std::string operator()(const std::string& key_text, const std::string& value) const {
        return zsh ? "  " + single_quoted(key_text) + " " + single_quoted(value) + "\n"
                   : "  [" + single_quoted(key_text) + "]=" + single_quoted(value) + "\n";
    }
};

struct Tables {
    Entry entry;
    std::string commands;     // key -> "add list show"
    std::string options;      // key -> "--issuer --trust"
    std::string values;       // "key --option" -> kind, for options that take a value
    std::string positionals;  // key -> "crls certs,file ..." ("..." last: the one before repeats)
};

void fill(const CommandDoc& cmd, Tables& t, const std::function<std::string(const CommandDoc&)>& entry_of_command,
          const std::function<std::string(const OptionDoc&)>& entry_of_option) {
    std::string commands;
    for (const CommandDoc& sub : cmd.commands) {
        commands += (commands.empty() ? "" : "\n") + entry_of_command(sub);
    }
    std::string options;
    std::string positionals;
    for (const OptionDoc& o : cmd.options) {
        if (o.positional) {
            positionals += (positionals.empty() ? "" : " ") + kind_word(cmd, o);
            if (o.value.find("...") != std::string::npos) {
                positionals += " ...";
            }
            continue;
        }
        options += (options.empty() ? "" : "\n") + entry_of_option(o);
        if (o.takes_value) {
            for (const std::string& n : o.names) {
                t.values += t.entry(key(cmd) + " " + n, kind_word(cmd, o));
            }
        }
    }
    // -h,--help, which the model leaves out (every command has it)
    options += "\n" + entry_of_option(OptionDoc{{"-h", "--help"}, "", "print this help and exit", "", false, false});
    if (!commands.empty()) {
        t.commands += t.entry(key(cmd), commands);
    }
    t.options += t.entry(key(cmd), options);
    if (!positionals.empty()) {
        t.positionals += t.entry(key(cmd), positionals);
    }
    for (const CommandDoc& sub : cmd.commands) {
        fill(sub, t, entry_of_command, entry_of_option);
    }
}

std::string names_only(const OptionDoc& o) {
    std::string names;
    for (const std::string& n : o.names) {
        names += (names.empty() ? "" : "\n") + n;
    }
    return names;
}

// zsh's _describe entries: "name:description", a colon in the name escaped.
std::string described(const std::string& name, const std::string& description) {
    std::string escaped;
    for (char c : name) {
        escaped += c == ':' ? std::string("\\:") : std::string(1, c);
    }
    std::string line = description.substr(0, description.find('\n'));
    return escaped + ":" + line;
}

// The walk over the words before the cursor, the same in both shells but for how words are indexed.
// Sets cmdpath (the deepest command reached), npos (positionals since), pending (an option whose value is
// being typed) and store (--store DIR as typed, for __names).
const char* k_walk_body = R"sh(    word=${words_typed[i]}
    if [[ -n $pending ]]; then
      [[ $word == = ]] && continue
      [[ $pending == --store ]] && store=(--store "$word")
      pending=
      continue
    fi
    case $word in
      --store=*) store=("$word") ;;
      -*=*) ;;
      -*)
        if [[ -n ${_certctl_values["$cmdpath $word"]+set} || -n ${_certctl_values["certctl $word"]+set} ]]; then
          pending=$word
        fi ;;
      *)
        if [[ $'\n'${_certctl_commands[$cmdpath]}$'\n' == *$'\n'$word$'\n'* ]]; then
          cmdpath+=" $word"
          npos=0
        else
          npos=$((npos + 1))
        fi ;;
    esac
)sh";
}  // namespace

// Long by design: most of it is the completion script's own text in raw strings, kept whole so it reads
// as the shell code it is.
std::string bash_completion(const CommandDoc& root) {
    Tables t{Entry{false}, "", "", "", ""};
    fill(
        root, t, [](const CommandDoc& c) { return c.path.back(); }, names_only);
    std::string out =
        "# certctl bash completion: groups, verbs, options and the names in the store.\n"
        "# Generated by certctl-docgen from certctl's command definitions (the text of --help); do not edit.\n"
        "# Installed as /usr/share/bash-completion/completions/certctl; or: source this file.\n\n";
    out += "declare -gA _certctl_commands=(\n" + t.commands + ")\n";
    out += "declare -gA _certctl_options=(\n" + t.options + ")\n";
    out += "declare -gA _certctl_values=(\n" + t.values + ")\n";
    out += "declare -gA _certctl_positionals=(\n" + t.positionals + ")\n\n";
    out += R"sh(# _certctl_offer KINDS: stored names (certctl __names KIND), files or directories matching $cur.
_certctl_offer() {
  local kind
  local IFS=$'\n'
  for kind in ${1//,/$'\n'}; do
    case $kind in
      -) ;;
      file) COMPREPLY+=($(compgen -f -- "$cur")) ;;
      dir) COMPREPLY+=($(compgen -d -- "$cur")) ;;
      *) COMPREPLY+=($(compgen -W "$("$certctl" "${store[@]}" __names "$kind" 2>/dev/null)" -- "$cur")) ;;
    esac
  done
}

_certctl() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath=certctl word pending= npos=0 i
  local certctl=${COMP_WORDS[0]}
  local -a store=() words_typed=("${COMP_WORDS[@]}")
  COMPREPLY=()
  [[ $cur == = ]] && cur=
  for ((i = 1; i < COMP_CWORD; i++)); do
)sh";
    out += k_walk_body;
    out += R"sh(  done
  if [[ -n $pending ]]; then
    local kind=${_certctl_values["$cmdpath $pending"]-${_certctl_values["certctl $pending"]}}
    _certctl_offer "$kind"
    return 0
  fi
  if [[ $cur == -* ]]; then
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "${_certctl_options[$cmdpath]}"$'\n'"${_certctl_options[certctl]}" -- "$cur"))
    return 0
  fi
  if [[ -n ${_certctl_commands[$cmdpath]} ]]; then
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "${_certctl_commands[$cmdpath]}" -- "$cur"))
    return 0
  fi
  local -a kinds=(${_certctl_positionals[$cmdpath]})
  local n=${#kinds[@]}
  ((n == 0)) && return 0
  if ((npos >= n)) || [[ ${kinds[npos]} == ... ]]; then
    [[ ${kinds[n - 1]} == ... ]] || return 0
    npos=$((n - 2))
  fi
  _certctl_offer "${kinds[npos]}"
  return 0
}
complete -o filenames -F _certctl certctl
)sh";
    return out;
}

// Long by design: most of it is the completion script's own text in raw strings, kept whole so it reads
// as the shell code it is.
std::string zsh_completion(const CommandDoc& root) {
    Tables t{Entry{true}, "", "", "", ""};
    fill(
        root, t, [](const CommandDoc& c) { return described(c.path.back(), c.description); },
        [](const OptionDoc& o) {
            std::string lines;
            for (const std::string& n : o.names) {
                lines += (lines.empty() ? "" : "\n") + described(n, o.description);
            }
            return lines;
        });
    std::string out =
        "#compdef certctl\n"
        "# certctl zsh completion: groups, verbs, options (with their --help text) and the names in the store.\n"
        "# Generated by certctl-docgen from certctl's command definitions (the text of --help); do not edit.\n"
        "# Installed as /usr/share/zsh/vendor-completions/_certctl.\n\n";
    out += "typeset -gA _certctl_commands _certctl_options _certctl_values _certctl_positionals\n";
    out += "_certctl_commands=(\n" + t.commands + ")\n";
    out += "_certctl_options=(\n" + t.options + ")\n";
    out += "_certctl_values=(\n" + t.values + ")\n";
    out += "_certctl_positionals=(\n" + t.positionals + ")\n\n";
    out += R"sh(# _certctl_offer KINDS: stored names (certctl __names KIND), files or directories.
_certctl_offer() {
  local kind
  for kind in ${(s:,:)1}; do
    case $kind in
      -) ;;
      file) _files ;;
      dir) _files -/ ;;
      *) compadd -- ${(f)"$($words[1] $store __names $kind 2>/dev/null)"} ;;
    esac
  done
}

# _certctl_entries: the first words of "name:description" lines (the commands to match against).
_certctl() {
  local cmdpath=certctl word pending= npos=0 i
  local -a store words_typed described
  words_typed=("${(@)words[1,CURRENT-1]}")
  for ((i = 2; i <= $#words_typed; i++)); do
)sh";
    std::string walk = k_walk_body;
    // zsh: the command table holds "name:description" lines; match on the name before the colon.
    const std::string bash_match = "if [[ $'\\n'${_certctl_commands[$cmdpath]}$'\\n' == *$'\\n'$word$'\\n'* ]]; then";
    const std::string zsh_match = "if [[ $'\\n'${_certctl_commands[$cmdpath]} == *$'\\n'$word:* ]]; then";
    walk.replace(walk.find(bash_match), bash_match.size(), zsh_match);
    out += walk;
    out += R"sh(  done
  if [[ -n $pending ]]; then
    local kind=${_certctl_values[$cmdpath $pending]-${_certctl_values[certctl $pending]}}
    _certctl_offer "$kind"
    return
  fi
  if [[ $PREFIX == -* ]]; then
    described=(${(f)_certctl_options[$cmdpath]} ${(f)_certctl_options[certctl]})
    _describe -t options option described
    return
  fi
  if [[ -n ${_certctl_commands[$cmdpath]} ]]; then
    described=(${(f)_certctl_commands[$cmdpath]})
    _describe -t commands command described
    return
  fi
  local -a kinds
  kinds=(${=_certctl_positionals[$cmdpath]})
  local n=$#kinds
  ((n == 0)) && return
  # zsh arrays count from 1; npos counts from 0
  if ((npos >= n)) || [[ ${kinds[npos + 1]} == ... ]]; then
    [[ ${kinds[n]} == ... ]] || return
    npos=$((n - 2))
  fi
  _certctl_offer "${kinds[npos + 1]}"
}

_certctl "$@"
)sh";
    return out;
}

}  // namespace certctl::cli::docgen
