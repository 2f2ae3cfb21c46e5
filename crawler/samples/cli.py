"""``newsarchive samples``: run the bundled sample outlets as a separate process."""

from __future__ import annotations

import signal
import threading

import click


@click.group()
def samples() -> None:
    """The bundled sample outlets (a local Korean regional news web)."""


@samples.command()
@click.option("--articles", default=120, show_default=True, help="Number of articles in the world.")
@click.option("--seed", default=0, show_default=True, help="World seed (same seed, same web).")
@click.option("--latency", default=0.0, show_default=True, help="Milliseconds added to every response.")
@click.option("--port", default=0, show_default=True, help="Port shared by all outlet addresses (0: a free one).")
@click.option("--first-host", default=11, show_default=True, help="First loopback address: 127.0.0.<N>.")
@click.option("--no-faults", is_flag=True, help="Serve every article cleanly (no 500s, hangs, loops ...).")
def serve(articles: int, seed: int, latency: float, port: int, first_host: int, no_faults: bool) -> None:
    """Serve the sample outlets and print each outlet's base URL; runs until interrupted."""
    from crawler.samples import SampleServer, SampleWorld

    world = SampleWorld(seed=seed, articles=articles)
    server = SampleServer(world, port=port, first_host=first_host, latency=latency / 1000, faults=not no_faults)
    server.start()
    for o in world.outlets:
        click.echo(f"{o.id}\t{o.cms}\t{server.base_url(o.id)}\t{o.name}")
    click.echo(f"control: {server.base_url(world.outlets[0].id)}/__samples__/advance?days=1  (also /truth, /registry)")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
