# tests/cli/test_package.sh — scripts/package builds certctl_VERSION_ARCH.deb (a release build in build-deb/,
# incremental after the first run); its control data, its files, lintian's verdict, and the installed
# certctl run from the unpacked package: --version, then keys, a CSR and a CA chain checked by openssl.

# The package is built once per run of the suite and shared by its tests.
package_deb() {
  local dir="$TEST_ROOT/package-deb"
  if [ ! -f "$dir/deb-path" ]; then
    mkdir -p "$dir"
    PACKAGE_OUT_DIR="$dir" "$REPO/scripts/package" >"$dir/stdout" 2>"$dir/build.log" ||
      { tail -30 "$dir/build.log"; fail "scripts/package failed"; }
    tail -1 "$dir/stdout" >"$dir/deb-path"
  fi
  cat "$dir/deb-path"
}

need_dpkg_tools() {
  for tool in dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps installs it)"
  done
}

version() { grep -oE "version: '[^']+'" "$REPO/meson.build" | head -1 | cut -d"'" -f2; }

test_control_data() {
  need_dpkg_tools
  deb=$(package_deb)
  [ "$(basename "$deb")" = "certctl_$(version)_$(dpkg-architecture -qDEB_HOST_ARCH).deb" ] || fail "package named $deb"
  dpkg-deb -f "$deb" Package Version Depends >"$WORK/out"
  expect_stdout "Package: certctl"
  expect_stdout "Version: $(version)"
  # Depends from dpkg-shlibdeps: the libraries certctl and certctl-serve link, and adduser for postinst
  for dep in libbotan-2 libcurl4 libsystemd0 libsqlite3 libmicrohttpd libgnutls libstdc++6 adduser; do
    grep -q "$dep" "$WORK/out" || fail "Depends lacks $dep: $(cat "$WORK/out")"
  done
  dpkg-deb -e "$deb" "$WORK/DEBIAN"
  grep -q 'adduser --system --group' "$WORK/DEBIAN/postinst" || fail "postinst creates no system user"
  grep -q 'chmod 0700 /var/lib/certctl' "$WORK/DEBIAN/postinst" || fail "postinst does not make the store 0700"
  grep -q 'systemctl.*enable' "$WORK/DEBIAN/postinst" && fail "postinst enables a unit"
  for s in postinst prerm postrm; do sh -n "$WORK/DEBIAN/$s" || fail "$s does not parse"; done
}

test_files_of_the_package() {
  need_dpkg_tools
  deb=$(package_deb)
  dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' >"$WORK/out"
  for f in ./usr/bin/certctl ./usr/libexec/certctl/certctl-serve ./usr/share/man/man1/certctl.1.gz \
    ./usr/share/man/man1/certctl-crl.1.gz ./usr/share/bash-completion/completions/certctl \
    ./usr/share/zsh/vendor-completions/_certctl ./lib/systemd/system/certctl-serve.service \
    ./lib/systemd/system/certctl-watch.service ./lib/systemd/system/certctl-crl-refresh.timer \
    ./usr/share/doc/certctl/examples/certctl.toml ./usr/share/doc/certctl/install.md \
    ./usr/share/doc/certctl/copyright ./usr/share/doc/certctl/changelog.gz; do
    grep -q " $f\$" "$WORK/out" || fail "the package lacks $f"
  done
  grep -q ' root/root ' "$WORK/out" || fail "files are not owned by root"
  grep -v ' root/root ' "$WORK/out" && fail "a file is not owned by root/root"
  grep -q '\./etc/systemd/system/.*wants' "$WORK/out" && fail "the package enables a unit"
  return 0
}

test_lintian_reports_no_errors() {
  need_dpkg_tools
  command -v lintian >/dev/null || skip "lintian is not installed (scripts/install-deps installs it)"
  deb=$(package_deb)
  lintian --no-cfg --fail-on error "$deb" >"$WORK/out" 2>"$WORK/err" || fail "lintian reports errors"
  grep -q '^E: ' "$WORK/out" && fail "lintian reports errors"
  return 0
}

test_installed_certctl_runs_from_the_package() {
  need_dpkg_tools
  deb=$(package_deb)
  root="$WORK/root"
  dpkg-deb -x "$deb" "$root"
  bin="$root/usr/bin/certctl"
  run "$bin" --version
  expect_exit 0
  expect_stdout "certctl $(version)"
  export CERTCTL_STORE="$WORK/pkg-store"
  must "$bin" key generate web01
  must "$bin" csr create web01 --cn web01.example.net --dns web01.example.net --out web01.csr
  must "$bin" ca init root --profile root --cn "Package Test Root"
  must "$bin" ca init tg-issuer --profile tg-issuer --issuer root --cn "Package Test TG Issuer"
  must "$bin" ca issue tg-issuer --profile tg-ssl --csr web01.csr --name web01 --out web01.pem
  "$bin" ca show root --pem >root.pem
  "$bin" ca show tg-issuer --pem >tg.pem
  openssl verify -x509_strict -CAfile root.pem -untrusted tg.pem web01.pem >"$WORK/out" 2>&1 ||
    fail "openssl does not verify what the installed certctl issued: $(cat "$WORK/out")"
  must "$bin" cert list --json
  expect_json 'any(c["name"] == "web01" for c in d["certificates"])'
  # certctl serve finds its server in ../libexec/certctl of the installed tree
  run "$root/usr/libexec/certctl/certctl-serve" --help
  expect_exit 0
  # the installed man page and completion work from there
  MANWIDTH=100 man -l "$root/usr/share/man/man1/certctl-crl.1.gz" >"$WORK/out" 2>"$WORK/err" || fail "man -l failed"
  expect_stdout "EXIT CODES"
  out=$(bash -c 'source "$1"; COMP_WORDS=("$2" --store "$3" key show ""); COMP_CWORD=5; _certctl; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$root/usr/share/bash-completion/completions/certctl" "$bin" "$CERTCTL_STORE")
  grep -qx web01 <<<"$out" || fail "the installed completion offers no stored key: $out"
}
