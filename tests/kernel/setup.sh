#!/bin/sh
# Installs what tests/export_kernel.rs needs: nftables, iptables and iproute2 (Debian packages),
# python3, and Aerleon (PyPI) for the differential test. Run as root; the tests themselves also
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
if ! python3 -c 'import aerleon' 2>/dev/null; then
    # Debian's python3 refuses system-wide pip installs (PEP 668) unless told otherwise.
    python3 -m pip install --quiet aerleon ||
        python3 -m pip install --quiet --break-system-packages aerleon
fi
