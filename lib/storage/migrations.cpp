// lib/storage/migrations.cpp — the schema's history, one step per row.
#include "lib/storage/migrations.h"

namespace certctl::storage {

namespace {
const std::vector<Migration> k_migrations = {
    {1, "foundation", R"sql(
CREATE TABLE keys (
    name TEXT PRIMARY KEY,
    algorithm TEXT NOT NULL,          -- "rsa:3072", "ec:secp256r1"
    public_key_sha256 TEXT NOT NULL,  -- of the DER SubjectPublicKeyInfo
    public_key_pem TEXT NOT NULL,
    encrypted INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE csrs (
    name TEXT PRIMARY KEY,
    key_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,             -- JSON: subject fields, sans, validity_days
    pem TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE certificates (
    name TEXT PRIMARY KEY,
    source TEXT NOT NULL,             -- imported | tracked | issued
    path TEXT,                        -- tracked: the file watched
    der BLOB,                         -- imported/issued: the certificate
    chain_pem TEXT,                   -- the chain given at import
    purpose TEXT,
    subject TEXT,
    issuer TEXT,
    serial TEXT,
    not_before TEXT,
    not_after TEXT,
    fingerprint TEXT,
    key_name TEXT,
    trust_bundle TEXT,
    state TEXT NOT NULL DEFAULT 'in-service',
    policy TEXT NOT NULL DEFAULT 'fail-soft',
    action TEXT,
    validation_mode TEXT,
    warnings TEXT,                    -- JSON list
    imported TEXT NOT NULL
);
CREATE TABLE trust_bundles (
    name TEXT PRIMARY KEY,
    validation_mode TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE trust_certs (
    bundle TEXT NOT NULL REFERENCES trust_bundles(name) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    subject TEXT NOT NULL,
    not_after TEXT NOT NULL,
    der BLOB NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (bundle, fingerprint)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    type TEXT NOT NULL,
    node TEXT NOT NULL,
    message TEXT NOT NULL,
    description TEXT NOT NULL,
    detail TEXT NOT NULL,             -- JSON
    success INTEGER NOT NULL,
    permitted INTEGER NOT NULL DEFAULT 1,
    user TEXT
);
CREATE INDEX audit_by_time ON audit(time);
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL DEFAULT 0
);
)sql"},
    {2, "alarms", R"sql(
CREATE TABLE alarms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,               -- certificate | crl_source | exchange_sync
    subject TEXT NOT NULL,
    severity INTEGER NOT NULL,        -- 1 minor, 2 major, 3 critical
    reason TEXT NOT NULL,
    raised TEXT NOT NULL,
    updated TEXT NOT NULL,
    cleared TEXT
);
CREATE UNIQUE INDEX alarms_one_active ON alarms(kind, subject) WHERE cleared IS NULL;
)sql"},
    {3, "local_ca", R"sql(
CREATE TABLE cas (
    name TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    key_name TEXT NOT NULL,
    issuer TEXT REFERENCES cas(name),  -- the local CA that issued it; NULL for a root
    der BLOB NOT NULL,
    subject TEXT NOT NULL,
    serial TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    crl_url TEXT,                      -- put into the CDP of what this CA issues, and its CRL's IDP
    ca_issuers_url TEXT,               -- put into the AIA of what this CA issues
    crl_number INTEGER NOT NULL DEFAULT 0,  -- of the last CRL published; only grows
    created TEXT NOT NULL
);
CREATE TABLE ca_issued (
    ca TEXT NOT NULL REFERENCES cas(name),
    serial TEXT NOT NULL,              -- lower-case hex
    profile TEXT NOT NULL,
    subject TEXT NOT NULL,
    not_after TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    name TEXT,                         -- inventory name (certificates.name) or CA name
    issued TEXT NOT NULL,
    revoked_at INTEGER,                -- unix seconds; NULL while not revoked
    reason INTEGER,                    -- RFC 5280 CRLReason
    PRIMARY KEY (ca, serial)
) WITHOUT ROWID;
CREATE INDEX ca_issued_revoked ON ca_issued(ca, revoked_at) WHERE revoked_at IS NOT NULL;
)sql"},
    {4, "crl_sources", R"sql(
CREATE TABLE crl_sources (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,                -- http://, https:// or file://
    issuer_pem TEXT,                  -- certificates given with --issuer (PEM), or NULL
    trust_bundle TEXT,                -- or a trust bundle whose certificates may sign the CRL
    tls_bundle TEXT,                  -- https: trust bundle for the server (NULL: crl.ca_file or the system's)
    polling_interval INTEGER NOT NULL,  -- seconds between fetches after a success
    backoff_interval INTEGER NOT NULL,  -- seconds before retrying after a failure
    etag TEXT,                        -- conditional GET validators of the last good fetch
    last_modified TEXT,
    crl_number TEXT,                  -- hex, of the last good CRL
    issuer TEXT,                      -- issuer DN of the last good CRL
    this_update TEXT,
    next_update TEXT,
    entries INTEGER,
    size INTEGER,
    last_attempt TEXT,
    last_success TEXT,
    next_attempt TEXT NOT NULL,       -- RFC 3339; due when <= now
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created TEXT NOT NULL
);
)sql"},
    {5, "policies", R"sql(
ALTER TABLE certificates ADD COLUMN restore_action TEXT;  -- fail-hard: run when back in service
CREATE TABLE certificate_checks (
    name TEXT PRIMARY KEY,            -- certificates.name
    condition TEXT NOT NULL,          -- policies::Condition name: ok, expires_minor, expired, ...
    severity INTEGER,                 -- 1 minor, 2 major, 3 critical; NULL when ok
    fingerprint TEXT,                 -- of the certificate evaluated
    evaluated TEXT NOT NULL,
    last_notified TEXT                -- the schedule point last notified (RFC 3339)
);
)sql"},
    {6, "exchange syncs", R"sql(
CREATE TABLE exchange_syncs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT NOT NULL,        -- the On-Prem's UUID (collector_instance_id)
    kind TEXT NOT NULL,               -- authorization | sync_response
    sync_type TEXT NOT NULL,          -- FULL | PARTIAL
    file_sha256 TEXT NOT NULL,        -- of the imported file's bytes
    last_generated TEXT,              -- RFC 3339, from the file
    imported TEXT NOT NULL            -- RFC 3339: the successful sync
);
CREATE INDEX exchange_syncs_by_time ON exchange_syncs(imported);
)sql"},
    {7, "api users", R"sql(
CREATE TABLE api_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,               -- admin | operator | read-only
    password_hash TEXT NOT NULL,      -- Argon2id, PHC string form ($argon2id$v=19$m=...,t=...,p=...$salt$hash)
    created TEXT NOT NULL,
    password_changed TEXT NOT NULL
);
CREATE TABLE api_tokens (
    token_sha256 TEXT PRIMARY KEY,    -- SHA-256 of the bearer token, lower-case hex: the token itself is never stored
    user TEXT NOT NULL REFERENCES api_users(name) ON DELETE CASCADE,
    application TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL,            -- RFC 3339 UTC
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_user ON api_tokens(user);
)sql"},
    {8, "lifecycle", R"sql(
ALTER TABLE cas ADD COLUMN chain_pem TEXT;    -- an adopted CA's issuers outside the store (PEM)
ALTER TABLE cas ADD COLUMN next_serial TEXT;  -- adopted CA continuing its sequence: next serial (hex); NULL: random
ALTER TABLE cas ADD COLUMN imported TEXT;     -- RFC 3339: when `ca import` adopted it; NULL for CAs certctl made
CREATE TABLE certificate_history (
    name TEXT NOT NULL,               -- the certificates.name it was in service under
    serial TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    subject TEXT,
    issuer TEXT,
    not_before TEXT,
    not_after TEXT,
    der BLOB,
    replaced TEXT NOT NULL,           -- RFC 3339: when a renewal or replacement took its place
    replaced_by TEXT NOT NULL,        -- serial of the certificate that took its place
    event TEXT NOT NULL               -- renew | replace
);
CREATE INDEX certificate_history_by_name ON certificate_history(name, replaced);
CREATE TABLE pending_renewals (
    name TEXT PRIMARY KEY,            -- certificates.name waiting for the external CA's answer (`cert import`)
    csr_pem TEXT NOT NULL,            -- the CSR `cert renew --csr-out` wrote
    public_key_sha256 TEXT NOT NULL,  -- of the key the CSR carries: the answer must carry it too
    requested TEXT NOT NULL
);
CREATE TABLE certificate_hooks (
    name TEXT PRIMARY KEY,            -- certificates.name
    on_change TEXT NOT NULL,          -- command run after the certificate is imported, renewed or replaced
    created TEXT NOT NULL
);
CREATE TABLE deploy_targets (
    name TEXT NOT NULL,               -- certificates.name
    dir TEXT NOT NULL,                -- absolute directory the files are written to
    with_key INTEGER NOT NULL,        -- 1: the private key is written too
    owner TEXT,                       -- "user:group" for the files, NULL: the writer's
    mode INTEGER,                     -- of every file (the key: without bits for others); NULL: 0644, key 0600
    created TEXT NOT NULL,
    PRIMARY KEY (name, dir)
);
CREATE TABLE certificate_changes (
    name TEXT PRIMARY KEY,            -- a certificate whose deploy targets and hooks have not yet seen its change
    event TEXT NOT NULL,              -- import | renew | replace
    fingerprint TEXT NOT NULL,        -- of the certificate that came in
    changed TEXT NOT NULL,            -- RFC 3339
    attempts INTEGER NOT NULL DEFAULT 0,
    last_try TEXT,
    last_error TEXT
);
)sql"},
    {9, "renewal retries", R"sql(
CREATE TABLE renewal_retries (
    name TEXT PRIMARY KEY,            -- certificates.name whose automatic renewal failed; gone once one succeeds
    failures INTEGER NOT NULL,        -- consecutive failed attempts
    last_try TEXT NOT NULL,           -- RFC 3339
    next_try TEXT NOT NULL,           -- RFC 3339: `watch` does not try again before (growing backoff)
    last_error TEXT NOT NULL
);
-- A renewal finds the CA that issued a certificate by its inventory name and serial.
CREATE INDEX ca_issued_by_name ON ca_issued(name);
)sql"},
    {10, "settings index", R"sql(
-- A row's settings and dates without its certificate and chain, for what reads them from every row: the
-- policies a check or watch reads again under the write lock before recording (Inventory::policies; at
-- 100,000 certificates 45 ms instead of 100) and the dates automatic renewal looks at in every pass
-- (Inventory::issued_in_service; 250 ms of each `watch` pass before).
CREATE INDEX certificates_settings
    ON certificates(name, purpose, state, policy, action, restore_action, source, not_before, not_after);
)sql"},
};
}  // namespace

const std::vector<Migration>& migrations() { return k_migrations; }

}  // namespace certctl::storage
