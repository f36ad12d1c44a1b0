"""Load test: simulated patients talk to the assistant over the REST channel at once.

    .venv/bin/python scripts/bench.py                        # starts the single-process setup
    .venv/bin/python scripts/bench.py --cluster              # starts the cluster (scripts/cluster.py)
    .venv/bin/python scripts/bench.py --url URL --database-url DB   # a setup already running

A bounded number of conversations run at the same time (--concurrency). Some patients ask a
few questions; the others book a visit from start to finish, each for a different free slot.
Like people reading a reply and typing the next message, each patient pauses --think seconds
on average (0.5x to 1.5x, at random) before every message; --think 0 sends as fast as the
server answers, which finds the most messages per second it can take.
It prints messages per second, reply latency (p50 / p95 / p99), errors, and the bookings
confirmed to patients against the bookings stored in the database: they must be equal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clinic.opening_hours import slots_on  # noqa: E402
from bot.language.en.dates import MONTHS, WEEKDAYS  # noqa: E402
from bot.settings import get_settings  # noqa: E402
from ops.launch import free_port, local_environment, start_assistant, stop_assistant  # noqa: E402

REFERENCE = re.compile(r"reference code is ([A-Z0-9]{6})")
QUESTIONS = [
    "is infrared light therapy safe?",
    "how does the treatment work",
    "does it hurt",
    "how many sessions will I need",
    "what is peripheral neuropathy",
    "will my insurance pay for it",
    "what are your opening hours",
    "can it help diabetic neuropathy",
    "is there research behind it",
    "where are you located",
    "are there side effects",
    "how long does the relief last",
]
NAMES = ["Mary Jones", "Robert Smith", "Linda Garcia", "James Brown", "Patricia Miller", "John Davis"]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    confirmed: set[str] = field(default_factory=set)


class Patient:
    def __init__(
        self, http: aiohttp.ClientSession, url: str, results: Results, think: float, rng: random.Random
    ) -> None:
        self.http, self.url, self.results = http, url, results
        self.sender = ""  # issued by the server: start()
        self.think, self.rng = think, rng

    async def start(self) -> None:
        """A conversation id issued by the server, as the widget gets one (not timed)."""
        async with self.http.post(f"{self.url}/webhooks/rest/conversations", json={}) as response:
            if response.status != 201:
                raise RuntimeError(f"HTTP {response.status} for a new conversation")
            self.sender = (await response.json())["sender"]

    async def say(self, text: str) -> str:
        await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
        started = time.perf_counter()
        async with self.http.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}
        ) as response:
            body = await response.text()
        self.results.latencies.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
        return "\n".join(reply.get("text", "") for reply in json.loads(body))

    async def expect(self, text: str, wanted: str) -> str:
        reply = await self.say(text)
        if wanted.lower() not in reply.lower():
            raise RuntimeError(f"expected {wanted!r} after {text!r}")
        return reply

    async def ask_questions(self, rng: random.Random) -> None:
        await self.expect("hello", "automated assistant")
        for question in rng.sample(QUESTIONS, 3):
            if not await self.say(question):
                raise RuntimeError(f"no answer to {question!r}")
        await self.say("thank you")

    async def book(self, start: datetime, name: str, phone: str) -> None:
        await self.expect("I'd like to book an appointment", "full name")
        await self.expect(name, "mobile number")
        await self.expect(phone, "day and time")
        await self.expect(in_words(start), "visit to be about")
        await self.expect("numbness in my feet", "been to the clinic before")
        await self.expect("I'm a new patient", "contact you")
        await self.expect("yes", "email")
        await self.expect("skip", name)
        done = await self.say("yes")
        found = REFERENCE.search(done)
        if not found:
            raise RuntimeError("the booking was not confirmed")
        self.results.confirmed.add(found.group(1))


def in_words(moment: datetime) -> str:
    hour, suffix = moment.hour % 12 or 12, "am" if moment.hour < 12 else "pm"
    return f"{WEEKDAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day} at {hour}:{moment.minute:02d}{suffix}"


def free_starts(count: int, taken: set[datetime]) -> list[datetime]:
    """`count` bookable starts from ten days ahead on, none of them already taken."""
    settings = get_settings()
    day, starts = datetime.now(settings.timezone).date() + timedelta(days=10), []
    while len(starts) < count:
        starts += [s for s in slots_on(day, settings) if s not in taken][: count - len(starts)]
        day += timedelta(days=1)
    return starts


def staff_list(env: dict) -> list[dict]:
    listing = subprocess.run(
        [sys.executable, "-m", "bot", "appointments", "list", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(listing.stdout)


async def run_load(
    url: str, patients: int, concurrency: int, booking_share: float, think: float, taken: set[datetime]
) -> tuple[Results, float]:
    rng = random.Random(7)
    bookers = round(patients * booking_share)
    starts = iter(free_starts(bookers, taken))
    results, gate = Results(), asyncio.Semaphore(concurrency)

    async def one(index: int, http: aiohttp.ClientSession) -> None:
        async with gate:
            patient = Patient(http, url, results, think, rng)
            try:
                await patient.start()
                if index % patients < bookers:
                    await patient.book(next(starts), NAMES[index % len(NAMES)], f"617-555-01{index % 100:02d}")
                else:
                    await patient.ask_questions(rng)
            except Exception as error:  # counted and reported, the load goes on
                results.errors.append(f"{type(error).__name__}: {error}")

    order = list(range(patients))
    rng.shuffle(order)  # bookings and questions interleaved
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        started = time.perf_counter()
        await asyncio.gather(*(one(index, http) for index in order))
        elapsed = time.perf_counter() - started
    return results, elapsed


def report(label: str, think: float, concurrency: int, results: Results, elapsed: float, stored: int) -> dict:
    latencies = sorted(results.latencies)

    def percentile(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    figures = {
        "setup": label,
        "concurrent_patients": concurrency,
        "think_seconds": think,
        "messages": len(latencies),
        "messages_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "errors": len(results.errors),
        "bookings_confirmed": len(results.confirmed),
        "bookings_stored": stored,
    }
    print(json.dumps(figures))
    for error in sorted(set(results.errors))[:10]:
        print("  error:", error)
    return figures


def start_single_process(var: Path) -> tuple[subprocess.Popen, str, dict]:
    """scripts/serve.py, as `make run` starts it, on free ports with a fresh database."""
    rasa_port = free_port()
    env = local_environment(var)
    ports = ["--rasa-port", str(rasa_port), "--action-port", str(free_port()), "--web-port", str(free_port())]
    return start_assistant(env, var / "servers.log", ports), f"http://127.0.0.1:{rasa_port}", env


def start_cluster() -> tuple[object, str, dict]:
    """The cluster of `make cluster`, in var/bench-cluster with empty databases."""
    from ops.cluster import Cluster

    base = {**os.environ, "RATE_LIMIT_PER_ADDRESS": "1000000"}  # as for the single process
    cluster = Cluster(ROOT / "var" / "bench-cluster", free_port(), base_env=base)
    state = cluster.start(fresh_databases=True)
    return cluster, state.url, {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": state.database_url}


def bench(label: str, url: str, env: dict, args: argparse.Namespace) -> None:
    asyncio.run(run_load(url, args.concurrency, args.concurrency, 0.0, 0.0, set()))  # warm-up, not counted
    for think in args.think:
        before = staff_list(env)
        taken = {datetime.fromisoformat(a["start"]) for a in before if a["status"] != "cancelled"}
        results, elapsed = asyncio.run(run_load(url, args.patients, args.concurrency, args.booking_share, think, taken))
        known = {a["reference"] for a in before}
        stored = [a for a in staff_list(env) if a["reference"] not in known]
        report(label, think, args.concurrency, results, elapsed, len(stored))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Rasa server or load balancer; default: start one")
    parser.add_argument("--cluster", action="store_true", help="start the cluster instead of one process")
    parser.add_argument("--database-url", help="its appointments database (with --url)")
    parser.add_argument("--label", default=None)
    parser.add_argument("--patients", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--booking-share", type=float, default=0.4)
    parser.add_argument(
        "--think",
        type=float,
        nargs="+",
        default=[2.0],
        help="seconds a patient pauses before a message; several values: one run each",
    )
    args = parser.parse_args()
    if args.url:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        bench(args.label or args.url, args.url.rstrip("/"), env, args)
        return
    if args.cluster:
        cluster, url, env = start_cluster()
        try:
            bench(args.label or "cluster: 2 Rasa + 2 action servers, nginx, PostgreSQL, Redis", url, env, args)
        finally:
            cluster.stop()
        return
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        process, url, env = start_single_process(Path(folder))
        try:
            bench(args.label or "single process", url, env, args)
        finally:
            stop_assistant(process)


if __name__ == "__main__":
    main()
