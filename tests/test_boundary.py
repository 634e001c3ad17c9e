# SPDX-License-Identifier: EUPL-1.2
"""The analysis engine never imports Django (STYLE.md): checked in source and at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).parent.parent / "inspraak_analysis"


def test_no_engine_module_names_django_or_the_platform() -> None:
    offenders = []
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in {"django", "inspraak", "config"}
            ]
    assert offenders == []


def test_importing_every_engine_module_loads_no_django() -> None:
    code = (
        "import importlib, pkgutil, sys, inspraak_analysis\n"
        "for m in pkgutil.walk_packages(inspraak_analysis.__path__, 'inspraak_analysis.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in {'django', 'inspraak', 'config'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
