"""A real Neo4j 5.26 server (Community, with OpenGDS and APOC) for the tests and benchmarks:
the launcher in server/ started as a child JVM, and stopped with it.

The launcher is built with Maven (``build_launcher``; ``tests/run.sh`` does it, jars cached in
~/.m2). :class:`Neo4jServer` starts it on free loopback ports with a test password, waits
until Bolt answers, and stops it; the JVM is also told to stop when its standard input
closes, so a test run that is killed outright does not leave it running.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVER_DIR = HERE / "server"
TARGET = SERVER_DIR / "target"
CLASSPATH_FILE = TARGET / "classpath.txt"
PLUGINS = TARGET / "plugins"
MAIN_CLASS = "sahelgraph.Neo4jLauncher"
TEST_PASSWORD = "sahelgraph-test-password"
JVM_OPTIONS = (
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "-XX:+UseG1GC",
    "-XX:-UsePerfData",
)


class ServerError(RuntimeError):
    """The launcher could not be built or the server did not start."""


def _sources() -> list[Path]:
    return [SERVER_DIR / "pom.xml", *sorted((SERVER_DIR / "src").rglob("*.java"))]


def launcher_is_built() -> bool:
    if not CLASSPATH_FILE.exists() or not PLUGINS.is_dir():
        return False
    built = CLASSPATH_FILE.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in _sources())


def build_launcher() -> None:
    """Build the launcher with Maven unless it is up to date (offline first: ~/.m2 holds the
    jars after the first build)."""
    if launcher_is_built():
        return
    if shutil.which("mvn") is None:
        raise ServerError("Maven (mvn) is needed to build the Neo4j launcher: apt-get install maven")
    base = ["mvn", "-q", "-B", "-f", str(SERVER_DIR / "pom.xml"), "package"]
    done = subprocess.run([*base[:1], "-o", *base[1:]], capture_output=True, text=True)
    if done.returncode != 0:
        done = subprocess.run(base, capture_output=True, text=True)
    if done.returncode != 0 or not CLASSPATH_FILE.exists():
        raise ServerError("building the Neo4j launcher failed:\n" + (done.stdout + done.stderr)[-3000:])
    CLASSPATH_FILE.touch()


def classpath() -> str:
    return os.pathsep.join([str(TARGET / "classes"), CLASSPATH_FILE.read_text().strip()])


def java_command(main_class: str, *args: str, heap: str = "1g") -> list[str]:
    return ["java", f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-cp", classpath(), main_class, *args]


class Neo4jServer:
    """One launcher process. ``start()`` returns once Bolt answers; ``stop()`` ends it.

    Parameters
    ----------
    home : Path
        The DBMS home (data/, logs/); reused if it holds a database already.
    browser : bool
        Also serve Neo4j Browser (on a free port).
    heap, pagecache : str
        JVM heap and Neo4j page cache, e.g. "1g", "256m".
    """

    def __init__(self, home: Path, *, browser: bool = False, heap: str = "1g", pagecache: str = "256m",
                 password: str = TEST_PASSWORD):
        self.home = Path(home)
        self.browser = browser
        self.heap = heap
        self.pagecache = pagecache
        self.password = password
        self.process: subprocess.Popen | None = None
        self.bolt_port: int | None = None
        self.browser_port: int | None = None
        self.startup_ms: int | None = None
        self.version: str | None = None
        self.log_path = self.home.parent / f"{self.home.name}-launcher.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.browser_port}/browser/"

    def start(self, timeout: float = 600) -> "Neo4jServer":
        build_launcher()
        self.home.mkdir(parents=True, exist_ok=True)
        ready = self.home.parent / f"{self.home.name}-ready.json"
        ready.unlink(missing_ok=True)
        command = java_command(
            MAIN_CLASS, "--home", str(self.home), "--plugins", str(PLUGINS), "--bolt-port", "0",
            "--browser-port", "0" if self.browser else "-1", "--pagecache", self.pagecache,
            "--ready-file", str(ready), "--exit-on-stdin-close", heap=self.heap)
        log = open(self.log_path, "w")
        # the password goes through the environment, not the command line (ps shows that)
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                        env=env, cwd=self.home.parent)
        log.close()
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if self.process.poll() is not None:
                raise ServerError(f"Neo4j exited with {self.process.returncode} while starting:\n"
                                  + self.log_path.read_text(errors="replace")[-3000:])
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"Neo4j did not start within {timeout:.0f} s (log: {self.log_path})")
            time.sleep(0.2)
        info = json.loads(ready.read_text())
        self.bolt_port, self.startup_ms, self.version = info["bolt_port"], info["startup_ms"], info["version"]
        self.browser_port = info["browser_port"] if info["browser_port"] >= 0 else None
        return self

    def rss_kb(self) -> int | None:
        """The JVM's resident memory now, in KiB (Linux)."""
        if self.process is None:
            return None
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def stop(self, timeout: float = 120) -> None:
        """Stop the JVM (it shuts Neo4j down cleanly when its input closes); kill it if it
        has not gone within ``timeout``."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(30)

    def kill(self) -> None:
        """End the JVM at once, as a crash or an operator would (SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


if __name__ == "__main__":  # python tests/neo4j/server_process.py: build, start, print, stop
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, Neo4jServer(Path(tmp) / "home", browser=True) as server:
        print(f"Neo4j {server.version} on {server.uri}, Browser {server.browser_url}, "
              f"started in {server.startup_ms / 1000:.1f} s, RSS {server.rss_kb() / 1024:.0f} MiB", file=sys.stderr)
