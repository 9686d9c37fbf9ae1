#!/usr/bin/env bash
# Builds the Kakehashi appliance image from Debian 12 (bookworm) packages and the project's jars:
#   image-build/build.sh            (as root; needs mmdebstrap, squashfs-tools, a JDK 25)
# Outputs in image-build/target/image/ (see image-build/README.md):
#   root/                               the staged root filesystem (what the tar and squashfs hold)
#   kakehashi-VERSION-rootfs.tar        the root filesystem, deterministic tar
#   kakehashi-VERSION-rootfs.squashfs   the same, as a read-only squashfs
#   kakehashi-VERSION.raw/.qcow2/.vmdk/.vhdx  the bootable disk (GPT, UEFI): ESP, root, data
#   sbom.cdx.json, packages.txt         the Java SBOM (CycloneDX) and the Debian package list
#   jars.sha256, report.txt             the jars' hashes (reproducibility) and the sizes
# The Debian base and the jlink runtime are cached outside the clone, keyed by the hash of their
# inputs ($KAKEHASHI_IMAGE_CACHE, default /var/cache/kakehashi-image), so a rebuild with the same
# package list and dependencies only redoes the appliance's own layer.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out="${KAKEHASHI_IMAGE_OUT:-$here/target/image}"
cache="${KAKEHASHI_IMAGE_CACHE:-/var/cache/kakehashi-image}"
mirror="${KAKEHASHI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${KAKEHASHI_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
skip_maven=no
[ "${1:-}" = "--skip-maven" ] && skip_maven=yes

say() { printf 'image-build: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap, chroot and file ownership in the image) / root で実行してください"
for tool in mmdebstrap mksquashfs tar sha256sum sfdisk mkfs.ext4 mkfs.vfat mcopy qemu-img; do
  command -v "$tool" >/dev/null \
    || die "$tool is missing: apt-get install mmdebstrap squashfs-tools fdisk e2fsprogs dosfstools mtools qemu-utils"
done
jdk=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*25*; do
  if [ -x "$candidate/bin/jlink" ] && "$candidate/bin/java" -version 2>&1 | grep -q '"25'; then jdk=$candidate; break; fi
done
[ -n "$jdk" ] || die "a JDK 25 with jlink is needed (the appliance's runtime is made from it)"

started=$(date +%s)
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -1)
version=${version%-SNAPSHOT}
# Reproducible: every timestamp in the image is the commit's, not the build's (tar clamps to it,
# mksquashfs and mmdebstrap read it from the environment).
SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 1764460800)
export SOURCE_DATE_EPOCH
mkdir -p "$cache" "$out"
# The disk's partitions, fixed so that the kernel's command line and fstab name them the same on
# every build (and every appliance).
disk_id=5c1e8a3e-6b1d-4c39-9a57-6b616b656861
esp_part=5c1e8a3e-6b1d-4c39-9a57-000000000001
root_part=5c1e8a3e-6b1d-4c39-9a57-000000000002
data_part=5c1e8a3e-6b1d-4c39-9a57-000000000003

# 1. The appliance's jars and its SBOM (the reactor's package phase makes both).
lib="$root/appliance/target/lib"
if [ "$skip_maven" = no ]; then
  say "building the jars"
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl appliance -am) >&2
fi
[ -f "$lib/kakehashi-appliance.jar" ] || die "no $lib/kakehashi-appliance.jar: run without --skip-maven"
[ -f "$root/appliance/target/sbom.cdx.json" ] || die "no SBOM in appliance/target: package the appliance with Maven online (the CycloneDX plugin skips itself under -o)"

