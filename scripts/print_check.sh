#!/bin/sh
# Print check for exported workbooks (for a reviewer; not run in CI): convert each XLSX to PDF with
# LibreOffice as a printer would lay it out, render every page to PNG and extract the text, then look at
# the pages (form readable, nothing cut off, header on every page, CJK fonts).
#
#     scripts/print_check.sh [-o OUTDIR] [-r DPI] FILE.xlsx...
#
# Writes OUTDIR/NAME.pdf, OUTDIR/NAME-N.png (one per page) and OUTDIR/NAME.txt (pdftotext -layout), and
# prints the page count and the fonts embedded. Needs LibreOffice Calc and poppler-utils:
#     apt-get install -y libreoffice-calc-nogui poppler-utils fonts-noto-cjk
# The workbooks ask for 等线 (DengXian), which Linux lacks: this script maps it (and 宋体/SimSun) to Noto
# CJK SC through a temporary fontconfig file, as a Chinese office PC would have it, so that the PDF shows
# Simplified-Chinese glyphs rather than whatever fallback the system picks.
set -eu

out=print_check
dpi=60
while getopts "o:r:h" opt; do
    case $opt in
        o) out=$OPTARG ;;
        r) dpi=$OPTARG ;;
        *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "用法：scripts/print_check.sh [-o 输出文件夹] [-r DPI] 文件.xlsx…" >&2; exit 2; }
for tool in soffice pdftoppm pdfinfo pdffonts pdftotext; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "缺少 $tool：apt-get install -y libreoffice-calc-nogui poppler-utils fonts-noto-cjk" >&2; exit 2; }
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# fontconfig: the system's configuration plus 等线/宋体 -> Noto CJK SC (when installed)
cat > "$work/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>等线</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>DengXian</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
EOF
export FONTCONFIG_FILE="$work/fonts.conf"
# the profile's default language for Asian text: Simplified Chinese (else LibreOffice may pick Japanese glyphs)
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale_CJK" oor:op="fuse"><value>zh-CN</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>zh-CN</value></prop></item>
</oor:items>
EOF

for file in "$@"; do
    [ -f "$file" ] || { echo "$file：文件不存在" >&2; exit 2; }
    name=$(basename "$file" .xlsx)
    # a private LibreOffice profile: works while another LibreOffice runs, leaves the user's alone
    soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" \
        "$file" >/dev/null 2>&1 || { echo "$file：LibreOffice 无法转换" >&2; exit 1; }
    pdf="$work/$(basename "${file%.*}").pdf"
    [ -f "$pdf" ] || { echo "$file：LibreOffice 没有生成 PDF" >&2; exit 1; }
    mv "$pdf" "$out/$name.pdf"
    rm -f "$out/$name"-*.png
    pdftoppm -r "$dpi" -png "$out/$name.pdf" "$out/$name"
    pdftotext -layout "$out/$name.pdf" "$out/$name.txt"
    pages=$(pdfinfo "$out/$name.pdf" | sed -n 's/^Pages: *//p')
    fonts=$(pdffonts "$out/$name.pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')
    echo "$file：$pages 页 → $out/$name.pdf，$out/$name-*.png；字体：$fonts"
done
