// lib/audit/actor.cpp — the per-thread actor stack behind ActorScope.
#include "lib/audit/actor.h"

namespace certctl::audit {

namespace {
thread_local const Actor* t_current = nullptr;
}  // namespace

ActorScope::ActorScope(Actor actor) : m_actor(std::move(actor)), m_previous(t_current) {
    t_current = &m_actor;
}
ActorScope::~ActorScope() {
    t_current = m_previous;
}
const Actor* ActorScope::current() {
    return t_current;
}

}  // namespace certctl::audit
