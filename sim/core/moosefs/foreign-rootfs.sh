#!/bin/sh
# Finishes, on the host, a rootfs of another architecture left by `debootstrap --foreign`
# (first stage: every .deb downloaded, the required set extracted). One program of the
# rootfs runs under emulation (ldconfig, about a second); no maintainer script does.
# Part of the arm64 image recipe and its hash (sim/core/moosefs/image.ts).
#
# debootstrap's second stage would run dpkg and every maintainer script inside the rootfs,
# which for arm64 means hundreds of processes under qemu user-mode emulation (minutes).
# Instead: every .deb is unpacked with the host's dpkg-deb (the data archive is the same on
# any architecture) and the few maintainer-script effects a storage node needs are done
# here. What is left out on purpose: init links (update-rc.d, systemd units: the container
# runs the entrypoint, no init), PAM's common-* files (nobody logs in: docker exec is
# root), debconf's database, man-page alternatives, the _apt user and apt's state.
#   usage: foreign-rootfs.sh ROOTFS
set -eu
R=$1
[ -f "$R/debootstrap/debpaths" ] || { echo "$R: not a debootstrap --foreign rootfs" >&2; exit 2; }

# 1. Unpack every package (the first stage did only the required ones; unpacking those
#    again writes the same files). --keep-directory-symlink: the merged-/usr links (bin ->
#    usr/bin) stay links, not directories. dpkg's database records each package as
#    unpacked, not configured: `dpkg -l` inside says what is there, and says it truthfully.
info="$R/var/lib/dpkg/info"
mkdir -p "$info"
: > "$R/var/lib/dpkg/status"
while read -r pkg deb; do
  dpkg-deb --fsys-tarfile "$R$deb" | tar -C "$R" --keep-directory-symlink -xvf - |
    sed -e 's|^\./|/|' -e 's|/$||' -e 's|^$|/.|' > "$info/$pkg.list"
  { dpkg-deb -f "$R$deb" | sed '/^Package:/a Status: install ok unpacked'; echo; } >> "$R/var/lib/dpkg/status"
done < "$R/debootstrap/debpaths"

# 2. Users and groups (base-passwd's postinst copies its master files; passwd's runs
#    pwconv/grpconv) and the mfs system user and group that moosefs-common's postinst
#    creates with adduser, with the UID/GID it asks for (420, as in the amd64 image),
#    owning /var/lib/mfs as that postinst leaves it.
cp "$R/usr/share/base-passwd/passwd.master" "$R/etc/passwd"
cp "$R/usr/share/base-passwd/group.master" "$R/etc/group"
echo 'mfs:x:420:420::/var/lib/mfs:/usr/sbin/nologin' >> "$R/etc/passwd"
echo 'mfs:x:420:' >> "$R/etc/group"
today=$(($(date +%s) / 86400))
sed "s/^\([^:]*\):.*/\1:*:$today:0:99999:7:::/" "$R/usr/share/base-passwd/passwd.master" > "$R/etc/shadow"
echo "mfs:!:$today::::::" >> "$R/etc/shadow"
sed 's/^\([^:]*\):.*/\1:*::/' "$R/usr/share/base-passwd/group.master" > "$R/etc/gshadow"
echo 'mfs:!::' >> "$R/etc/gshadow"
chown root:root "$R/etc/passwd" "$R/etc/group"
chmod 644 "$R/etc/passwd" "$R/etc/group"
chown root:42 "$R/etc/shadow" "$R/etc/gshadow" # 42: shadow
chmod 640 "$R/etc/shadow" "$R/etc/gshadow"
mkdir -p "$R/var/lib/mfs"
chown 420:420 "$R/var/lib/mfs"

# 3. Name service and shells: libc-bin's default nsswitch.conf (users resolve from
#    /etc/passwd), the shells bash's and dash's postinsts add.
[ -e "$R/etc/nsswitch.conf" ] || cp -p "$R/usr/share/libc-bin/nsswitch.conf" "$R/etc/nsswitch.conf"
{ echo '# /etc/shells: valid login shells'; for s in sh bash rbash dash; do echo "/bin/$s"; echo "/usr/bin/$s"; done; } > "$R/etc/shells"

# 4. base-files' postinst: the directory skeleton, root's dot files, /etc/profile, motd.
ln -sfn debian "$R/etc/dpkg/origins/default"
bf="$R/usr/share/base-files"
[ -e "$R/root/.profile" ] || cp -p "$bf/dot.profile" "$R/root/.profile"
[ -e "$R/root/.bashrc" ] || cp -p "$bf/dot.bashrc" "$R/root/.bashrc"
[ -e "$R/etc/profile" ] || cp -p "$bf/profile" "$R/etc/profile"
[ -e "$R/etc/motd" ] || cp -p "$bf/motd" "$R/etc/motd"
for d in mnt srv opt etc/opt var/opt media; do mkdir -p "$R/$d"; done
mkdir -p "$R/var/mail" && chown root:8 "$R/var/mail" && chmod 2775 "$R/var/mail" # 8: mail
[ -L "$R/var/spool/mail" ] || ln -s ../mail "$R/var/spool/mail"
mkdir -p "$R/run/lock" && chmod 1777 "$R/run/lock"
for d in share share/man bin games lib include sbin src etc; do mkdir -p "$R/usr/local/$d"; done
ln -sfn share/man "$R/usr/local/man"
for f in wtmp lastlog; do : > "$R/var/log/$f"; chown root:43 "$R/var/log/$f"; chmod 664 "$R/var/log/$f"; done # 43: utmp
: > "$R/var/log/btmp"; chown root:43 "$R/var/log/btmp"; chmod 660 "$R/var/log/btmp"

# 5. Alternatives the postinsts of mawk, debianutils, util-linux and tar install (the
#    commands only, not their man pages), and tzdata's UTC.
alt() { ln -sfn "$2" "$R/etc/alternatives/$1"; ln -sfn "/etc/alternatives/$1" "$R$3"; }
mkdir -p "$R/etc/alternatives"
alt awk /usr/bin/mawk /usr/bin/awk
alt nawk /usr/bin/mawk /usr/bin/nawk
alt which /usr/bin/which.debianutils /usr/bin/which
alt pager /bin/more /usr/bin/pager
alt rmt /usr/sbin/rmt-tar /usr/sbin/rmt
ln -sfn /usr/share/zoneinfo/Etc/UTC "$R/etc/localtime"
echo Etc/UTC > "$R/etc/timezone"

# 6. What debootstrap itself leaves for its second stage: /proc is a real directory in an
#    image (the first stage makes it a link when it runs inside a container), and its
#    working directory goes.
if [ -L "$R/proc" ]; then rm -f "$R/proc"; mkdir "$R/proc"; fi
rm -rf "$R/debootstrap"

# 7. The dynamic loader's cache, as libc-bin's postinst makes it. The host's ldconfig
#    cannot (it writes an empty cache for foreign libraries), so the rootfs's own runs,
#    through binfmt_misc (registered before a foreign build). Without a cache the loader
#    still finds every library in its default directories; the cache spares a node's
#    processes the failed opens.
chroot "$R" /sbin/ldconfig
