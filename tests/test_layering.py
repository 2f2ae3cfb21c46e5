"""`archive` is a plain library: importing it must not pull in Scrapy, Twisted or `crawler`."""

import subprocess
import sys


def test_archive_imports_without_scrapy_or_crawler():
    code = (
        "import sys, pkgutil, importlib, archive\n"
        "for m in pkgutil.walk_packages(archive.__path__, 'archive.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted', 'crawler')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"archive imported: {out.stdout.strip()}"
