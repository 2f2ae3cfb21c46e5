"""The `newsarchive` command line: one Click group; each command is a thin call into a library."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsarchive")
def main() -> None:
    """Crawl Korean regional news outlets into WARC and search the archive."""


def _register() -> None:
    """Attach each command group; modules own their commands."""
    from crawler.outlets_cli import outlets

    main.add_command(outlets)
    from crawler.crawl_cli import crawl

    main.add_command(crawl)
    from crawler.samples.cli import samples

    main.add_command(samples)
    # One import + add_command per command module, e.g.:
    #   from crawler.samples.cli import samples; main.add_command(samples)
    from crawler.demo import demo

    main.add_command(demo)
    from archive.web.cli import serve

    main.add_command(serve)
    from archive.search.cli import reindex_command, search_command

    main.add_command(search_command)
    main.add_command(reindex_command)

    from archive.warc.cli import warc

    main.add_command(warc)
    from archive.extract.cli import extract_command

    main.add_command(extract_command)
    from archive.store.cli import COMMANDS as store_commands

    for command in store_commands:
        main.add_command(command)


_register()

if __name__ == "__main__":
    main()
