# Sourced by `make test`: make sure Debian's Chromium and the Noto fonts are here for the browser
# tests (tests/web/) and export COUNCIL_TEST_CHROMIUM=/usr/bin/chromium.
#
# Playwright drives the system Chromium through `executable_path`; we never run
# `playwright install`, whose browser downloads do not work on our machines. Installs the Debian
# packages when they are missing and we are root (CI runs as root on a fresh machine), running
# `apt-get update` only when the install fails without it. Quick when everything is installed:
# it only asks dpkg. Set COUNCIL_SKIP_BROWSER=1 to skip; the browser tests then say so.
# shellcheck shell=bash

_council_browser_main() {
  if [[ -n "${COUNCIL_SKIP_BROWSER:-}" ]]; then
    return 0
  fi
  local chromium=/usr/bin/chromium
  local packages=(chromium fonts-noto-cjk fonts-noto-core)
  local missing=() package
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      echo "browser-for-tests: installing Debian's ${missing[*]}" >&2
      local install=(apt-get install -y -qq --no-install-recommends "${missing[@]}")
      if ! DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null 2>&1; then
        # The package lists are missing or stale (a fresh container has none).
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null; } \
          || echo "browser-for-tests: apt-get could not install ${missing[*]}" >&2
      fi
    else
      echo "browser-for-tests: missing Debian packages: ${missing[*]}." >&2
      echo "browser-for-tests: install them as root: apt-get install ${missing[*]}" >&2
      echo "browser-for-tests: (or set COUNCIL_SKIP_BROWSER=1 to skip the browser tests)" >&2
    fi
  fi
  if [[ ! -x "$chromium" ]]; then
    echo "browser-for-tests: no $chromium; the browser tests will fail" \
      "(set COUNCIL_SKIP_BROWSER=1 to skip them)" >&2
    return 0
  fi
  export COUNCIL_TEST_CHROMIUM="$chromium"
}

_council_browser_main
