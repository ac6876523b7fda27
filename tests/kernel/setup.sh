#!/bin/sh
# Installs what tests/export_kernel.rs and tests/export_firewalls.rs need: nftables, iptables
# and iproute2 (Debian packages), python3, Aerleon (PyPI) for the differential tests, and the
# independent parsers the firewall exports are read back with: hier-config 3 (IOS, Junos),
# anyconfig-fortios-backend (FortiOS) and openpyxl (the XLSX workbook). Run as root; the tests themselves also
# need root to create network namespaces. Without these tools the tests are skipped with a
# reason, or fail when CI is set.
set -eu
if command -v apt-get >/dev/null 2>&1; then
    missing=""
    command -v nft >/dev/null 2>&1 || missing="$missing nftables"
    command -v iptables-restore >/dev/null 2>&1 || missing="$missing iptables"
    command -v ip >/dev/null 2>&1 || missing="$missing iproute2"
    command -v python3 >/dev/null 2>&1 || missing="$missing python3 python3-pip"
    if [ -n "$missing" ]; then
        apt-get update
        # shellcheck disable=SC2086
        apt-get install -y --no-install-recommends $missing
    fi
fi
# Debian's python3 refuses system-wide pip installs (PEP 668) unless told otherwise.
pip_install() {
    python3 -m pip install --quiet "$@" ||
        python3 -m pip install --quiet --break-system-packages "$@"
}
python3 -c 'import aerleon' 2>/dev/null || pip_install aerleon
# hier-config 3 has get_hconfig and the Junos and FortiOS platforms (2.x has neither)
python3 -c 'from hier_config import get_hconfig, Platform' 2>/dev/null || pip_install 'hier-config>=3,<4'
python3 -c 'import anyconfig; anyconfig.loads("", ac_parser="fortios")' 2>/dev/null ||
    pip_install anyconfig-fortios-backend
python3 -c 'import openpyxl' 2>/dev/null || pip_install openpyxl
