# Sourced by `make test`: make sure what the PDF renderer and its tests need is here: Pango
# (WeasyPrint draws text with it), the Noto fonts for Latin, Cyrillic, Chinese and Arabic, and
# poppler's pdftotext/pdffonts/pdftoppm (tests/render/test_pdf.py reads the PDFs back).
#
# Installs the missing Debian packages when we are root (CI runs as root on a fresh machine),
# running `apt-get update` only when the install fails without it; otherwise prints the command.
# Quick when everything is installed: it only asks dpkg. Issue 7 point 4.
# shellcheck shell=bash

_council_fonts_main() {
  local packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk poppler-utils)
  local missing=() package
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "fonts-for-tests: installing Debian's ${missing[*]}" >&2
    local install=(apt-get install -y -qq --no-install-recommends "${missing[@]}")
    if ! DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null 2>&1; then
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null; } \
        || echo "fonts-for-tests: apt-get could not install ${missing[*]}" >&2
    fi
  else
    echo "fonts-for-tests: missing Debian packages: ${missing[*]}." >&2
    echo "fonts-for-tests: install them as root: apt-get install ${missing[*]}" >&2
  fi
}

_council_fonts_main
