#!/bin/sh
# scripts/foreign-chroot.sh ROOT [COMMAND [ARGS...]]: runs COMMAND (default /bin/sh) chrooted into
# ROOT, a foreign Debian root (debootstrap --foreign, or packages unpacked), its programs run by
# qemu-ts through binfmt_misc. Needs the entries registered with flag F (npm run binfmt --
# install --flags POF), so the kernel opens the interpreter outside the chroot; what that
# interpreter starts must be inside it at the same paths: node, the host libraries node loads,
# this package (and its node_modules), /proc and /dev. They are bind-mounted onto an overlay of
# ROOT (ROOT itself stays unchanged), in a mount namespace of its own, so everything is undone
# when COMMAND exits. As root (or as the root of a user namespace: docs/binfmt.md).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 ROOT [COMMAND [ARGS...]]" >&2; exit 2; }
if [ -z "${QEMU_TS_CHROOT_NS:-}" ]; then
  QEMU_TS_CHROOT_NS=1 exec unshare --mount --propagation private --fork "$0" "$@"
fi
root=$(realpath "$1"); shift
[ -d "$root" ] || { echo "$0: $root is not a directory" >&2; exit 1; }
pkg=$(realpath "$(dirname "$0")/..")
node=$(command -v node)
work=$(mktemp -d)
mkdir -p "$work/upper" "$work/work" "$work/root"
mount -t overlay overlay -o "lowerdir=$root,upperdir=$work/upper,workdir=$work/work" "$work/root"
r=$work/root

bind() { # bind PATH: the host's PATH at the same place inside
  if [ -d "$1" ]; then mkdir -p "$r$1"; else mkdir -p "$r$(dirname "$1")"; touch "$r$1"; fi
  mount --rbind "$1" "$r$1"
}
bind "$(realpath "$node")"
[ "$(realpath "$node")" = "$node" ] || { mkdir -p "$r$(dirname "$node")"; ln -sf "$(realpath "$node")" "$r$node"; }
# The directories of node's shared libraries and of its ELF interpreter.
for lib in $(ldd "$node" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^\s*\(\/[^ ]*\) (.*/\1/p'); do
  d=$(dirname "$lib")
  mountpoint -q "$r$d" 2>/dev/null || bind "$d"
done
bind "$pkg"
modules=$(realpath "$pkg/node_modules")
case "$modules" in "$pkg"/*) ;; *) bind "$modules" ;; esac
bind /proc
bind /dev
[ $# -ge 1 ] || set -- /bin/sh
exec chroot "$r" "$@"
