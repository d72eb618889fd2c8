#!/usr/bin/env bash
# Packages the native binaries as .deb and .rpm: out/bin/{tyrd,tyr-server,tyr} (or $TYR_BIN_DIR)
# into out/pkg/ (or $TYR_PKG_DIR). Nothing is compiled: `./tyr.sh package` builds first.
# Needs dpkg-deb and rpmbuild (Debian's rpm package; scripts/setup.sh installs it). See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${TYR_BIN_DIR:-out/bin}")
out=${TYR_PKG_DIR:-out/pkg}
packages=(tyrd tyr-server tyr)

fail() { echo "package: $*" >&2; exit 1; }

for p in "${packages[@]}"; do
  [ -x "$bin/$p" ] || fail "$bin/$p is missing: run ./tyr.sh build (or set TYR_BIN_DIR)"
done
command -v rpmbuild >/dev/null || fail "rpmbuild is missing: run scripts/setup.sh (Debian package rpm)"

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "no <Version>X.Y.Z</Version> in Directory.Build.props (got '$version')"
deb_arch=$(dpkg --print-architecture)
case $deb_arch in
  amd64) rpm_arch=x86_64 ;;
  arm64) rpm_arch=aarch64 ;;
  *) fail "unsupported architecture $deb_arch" ;;
esac
# shellcheck source=../packaging/metadata.env
. packaging/metadata.env
# Debian revision and rpm release: the packaging's own revision of an upstream version.
revision=1
deb_version=$version-$revision
# gzip keeps CI fast (seconds); TYR_PKG_COMPRESS=xz for release packages a third smaller.
compress=${TYR_PKG_COMPRESS:-gzip}
case $compress in
  gzip) rpm_payload=w6.gzdio ;;
  xz) rpm_payload=w6.xzdio ;;
  *) fail "TYR_PKG_COMPRESS must be gzip or xz" ;;
esac

# Reproducible dates: the last commit's, else the version file's.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || stat -c %Y Directory.Build.props)}
export SOURCE_DATE_EPOCH=$epoch

# The oldest glibc the binaries need: the highest GLIBC_x.y symbol version they import.
glibc=$(for p in "${packages[@]}"; do objdump -T "$bin/$p"; done | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
[ -n "$glibc" ] || fail "cannot read the glibc symbol versions of $bin (objdump)"
# libssl is loaded at run time (dlopen), so no tool finds it in the ELF: named here.
# Debian 13 renamed libssl3 to libssl3t64.
deb_depends="libc6 (>= $glibc), libssl3 | libssl3t64"

units=packaging/systemd
for unit in tyrd.service tyr-server.service; do
  [ -f "$units/$unit" ] || fail "$units/$unit is missing"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/*.deb "$out"/*.rpm

# The installed tree of one package, shared by both formats.
stage() {
  local p=$1 dest=$2
  install -D -m 0755 "$bin/$p" "$dest/usr/bin/$p"
  local page
  for page in packaging/man/"$p".[18]; do
    install -d -m 0755 "$dest/usr/share/man/man${page##*.}"
    gzip -9n <"$page" >"$dest/usr/share/man/man${page##*.}/${page##*/}.gz"
    chmod 0644 "$dest/usr/share/man/man${page##*.}/${page##*/}.gz"
  done
  case $p in
    tyrd | tyr-server)
      install -D -m 0644 "packaging/etc/$p.yaml" "$dest/etc/tyr/$p.yaml"
      install -D -m 0644 "$units/$p.service" "$dest/$unitdir/$p.service"
      ;;
  esac
}

