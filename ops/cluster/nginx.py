"""nginx in front: the public port balances the Rasa servers, a second port the action servers.

The configuration is generated into its folder with its own pid, log and temporary paths, so no
system-wide nginx setting is used. No connection to a server is kept open between requests: when
supervisord restarts a server that died, a kept connection to it fails after the request was
sent, and nginx does not pass a POST that was sent on to the other server (502); a new
connection is refused instead, and the request goes to the server that is up. There is no access
log, and the error log keeps only `crit`:
nginx's errors quote the request's URL, and Rasa's HTTP API URLs hold the sender id, which for
a text message is the patient's phone number.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ops.cluster.system import current_user, is_root, read_pid, stop_pid, wait_for_port

CONFIG = """\
{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log crit;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    client_max_body_size 1m;

    upstream rasa {{
{rasa_servers}
    }}
    upstream actions {{
{action_servers}
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 120s;
        }}
    }}

    server {{
        listen 127.0.0.1:{action_port};
        location / {{
            proxy_pass http://actions;
            proxy_http_version 1.1;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def _servers(ports: list[int]) -> str:
    return "\n".join(f"        server 127.0.0.1:{port};" for port in ports)


class Nginx:
    def __init__(
        self, folder: Path, port: int, rasa_ports: list[int], action_port: int, action_ports: list[int]
    ) -> None:
        self.folder, self.port, self.action_port = folder, port, action_port
        self.rasa_ports, self.action_ports = rasa_ports, action_ports
        self.config, self.pid_file = folder / "nginx.conf", folder / "nginx.pid"

    def write_config(self) -> None:
        (self.folder / "tmp").mkdir(parents=True, exist_ok=True)
        self.config.write_text(
            CONFIG.format(
                user=f"user {current_user()};\n" if is_root() else "",  # workers as the current user, not nobody
                folder=self.folder,
                port=self.port,
                action_port=self.action_port,
                rasa_servers=_servers(self.rasa_ports),
                action_servers=_servers(self.action_ports),
            )
        )

    def start(self) -> None:
        self.stop()
        self.write_config()
        base = ["nginx", "-p", str(self.folder), "-c", str(self.config), "-e", str(self.folder / "error.log")]
        subprocess.run([*base, "-t", "-q"], check=True)
        subprocess.run(base, check=True)
        wait_for_port(self.port)
        wait_for_port(self.action_port)

    def stop(self) -> None:
        pid = read_pid(self.pid_file)
        if pid is not None:
            stop_pid(pid)
            self.pid_file.unlink(missing_ok=True)
