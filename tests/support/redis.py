"""A throwaway ``redis-server`` on 127.0.0.1, for the distributed-crawl tests.

No persistence (``--save "" --appendonly no``) and a temporary working directory, so nothing
is left behind; stopped with SIGTERM (a clean shutdown that saves nothing, given ``--save ""``),
then killed if it does not go.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def find_redis_server() -> str | None:
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    process: subprocess.Popen
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    def start(cls, timeout: float = 20) -> RedisServer:
        binary = find_redis_server()
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        root = Path(tempfile.mkdtemp(prefix="crosstally-redis-"))
        port = _free_port()
        command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(root), "--logfile", str(root / "redis.log")]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root
        )
        server = cls(process=process, root=root, port=port)
        deadline = time.monotonic() + timeout
        while not server.ping():
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"redis-server did not start: {server.log()[-2000:]}")
            time.sleep(0.05)
        return server

    def client(self):
        from redis import Redis

        return Redis.from_url(self.url, socket_timeout=5)

    def ping(self) -> bool:
        from redis.exceptions import RedisError

        try:
            return bool(self.client().ping())
        except RedisError:
            return False

    def log(self) -> str:
        path = self.root / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
