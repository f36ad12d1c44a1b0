"""supervisord's configuration as ops/supervisor.py writes it (the kill tests run it for real:
tests/security/test_supervision.py, tests/cluster/test_supervision.py)."""

from __future__ import annotations

import configparser
import stat

from ops.launch import assistant_programs
from ops.supervisor import START_RETRIES, Supervisor


def read(supervisor: Supervisor) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser()
    parser.read_string(supervisor.config.read_text())
    return parser


def test_every_program_is_restarted_with_back_off(tmp_path):
    supervisor = Supervisor(
        tmp_path / "run", assistant_programs(5005, 5055, 8080), {"RASA_API_TOKEN": "not-in-the-file-x1"}
    )
    supervisor.write_config()
    config = read(supervisor)
    assert {s for s in config.sections() if s.startswith("program:")} == {
        "program:actions",
        "program:rasa",
        "program:website",
    }
    for name in ("actions", "rasa", "website"):
        section = config[f"program:{name}"]
        assert section["autorestart"] == "true" and int(section["startretries"]) == START_RETRIES
        assert section["stdout_logfile"] == "/dev/stdout" and section["redirect_stderr"] == "true"
    assert "ops.rasa_server" in config["program:rasa"]["command"]
    assert config["supervisord"]["nodaemon"] == "true"
    assert "not-in-the-file-x1" not in supervisor.config.read_text()  # the programs inherit the environment
    assert stat.S_IMODE((tmp_path / "run").stat().st_mode) == 0o700


def test_a_log_folder_gives_each_program_its_file(tmp_path):
    supervisor = Supervisor(tmp_path / "run", assistant_programs(5005, 5055, 8080), {}, log_folder=tmp_path / "logs")
    supervisor.write_config()
    assert read(supervisor)["program:rasa"]["stdout_logfile"] == str(tmp_path / "logs" / "rasa.log")


def test_a_percent_sign_in_a_command_is_kept(tmp_path):
    from ops.supervisor import Program

    supervisor = Supervisor(tmp_path / "run", [Program("p", ["echo", "100%"], "http://127.0.0.1:1/")], {})
    supervisor.write_config()
    assert "100%%" in supervisor.config.read_text()  # supervisord reads %% as %
