// lib/auth/role.h — API roles and what each may do: one table, checked by a unit test row by row.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace certctl::auth {

enum class Permission {
    read,       // GET the inventory, keys' public facts, CSRs, alarms, CRL facts, audit, metrics
    provision,  // make keys and CSRs, ingest certificates
    administer  // users and tokens
};

struct Role {
    const char* name;
    std::vector<Permission> permissions;
};

// admin, operator, read-only.
const std::vector<Role>& roles();
// The row called `name`; Error(usage) listing the roles for any other name.
const Role& role_named(const std::string& name);
bool allows(const Role& role, Permission permission);
const char* permission_name(Permission permission);

}  // namespace certctl::auth
