// lib/core/keep_until_exit.h — a large structure a command no longer needs, kept until the process exits
// instead of freed object by object just before it does (git's UNLEAK): a check of 100,000 certificates
// spent a tenth of its time freeing its report and rows on the way out. For one-shot commands only, never in
// a long-running process (serve, watch). The objects stay reachable, so a leak checker does not report them.
#pragma once
#include <type_traits>
#include <utility>
#include <vector>

namespace certctl::core {

template <class T>
void keep_until_exit(T&& value) {
    static auto* const kept = new std::vector<const void*>();  // never destroyed, on purpose
    kept->push_back(new std::decay_t<T>(std::forward<T>(value)));
}

}  // namespace certctl::core