# 2. The Debian base, cached by the hash of its package list and this step's settings. The kernel
#    keeps what a server or a virtual machine needs (storage, network cards, Hyper-V, VMware,
#    virtio, USB keyboards); sound, cameras, graphics, wireless, Bluetooth and the like go (their
#    drivers are not in the initramfs either, which was made before).
packages=$(grep -v '^#' "$here/debian/packages" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
base_key=$( (cat "$here/debian/packages"; echo "$mirror $security_mirror bookworm minbase v2") | sha256sum | cut -c1-16)
base="$cache/base-$base_key.tar"
if [ ! -f "$base" ]; then
  say "building the Debian base (mmdebstrap, about a minute)"
  mmdebstrap --quiet --format=tar --variant=minbase --include="$packages" \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log "$1"/usr/share/man "$1"/usr/share/doc/*/changelog*' \
    --customize-hook='for m in "$1"/lib/modules/*; do (cd "$m/kernel" && rm -rf sound drivers/media drivers/gpu drivers/net/wireless net/wireless net/mac80211 net/bluetooth drivers/bluetooth drivers/infiniband drivers/staging drivers/iio drivers/isdn drivers/input/joystick drivers/input/touchscreen drivers/video/fbdev); chroot "$1" depmod "$(basename "$m")"; done' \
    bookworm "$base.tmp" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security_mirror bookworm-security main"
  mv "$base.tmp" "$base"
else
  say "reusing the Debian base $base"
fi

# 3. The Java runtime: jlink with only the modules jdeps finds, cached by the third-party jars'
#    names (their versions) plus the modules our own jars use.
runtime_modules() {
  local work=$1 mods
  # Modular jars that require modules absent from the class path make jdeps stop; their classes,
  # unpacked without module-info, are analysed like any other.
  rm -rf "$work" && mkdir -p "$work/classes"
  for f in "$lib"/*.jar; do
    case "$(basename "$f")" in kakehashi-*) continue ;; esac
    (cd "$work/classes" && "$jdk/bin/jar" xf "$f")
  done
  find "$work/classes" -name module-info.class -delete
  mods=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 "$work/classes" | tail -1)
  rm -rf "$work"
  echo "$mods"
}
third_party_key=$( (ls "$lib" | grep -v '^kakehashi-'; "$jdk/bin/java" -version 2>&1) | sha256sum | cut -c1-16)
modules_file="$cache/modules-$third_party_key.txt"
if [ ! -f "$modules_file" ]; then
  say "finding the runtime's modules with jdeps (about a minute)"
  runtime_modules "$cache/jdeps-work" > "$modules_file.tmp"
  mv "$modules_file.tmp" "$modules_file"
fi
own=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
  --class-path "$lib/*" "$lib"/kakehashi-*.jar 2>/dev/null | tail -1 || true)
case "$own" in java.*) ;; *) own=java.base ;; esac
# Not found by jdeps, needed all the same: Japanese charsets (Shift_JIS, EUC-JP, ISO-2022-JP) for
# file names and text, Japanese locale data for dates, zipfs for the update bundles, and
# jdk.management, by which Lucene recognises HotSpot and enables its vectorised search.
extra="jdk.charsets,jdk.localedata,jdk.management,jdk.zipfs"
modules=$( (cat "$modules_file"; echo ",$own,$extra") | tr -d '\n' | tr ',' '\n' | grep . | sort -u | paste -sd, -)
runtime_key=$(echo "$modules $("$jdk/bin/java" -version 2>&1)" | sha256sum | cut -c1-16)
runtime="$cache/runtime-$runtime_key"
if [ ! -d "$runtime" ]; then
  say "linking the Java runtime: $modules"
  rm -rf "$runtime.tmp"
  "$jdk/bin/jlink" --add-modules "$modules" --include-locales=en,ja --strip-debug --no-header-files \
    --no-man-pages --compress=zip-6 --output "$runtime.tmp"
  mv "$runtime.tmp" "$runtime"
fi

# 4. The appliance's layer on top of the base.
stage="$out/root"
say "staging the root filesystem in $stage ($(( $(date +%s) - started )) s)"
rm -rf "$stage" && mkdir -p "$stage"
tar -xf "$base" -C "$stage"
opt="$stage/opt/kakehashi/$version"
mkdir -p "$opt/lib" "$stage/usr/share/doc/kakehashi"
cp -a "$runtime" "$opt/runtime"
cp "$lib"/*.jar "$opt/lib/"
# The service starts /opt/kakehashi/current, a link to the data volume's releases/current: signed
# updates install beside this release there and switch that link (kakehashi update). On first
# boot tmpfiles points it at the image's own release.
ln -sfn /var/lib/kakehashi/releases/current "$stage/opt/kakehashi/current"
# The data volume's folders, made at every boot if missing (a new, empty data disk works too).
printf '%s\n' '# Kakehashi: the data volume (configuration, signatures, time, logs) and its releases.' \
  'd /var/lib/kakehashi/etc 0755 root root -' \
  'd /var/lib/kakehashi/etc/network 0755 root root -' \
  'd /var/lib/kakehashi/etc/chrony 0755 root root -' \
  'd /var/lib/kakehashi/etc/rsyslog 0755 root root -' \
  'C /var/lib/kakehashi/etc/freshclam.conf - - - - /usr/share/kakehashi/freshclam.conf' \
  'C /var/lib/kakehashi/etc/kakehashi.yaml - - - - /usr/share/doc/kakehashi/kakehashi.yaml.example' \
  'd /var/lib/kakehashi/clamav 0755 clamav clamav -' \
  'd /var/lib/kakehashi/chrony 0750 _chrony _chrony -' \
  'd /var/log/clamav 0755 clamav adm -' \
  'd /run/clamav 0755 clamav clamav -' \
  'd /var/lib/kakehashi/releases 0755 root root -' \
  "L /var/lib/kakehashi/releases/current - - - - /opt/kakehashi/$version" > "$stage/usr/lib/tmpfiles.d/kakehashi.conf"
# The public keys that update bundles must be signed with ($KAKEHASHI_UPDATE_KEYS: a folder of
# *.pub from `kakehashi update keygen`). Without one the appliance installs no update.
mkdir -p "$stage/usr/share/kakehashi/update-keys"
if [ -n "${KAKEHASHI_UPDATE_KEYS:-}" ]; then
  install -m 0644 "$KAKEHASHI_UPDATE_KEYS"/*.pub "$stage/usr/share/kakehashi/update-keys/"
fi
install -m 0755 "$here/rootfs/kakehashi" "$stage/usr/local/bin/kakehashi"
install -m 0755 "$here/rootfs/kakehashi-console" "$stage/usr/local/bin/kakehashi-console"
cp -r "$here/units/." "$stage/etc/systemd/system/"
install -m 0644 "$here/rootfs/clamd.conf" "$stage/etc/clamav/clamd.conf"
install -m 0644 "$here/rootfs/kakehashi.yaml" "$stage/usr/share/doc/kakehashi/kakehashi.yaml.example"
install -m 0644 "$root/README.md" "$stage/usr/share/doc/kakehashi/README.md"
cp "$root/appliance/target/sbom.cdx.json" "$stage/usr/share/doc/kakehashi/sbom.cdx.json"
# The data volume is mounted at /var/lib/kakehashi; the configuration and clamd's signatures live on
# it, so the root filesystem stays read-only and the same on every appliance.
mkdir -p "$stage/var/lib/kakehashi"
rm -rf "$stage/etc/kakehashi" "$stage/var/lib/clamav"
ln -s /var/lib/kakehashi/etc "$stage/etc/kakehashi"
ln -s /var/lib/kakehashi/clamav "$stage/var/lib/clamav"
# `kakehashi setup` writes the segments' addresses and the time sources on the data volume too.
rm -rf "$stage/etc/systemd/network" "$stage/etc/chrony/sources.d"
ln -s /var/lib/kakehashi/etc/network "$stage/etc/systemd/network"
ln -s /var/lib/kakehashi/etc/chrony "$stage/etc/chrony/sources.d"
# So do freshclam's mirror and the SIEM forwarding; Debian's freshclam.conf is the first boot's.
mkdir -p "$stage/usr/share/kakehashi"
mv "$stage/etc/clamav/freshclam.conf" "$stage/usr/share/kakehashi/freshclam.conf"
ln -s /var/lib/kakehashi/etc/freshclam.conf "$stage/etc/clamav/freshclam.conf"
rm -rf "$stage/etc/rsyslog.d"
ln -s /var/lib/kakehashi/etc/rsyslog "$stage/etc/rsyslog.d"
# chrony's state directory must be a directory (systemd's StateDirectory=): the disk binds the
# data volume's over it.
mkdir -p "$stage/var/lib/chrony"
echo kakehashi > "$stage/etc/hostname"
# D-Bus reads the machine id through this link, which tmpfiles cannot make on a read-only root.
ln -sfn /etc/machine-id "$stage/var/lib/dbus/machine-id"
install -m 0644 "$here/rootfs/rsyslog.conf" "$stage/etc/rsyslog.conf"
mkdir -p "$stage/etc/systemd/journald.conf.d"
install -m 0644 "$here/rootfs/journald.conf.d/kakehashi.conf" "$stage/etc/systemd/journald.conf.d/kakehashi.conf"
# The disk's mounts: the root read-only, the data volume, /var/log on it, the rest in memory.
cat > "$stage/etc/fstab" <<FSTAB
# 架け橋 Kakehashi — the root is read-only; only the data volume and /var/log (on it) are written.
PARTUUID=$root_part / ext4 ro,noatime,errors=remount-ro 0 1
PARTUUID=$data_part /var/lib/kakehashi ext4 noatime,nodev,nosuid,errors=remount-ro 0 2
/var/lib/kakehashi/log /var/log none bind,x-systemd.requires-mounts-for=/var/lib/kakehashi 0 0
/var/lib/kakehashi/chrony /var/lib/chrony none bind,x-systemd.requires-mounts-for=/var/lib/kakehashi 0 0
tmpfs /tmp tmpfs nosuid,nodev,mode=1777,size=25% 0 0
tmpfs /var/tmp tmpfs nosuid,nodev,mode=1777,size=10% 0 0
tmpfs /var/lib/systemd tmpfs nosuid,nodev,mode=0755,size=16m 0 0
FSTAB
# The service user: no home, no login shell.
chroot "$stage" useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
  --user-group --groups clamav kakehashi
# Nobody logs in with a shell but root on the console: every system user gets nologin.
chroot "$stage" sh -c 'awk -F: "\$3 > 0 && \$7 !~ /nologin|false|sync/ {print \$1}" /etc/passwd | xargs -r -n1 usermod -s /usr/sbin/nologin'
systemctl --root="$stage" enable kakehashi-firewall.service kakehashi.service clamav-daemon.service \
  clamav-freshclam.service chrony.service systemd-networkd.service rsyslog.service >/dev/null 2>&1
# Nothing else runs: e2fsprogs' LVM snapshot scrubbing has no volume to scrub, and apt cannot
# write to the read-only root (the appliance is updated by signed bundles, not package by package).
quiet_units="e2scrub_reap.service e2scrub_all.timer apt-daily.timer apt-daily-upgrade.timer"
systemctl --root="$stage" disable $quiet_units >/dev/null 2>&1
systemctl --root="$stage" mask $quiet_units >/dev/null 2>&1
chroot "$stage" dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\n' | sort > "$out/packages.txt"
cp "$out/packages.txt" "$stage/usr/share/doc/kakehashi/packages.txt"
cp "$root/appliance/target/sbom.cdx.json" "$out/sbom.cdx.json"
rm -f "$stage/etc/machine-id" && : > "$stage/etc/machine-id"
echo "$version" > "$stage/opt/kakehashi/$version/VERSION"

# 5. The outputs.
name="kakehashi-$version-rootfs"
tar --sort=name --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -C "$stage" -cf "$out/$name.tar" .
rm -f "$out/$name.squashfs"
mksquashfs "$stage" "$out/$name.squashfs" -quiet -no-progress -comp zstd -all-root -noappend >/dev/null
(cd "$lib" && sha256sum ./*.jar) > "$out/jars.sha256"

# 6. The bootable disk: GPT with an EFI system partition (systemd-boot, the kernel, its
#    initramfs), the root (ext4, mounted read-only) and the data volume (ext4, its folders made),
#    then converted for the hypervisors: qcow2 (KVM), vmdk (VMware), vhdx (Hyper-V generation 2).
disk="$out/kakehashi-$version.raw"
say "laying out the bootable disk ($(( $(date +%s) - started )) s)"
work="$out/disk-work"
rm -rf "$work" && mkdir -p "$work"
kernel=$(ls "$stage"/boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)
initrd=$(ls "$stage"/boot/initrd.img-* 2>/dev/null | sort -V | tail -1)
[ -n "$kernel" ] && [ -n "$initrd" ] || die "no kernel or initramfs in the base: is linux-image-amd64 in debian/packages?"
efi="$stage/usr/lib/systemd/boot/efi/systemd-bootx64.efi"
[ -f "$efi" ] || die "no $efi: is systemd-boot-efi in debian/packages?"
esp_mb=128
truncate -s "${esp_mb}M" "$work/esp.img"
mkfs.vfat -F 32 -n KH-ESP -i 5c1e8a3e "$work/esp.img" >/dev/null
mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT ::/loader ::/loader/entries ::/kakehashi
mcopy -i "$work/esp.img" "$efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$work/esp.img" "$kernel" ::/kakehashi/vmlinuz
mcopy -i "$work/esp.img" "$initrd" ::/kakehashi/initrd.img
# No menu, no editor: nobody at the console turns the appliance into a shell with init=/bin/sh.
printf 'default kakehashi.conf\ntimeout 0\neditor no\nauto-entries no\nauto-firmware no\n' > "$work/loader.conf"
printf '%s\n' "title Kakehashi $version" "linux /kakehashi/vmlinuz" "initrd /kakehashi/initrd.img" \
  "options root=PARTUUID=$root_part ro rootfstype=ext4 console=tty0 console=ttyS0,115200 panic=10" > "$work/entry.conf"
mcopy -i "$work/esp.img" "$work/loader.conf" ::/loader/loader.conf
mcopy -i "$work/esp.img" "$work/entry.conf" ::/loader/entries/kakehashi.conf
root_mb=$(( $(du -s --block-size=1M "$stage" | cut -f1) * 13 / 10 + 128 ))
mkfs.ext4 -q -L kh-root -U "$root_part" -m 0 -E root_owner=0:0 -d "$stage" "$work/root.img" "${root_mb}M"
# The data volume as the first boot finds it: what tmpfiles.d would make, and /var/log's folder,
# which must exist before the boot can bind it.
skel="$work/data"
mkdir -p "$skel"/{etc/network,etc/chrony,etc/rsyslog,clamav,chrony,log/journal,log/clamav,releases}
cp "$stage/usr/share/kakehashi/freshclam.conf" "$skel/etc/freshclam.conf"
cp "$stage/usr/share/doc/kakehashi/kakehashi.yaml.example" "$skel/etc/kakehashi.yaml"
ln -s "/opt/kakehashi/$version" "$skel/releases/current"
id_in() { chroot "$stage" "$@"; }
chown "$(id_in id -u clamav):$(id_in id -g clamav)" "$skel/clamav"
chown "$(id_in id -u clamav):$(id_in getent group adm | cut -d: -f3)" "$skel/log/clamav"
chown "$(id_in id -u _chrony):$(id_in id -g _chrony)" "$skel/chrony" && chmod 0750 "$skel/chrony"
chown "0:$(id_in getent group systemd-journal | cut -d: -f3)" "$skel/log/journal" && chmod 2755 "$skel/log/journal"
data_mb="${KAKEHASHI_DATA_MB:-4096}"
mkfs.ext4 -q -L kh-data -U "$data_part" -m 1 -d "$skel" "$work/data.img" "${data_mb}M"
total_mb=$(( 1 + esp_mb + root_mb + data_mb + 1 ))
rm -f "$disk" && truncate -s "${total_mb}M" "$disk"
sfdisk --quiet "$disk" <<SFDISK
label: gpt
label-id: $disk_id
unit: sectors
start=$(( 1 * 2048 )), size=$(( esp_mb * 2048 )), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$esp_part, name="kh-esp"
start=$(( (1 + esp_mb) * 2048 )), size=$(( root_mb * 2048 )), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$root_part, name="kh-root"
start=$(( (1 + esp_mb + root_mb) * 2048 )), size=$(( data_mb * 2048 )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$data_part, name="kh-data"
SFDISK
dd if="$work/esp.img" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$work/root.img" of="$disk" bs=1M seek=$(( 1 + esp_mb )) conv=notrunc,sparse status=none
dd if="$work/data.img" of="$disk" bs=1M seek=$(( 1 + esp_mb + root_mb )) conv=notrunc,sparse status=none
rm -rf "$work"
say "converting the disk: ${KAKEHASHI_DISK_FORMATS-qcow2 vmdk vhdx} ($(( $(date +%s) - started )) s)"
# Side by side: compressing is single-threaded in qemu-img.
pids=""
for format in ${KAKEHASHI_DISK_FORMATS-qcow2 vmdk vhdx}; do
  case "$format" in
    qcow2) qemu-img convert -f raw -O qcow2 -c "$disk" "$out/kakehashi-$version.qcow2" & ;;
    vmdk) qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$disk" "$out/kakehashi-$version.vmdk" & ;;
    vhdx) qemu-img convert -f raw -O vhdx -o subformat=dynamic "$disk" "$out/kakehashi-$version.vhdx" & ;;
    *) die "unknown disk format $format (qcow2, vmdk, vhdx)" ;;
  esac
  pids="$pids $!"
done
for pid in $pids; do wait "$pid" || die "converting the disk failed"; done

size() { du -sh --apparent-size "$1" | cut -f1; }
{
  echo "kakehashi $version image, built $(date -u +%Y-%m-%dT%H:%M:%SZ) in $(( $(date +%s) - started )) s"
  echo "root filesystem installed: $(size "$stage")"
  echo "tar: $(size "$out/$name.tar")  squashfs (zstd): $(size "$out/$name.squashfs")"
  echo "disk (raw, sparse): $(size "$disk") apparent, $(du -sh "$disk" | cut -f1) allocated"
  for f in "$out"/kakehashi-"$version".{qcow2,vmdk,vhdx}; do
    if [ -f "$f" ]; then echo "$(basename "$f"): $(size "$f")"; fi
  done
  echo "jlink runtime: $(size "$opt/runtime") ($modules)"
  echo "Debian packages: $(wc -l < "$out/packages.txt"); Java components in the SBOM: $(grep -c '"bom-ref"' "$out/sbom.cdx.json")"
  echo "jars: $(wc -l < "$out/jars.sha256"), sha256 of their hash list: $(sha256sum < "$out/jars.sha256" | cut -c1-16)"
} | tee "$out/report.txt" >&2
