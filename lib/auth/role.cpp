// lib/auth/role.cpp — the role table.
#include "lib/auth/role.h"

#include "lib/core/error.h"

#include <algorithm>

namespace certctl::auth {

namespace {
const std::vector<Role> k_roles = {
    //  name          may
    {"admin", {Permission::read, Permission::provision, Permission::administer}},
    {"operator", {Permission::read, Permission::provision}},
    {"read-only", {Permission::read}},
};
}  // namespace

const std::vector<Role>& roles() {
    return k_roles;
}

const Role& role_named(const std::string& name) {
    for (const Role& r : k_roles) {
        if (name == r.name) {
            return r;
        }
    }
    throw core::Error(
        core::Errc::usage, "unknown role", name, "roles are admin, operator and read-only",
        "read-only reads; operator also makes keys, CSRs and ingests certificates; admin also manages users");
}

bool allows(const Role& role, Permission permission) {
    return std::find(role.permissions.begin(), role.permissions.end(), permission) != role.permissions.end();
}

const char* permission_name(Permission permission) {
    switch (permission) {
        case Permission::read:
            return "read";
        case Permission::provision:
            return "provision";
        case Permission::administer:
            return "administer";
    }
    return "unknown";
}

}  // namespace certctl::auth