deb() {
  local p=$1 dest=$work/deb/$1
  unitdir=lib/systemd/system stage "$p" "$dest"
  local doc=$dest/usr/share/doc/$p
  install -D -m 0644 packaging/doc/copyright "$doc/copyright"
  sed -e "s/@VERSION@/$deb_version/" -e "s/@MAINTAINER@/$TYR_MAINTAINER/" -e "s/@DATE@/$(date -R -u -d "@$epoch")/" \
    packaging/doc/changelog.in | gzip -9n >"$doc/changelog.Debian.gz"
  touch -d "@$epoch" "$doc/changelog.Debian.gz"
  if [ -f "packaging/deb/$p/lintian-overrides" ]; then
    install -D -m 0644 "packaging/deb/$p/lintian-overrides" "$dest/usr/share/lintian/overrides/$p"
  fi

  install -d -m 0755 "$dest/DEBIAN"
  for script in preinst postinst prerm postrm; do
    [ -f "packaging/deb/$p/$script" ] && install -m 0755 "packaging/deb/$p/$script" "$dest/DEBIAN/$script"
  done
  [ -d "$dest/etc" ] && (cd "$dest" && find etc -type f -printf '/%p\n' | sort) >"$dest/DEBIAN/conffiles"
  (cd "$dest" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$dest/DEBIAN/md5sums"
  local size homepage=""
  size=$(du -sk --apparent-size --exclude=DEBIAN "$dest" | cut -f1)
  [ -n "$TYR_HOMEPAGE" ] && homepage="Homepage: $TYR_HOMEPAGE\n"
  sed -e "s/@VERSION@/$deb_version/" -e "s/@ARCH@/$deb_arch/" -e "s/@MAINTAINER@/$TYR_MAINTAINER/" \
    -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$deb_depends/" -e "s|@HOMEPAGE@|$homepage|" \
    "packaging/deb/$p/control" >"$dest/DEBIAN/control"
  chmod 0644 "$dest/DEBIAN/control" "$dest/DEBIAN/md5sums"
  [ -f "$dest/DEBIAN/conffiles" ] && chmod 0644 "$dest/DEBIAN/conffiles"
  # Directories 0755 whatever the umask; file times from the commit, for reproducible packages.
  find "$dest" -type d -exec chmod 0755 {} +
  find "$dest" -path "$dest/DEBIAN" -prune -o -exec touch -h -d "@$epoch" {} +
  dpkg-deb --root-owner-group "-Z$compress" -z6 --build "$dest" "$out/${p}_${deb_version}_${deb_arch}.deb" >/dev/null
  echo "package: $out/${p}_${deb_version}_${deb_arch}.deb"
}

rpm_all() {
  local top=$work/rpm stage_dir=$work/rpm-stage p
  mkdir -p "$top"/{BUILD,RPMS,SPECS,SRPMS,BUILDROOT} "$stage_dir"
  for p in "${packages[@]}"; do unitdir=usr/lib/systemd/system stage "$p" "$stage_dir"; done
  install -d -m 0700 "$stage_dir/var/lib/tyr" "$stage_dir/var/lib/tyr-server"
  install -m 0644 packaging/doc/copyright "$top/BUILD/COPYING"
  local defines=(
    --define "_topdir $top"
    --define "tyr_stage $stage_dir"
    --define "tyr_version $version"
    --define "tyr_release $revision"
    --define "tyr_maintainer $TYR_MAINTAINER"
    --define "tyr_changelog_date $(LC_ALL=C date -u -d "@$epoch" '+%a %b %d %Y')"
    --define "_binary_payload $rpm_payload"
    --define "use_source_date_epoch_as_buildtime 1"
    --define "clamp_mtime_to_source_date_epoch 1"
    --define "_buildhost tyr-build"
  )
  [ -n "$TYR_HOMEPAGE" ] && defines+=(--define "tyr_url $TYR_HOMEPAGE")
  # --nodeps: the build host is Debian, whose dpkg-installed tools rpm cannot see.
  rpmbuild -bb --quiet --nodeps --target "$rpm_arch" "${defines[@]}" packaging/rpm/tyr.spec >"$work/rpmbuild.log" 2>&1 ||
    { cat "$work/rpmbuild.log" >&2; fail "rpmbuild failed"; }
  for p in "${packages[@]}"; do
    cp "$top/RPMS/$rpm_arch/$p-$version-$revision.$rpm_arch.rpm" "$out/"
    echo "package: $out/$p-$version-$revision.$rpm_arch.rpm"
  done
}

for p in "${packages[@]}"; do deb "$p"; done
rpm_all
