#!/bin/sh
# Install houqin-fonts.conf (font substitutes for rendering the .docx profiles on Linux):
# into /etc/fonts/conf.d when run as root, else into ~/.config/fontconfig/conf.d; then
# rebuild the font cache. Needs: fonts-noto-cjk fonts-arphic-ukai fonts-liberation
# texlive-lang-chinese (FandolFang). Check with:  fc-match 仿宋_GB2312  (→ FandolFang).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then
    target=/etc/fonts/conf.d
else
    target="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
fi
mkdir -p "$target"
# An early number: read before the distribution's own CJK aliases.
cp "$here/houqin-fonts.conf" "$target/09-houqin-fonts.conf"
fc-cache -f >/dev/null
echo "installed $target/09-houqin-fonts.conf"
for family in 仿宋_GB2312 楷体_GB2312 黑体 宋体 方正小标宋简体 "Times New Roman"; do
    printf '%s → %s\n' "$family" "$(fc-match -f '%{family[0]}' "$family")"
done
