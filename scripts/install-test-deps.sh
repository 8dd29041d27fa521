#!/usr/bin/env bash
# Installs the Debian packages some tests use, only where missing and only where apt can run (root).
#   readelf (binutils): checks the TorchSharp native fix; g++: builds the libstdc++ shim on old hosts;
#   slurm-wlm: the single-node Slurm cluster the Slurm tests start; jupyter-nbconvert, nbclient, ipykernel and
#   jupyter-client: execute the researcher notebooks headless; fonts-dejavu-core: the font plots draw their text with
#   (SkiaSharp's self-contained native library has no system fonts of its own).
# Tests whose tools are still missing skip and say which package to install.
set -euo pipefail
need=()
command -v readelf >/dev/null || need+=(binutils)
command -v g++ >/dev/null || need+=(g++)
command -v slurmctld >/dev/null || need+=(slurm-wlm)
[ -x /usr/bin/jupyter-nbconvert ] || need+=(jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "missing: ${need[*]} (install them with your package manager)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; }
