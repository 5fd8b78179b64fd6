"""`houqin serve`: the web app on this computer, in uvicorn, until Ctrl+C."""
from __future__ import annotations

import errno
import logging
import socket
import threading
import webbrowser

from . import core

log = logging.getLogger("houqin_report.web")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise core.HouqinError(f"端口 {port} 已被占用（可能已有一个 houqin serve 在运行）。请用 --port 换一个端口，如 --port {port + 1}。") from None
        raise core.HouqinError(f"无法在 {host}:{port} 上启动：{exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def run(host: str = "127.0.0.1", port: int = 8765, db: str | None = None, open_browser: bool = True, echo=print) -> None:
    """Serve until interrupted. Prints the address (port 0: a free port is chosen)."""
    import uvicorn

    from .app import LOOPBACK, create_app
    from .checks import warm_up
    from .maintenance import open_store

    store = open_store(db)
    sock = _bind(host, port)
    address = url_of(host, sock.getsockname()[1])
    app = create_app(store, host)
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    echo(f"houqin serve 已启动：{address}")
    echo(f"数据保存在：{store.url}")
    if app.state.accounts.bureau_exists():
        echo("教育局的数据库：每个页面都要登录（学校账号由教育局管理员在网页中添加）。")
    elif host not in LOOPBACK:
        echo("注意：已允许其他电脑访问本服务，且没有登录；只在可信的网络中这样用（教育局使用请先用 houqin admin 建立管理员账号）。")
    echo("在浏览器中打开上面的地址；按 Ctrl+C 停止。")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        store.close()
        sock.close()
