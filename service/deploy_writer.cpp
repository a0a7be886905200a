// service/deploy_writer.cpp — the files of a deploy target, written whole or not at all.
#include "service/deploy_writer.h"

#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <botan/pem.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace certctl::service {

namespace {
constexpr unsigned k_cert_mode = 0644;
constexpr unsigned k_key_mode = 0600;

void write_one(const std::filesystem::path& path, const std::string& data, unsigned mode, std::pair<int, int> owner) {
    core::AtomicFile file(path, mode);
    file.write(data);
    file.commit();
    // After the rename the file exists with the writer's owner and `mode`, which is never wider than asked.
    if ((owner.first >= 0 || owner.second >= 0) &&
        ::chown(path.c_str(), static_cast<uid_t>(owner.first), static_cast<gid_t>(owner.second)) != 0) {
        const int err = errno;
        throw core::Error(err == EPERM || err == EACCES ? core::Errc::permission : core::Errc::cannot_write,
                          "cannot set the owner of", path.string(), std::strerror(err),
                          "only root can give files to another user: run the deploy as root, or drop --owner");
    }
    if (::chmod(path.c_str(), mode) != 0) {  // AtomicFile's mode went through the umask
        const int err = errno;
        throw core::Error(core::Errc::cannot_write, "cannot set the mode of", path.string(), std::strerror(err));
    }
}
}  // namespace

std::vector<std::string> deploy_file_names(const std::string& name, bool with_key) {
    std::vector<std::string> out = {name + ".pem", name + ".chain.pem", name + ".fullchain.pem"};
    if (with_key) {
        out.push_back(name + ".key");
    }
    return out;
}

std::pair<int, int> parse_owner(const std::string& owner) {
    if (owner.empty()) {
        return {-1, -1};
    }
    const std::size_t colon = owner.find(':');
    const std::string user = owner.substr(0, colon);
    const std::string group_name = colon == std::string::npos ? std::string() : owner.substr(colon + 1);
    int uid = -1;
    int gid = -1;
    if (!user.empty()) {
        const struct passwd* pw = ::getpwnam(user.c_str());
        if (pw == nullptr) {
            throw core::Error(core::Errc::usage, "invalid --owner", owner, "no user called " + user,
                              "give USER:GROUP of the service that reads the files");
        }
        uid = static_cast<int>(pw->pw_uid);
    }
    if (!group_name.empty()) {
        const struct group* gr = ::getgrnam(group_name.c_str());
        if (gr == nullptr) {
            throw core::Error(core::Errc::usage, "invalid --owner", owner, "no group called " + group_name,
                              "give USER:GROUP of the service that reads the files");
        }
        gid = static_cast<int>(gr->gr_gid);
    }
    return {uid, gid};
}

std::vector<std::string> write_deploy_target(storage::Store& store, const certs::CertRecord& record,
                                             const certs::DeployTarget& target) {
    struct stat st {};
    if (::stat(target.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw core::Error(core::Errc::not_found, "cannot deploy", target.dir, "no such directory",
                          "create it, or give another with `certctl cert deploy " + record.name + " --to DIR`");
    }
    const std::pair<int, int> owner = parse_owner(target.owner);
    const unsigned cert_mode = target.mode.value_or(k_cert_mode);
    const unsigned key_mode = target.mode ? (*target.mode & 0750U) : k_key_mode;  // never anything for others
    const std::string cert = Botan::PEM_Code::encode(record.der, "CERTIFICATE");
    const std::filesystem::path dir(target.dir);
    const std::vector<std::string> names = deploy_file_names(record.name, target.with_key);
    std::vector<std::string> written;
    // The key first: a service that reloads on the certificate's change then finds the matching key already.
    if (target.with_key) {
        const std::string key_name = record.key_name.empty() ? record.name : record.key_name;
        const std::string key =
            core::read_secret_file(store.paths().key_file(key_name), "key file", store.loose_key_files_allowed());
        write_one(dir / names[3], key, key_mode, owner);
        written.push_back((dir / names[3]).string());
    }
    write_one(dir / names[1], record.chain_pem, cert_mode, owner);
    write_one(dir / names[2], cert + record.chain_pem, cert_mode, owner);
    write_one(dir / names[0], cert, cert_mode, owner);
    for (std::size_t i = 0; i < 3; ++i) {
        written.push_back((dir / names[i]).string());
    }
    return written;
}

}  // namespace certctl::service
