// cli/docgen/tree_agreement.h — certctl parses with a partial command tree (build_command_tree_for): the
// build checks that it says what the whole tree says.
#pragma once

namespace certctl::cli::docgen {

// Throws, naming the command and what differs, when the top-level listing of the partial tree or the help
// of any group built on its own differs from the whole tree's.
void check_partial_trees_agree();

}  // namespace certctl::cli::docgen
