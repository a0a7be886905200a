// lib/core/wipe.h — wiping secret bytes held in std::string (key file contents, passphrases). The APIs these pass
// through take strings, so their owner wipes them before the memory goes back to the allocator, where a later
// reader (a core file, a bug that reads freed memory) would find them. Key material itself lives in Botan's
// secure_vector, which wipes itself.
#pragma once
#include <optional>
#include <string>

namespace certctl::core {

// Zeroes every byte the string owns, its whole capacity (a shorter value may have replaced a longer one), and
// empties it. explicit_bzero: the compiler cannot drop it as a store nobody reads.
void wipe(std::string& s) noexcept;
void wipe(std::optional<std::string>& s) noexcept;
void wipe(void* data, std::size_t size) noexcept;

// Zeroes the stack below the caller's frame: what functions that have returned left there. Key bytes reach the
// stack where no wipe can follow them: the dynamic loader's lazy-binding resolver saves every vector register
// (holding the last bytes memcpy moved) on the first call of a library function, and Botan's and the standard
// library's frames keep their locals. Called when a key operation returns (keys::KeyStore) and once more when
// the command is done (wipe_stack_if_used, from main). The depth is what certctl's deepest path uses (the
// 64 KiB read buffer under a command, Botan below it) with room to spare; threads get 8 MiB stacks.
void wipe_stack() noexcept;
// wipe_stack() if it was called at least once in this process, else nothing (commands that never touch a key).
void wipe_stack_if_used() noexcept;

// wipe_stack() when the scope ends, also by an exception (a wrong passphrase).
class StackWipeOnExit final {
public:
    StackWipeOnExit() = default;
    ~StackWipeOnExit() { wipe_stack(); }
    StackWipeOnExit(const StackWipeOnExit&) = delete;
    StackWipeOnExit& operator=(const StackWipeOnExit&) = delete;
};

// Wipes a string, or an optional one, when the scope ends, also when it ends by an exception.
template <class T>
class WipeOnExit final {
public:
    explicit WipeOnExit(T& secret) noexcept : m_secret(secret) {}
    ~WipeOnExit() { wipe(m_secret); }
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;

private:
    T& m_secret;
};

}  // namespace certctl::core
