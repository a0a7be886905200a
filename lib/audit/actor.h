// lib/audit/actor.h — who is behind the changes the current thread makes. A front door that acts for a
// remote user (the REST API) opens an ActorScope per request, so every audit event recorded while it lives
// carries the user name and the client address without each store having to pass them along.
#pragma once
#include <string>

namespace certctl::audit {

struct Actor {
    std::string user;     // the authenticated API user
    std::string address;  // the client's IP address
};

class ActorScope final {
public:
    explicit ActorScope(Actor actor);
    ~ActorScope();
    ActorScope(const ActorScope&) = delete;
    ActorScope& operator=(const ActorScope&) = delete;

    // The innermost scope's actor on this thread, or nullptr (the CLI: the local operator).
    static const Actor* current();

private:
    Actor m_actor;
    const Actor* m_previous;
};

}  // namespace certctl::audit
