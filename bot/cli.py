"""The staff command line: `python -m bot appointments list`, `... confirm REF`, and so on."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.clinic import privacy, staff
from bot.clinic.appointments import SchedulingError, UnknownReference
from bot.clinic.database import APPOINTMENT_STATUSES, DONE, OPEN, get_engine
from bot.handoff.outbox import deliver_due, retry_all_now
from bot.safety import flags
from bot.settings import get_settings
from stores.conversations import delete_conversations, delete_events_before


def _jsonable(record: Any) -> dict[str, Any]:
    return {
        key: value.isoformat(timespec="seconds") if isinstance(value, datetime) else value
        for key, value in asdict(record).items()
    }


def _when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M %Z")


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = [headers, ["-" * width for width in widths], *rows]
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines)


def _print_records(records: list[Any], as_json: bool, headers: list[str], row: Any, empty: str) -> None:
    if as_json:
        print(json.dumps([_jsonable(record) for record in records], indent=2))
    elif not records:
        print(empty)
    else:
        print(_table(headers, [row(record) for record in records]))


def _appointments_list(args: argparse.Namespace) -> int:
    records = staff.list_appointments(get_engine(), status=args.status, settings=get_settings())
    _print_records(
        records,
        args.json,
        ["REFERENCE", "START", "STATUS", "NAME", "PHONE", "NEW", "REASON"],
        lambda a: [
            a.reference,
            _when(a.start),
            a.status,
            a.name,
            a.phone,
            {True: "yes", False: "no", None: "?"}[a.new_patient],
            (a.reason or "")[:40],
        ],
        "No appointments.",
    )
    return 0


def _appointments_confirm(args: argparse.Namespace) -> int:
    view = staff.confirm(get_engine(), args.reference, settings=get_settings())
    print(f"{view.reference} is now {view.status} ({_when(view.start)}).")
    return 0


def _appointments_cancel(args: argparse.Namespace) -> int:
    view = staff.staff_cancel(get_engine(), args.reference, settings=get_settings())
    print(f"{view.reference} is now {view.status}; {_when(view.start)} is free again.")
    return 0


def _callbacks_list(args: argparse.Namespace) -> int:
    records = staff.list_callbacks(get_engine(), status=args.status, settings=get_settings())
    _print_records(
        records,
        args.json,
        ["ID", "CREATED", "STATUS", "NAME", "PHONE", "PREFERRED TIME", "REASON"],
        lambda c: [
            str(c.id),
            _when(c.created_at),
            c.status,
            c.name,
            c.phone,
            c.preferred_time or "",
            (c.reason or "")[:40],
        ],
        "No call-back requests.",
    )
    return 0


def _callbacks_done(args: argparse.Namespace) -> int:
    view = staff.close_callback(get_engine(), args.id, settings=get_settings())
    print(f"Call-back request {view.id} is now {view.status}.")
    return 0


def _safety_list(args: argparse.Namespace) -> int:
    records = flags.list_flags(get_engine(), status=None if args.all else OPEN)
    _print_records(
        records,
        args.json,
        ["ID", "FLAGGED", "URGENT", "CHANNEL", "STATUS", "CONVERSATION"],
        lambda f: [
            str(f.id),
            _when(f.created_at.astimezone(get_settings().timezone)),
            f.category,
            f.channel,
            f.status,
            f.conversation_id,
        ],
        "No safety flags.",
    )
    return 0


def _safety_done(args: argparse.Namespace) -> int:
    view = flags.close_flag(get_engine(), args.id)
    print(f"Safety flag {view.id} is now {view.status}.")
    return 0


def _queue(args: argparse.Namespace) -> int:
    """What is waiting for staff, most urgent first."""
    engine, settings = get_engine(), get_settings()
    urgent = flags.list_flags(engine)
    callbacks = staff.list_callbacks(engine, settings, status=OPEN)
    requests = staff.list_appointments(engine, settings, status="proposed")
    for flag in urgent:
        print(
            f"URGENT  safety flag {flag.id}: {flag.category} crisis, "
            f"{_when(flag.created_at.astimezone(settings.timezone))}, "
            f"{flag.channel} conversation {flag.conversation_id}. Follow up, then `safety done {flag.id}`."
        )
    for callback in callbacks:
        print(f"call back  {callback.id}: {callback.name}, {callback.phone}, {callback.preferred_time or 'any time'}")
    for request in requests:
        print(f"confirm    {request.reference}: {request.name}, {_when(request.start)}")
    if not (urgent or callbacks or requests):
        print("Nothing is waiting.")
    return 0


def _outbox_retry(args: argparse.Namespace) -> int:
    settings = get_settings()
    if not settings.scheduling_webhook_url:
        print("SCHEDULING_WEBHOOK_URL is not set: there is no webhook to deliver to.", file=sys.stderr)
        return 1
    pending = retry_all_now(get_engine())
    report = deliver_due(get_engine(), settings)
    print(f"{pending} pending: {report.delivered} delivered, {report.failed} failed.")
    if report.failed:
        print("Failed messages are retried later, with backoff.", file=sys.stderr)
    return 0 if report.failed == 0 else 1


def _patient_purge(args: argparse.Namespace) -> int:
    settings = get_settings()
    purged = privacy.purge_patient(get_engine(), args.phone, settings)
    events = delete_conversations(settings.tracker_store_url, purged.conversation_ids)
    print(
        f"Removed {purged.appointments} appointments, {purged.callbacks} call-back requests, "
        f"{purged.outbox_messages} outbox messages, {purged.safety_flags} safety flags "
        f"and {events} conversation events."
    )
    return 0


def _purge_old(args: argparse.Namespace) -> int:
    settings = get_settings()
    days = settings.retention_days if args.days is None else args.days
    cutoff = privacy.retention_cutoff(days)
    purged = privacy.purge_older_than(get_engine(), cutoff)
    events = delete_events_before(settings.tracker_store_url, cutoff)
    print(
        f"Older than {days} days: removed {purged.appointments} appointments, {purged.callbacks} call-back "
        f"requests, {purged.outbox_messages} outbox messages, {purged.safety_flags} safety flags and {events} "
        "conversation events."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Clinic staff tools.")
    topics = parser.add_subparsers(dest="topic", required=True)

    appointments = topics.add_parser("appointments", help="appointment requests").add_subparsers(
        dest="command", required=True
    )
    listing = appointments.add_parser("list", help="print the appointment queue")
    listing.add_argument("--status", choices=APPOINTMENT_STATUSES)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=_appointments_list)
    for name, run, text in (
        ("confirm", _appointments_confirm, "mark a request as booked"),
        ("cancel", _appointments_cancel, "cancel an appointment and free its slot"),
    ):
        command = appointments.add_parser(name, help=text)
        command.add_argument("reference")
        command.set_defaults(run=run)

    callbacks = topics.add_parser("callbacks", help="call-back requests").add_subparsers(dest="command", required=True)
    listing = callbacks.add_parser("list", help="print the call-back requests")
    listing.add_argument("--status", choices=(OPEN, DONE))
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=_callbacks_list)
    done = callbacks.add_parser("done", help="mark a call-back request as done")
    done.add_argument("id", type=int)
    done.set_defaults(run=_callbacks_done)

    topics.add_parser("queue", help="what is waiting for staff, urgent safety flags first").set_defaults(run=_queue)

    safety = topics.add_parser("safety", help="crises and treatment injuries to follow up").add_subparsers(
        dest="command", required=True
    )
    listing = safety.add_parser("list", help="print the open safety flags, newest first")
    listing.add_argument("--all", action="store_true", help="closed ones too")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=_safety_list)
    done = safety.add_parser("done", help="mark a safety flag as followed up")
    done.add_argument("id", type=int)
    done.set_defaults(run=_safety_done)

    outbox = topics.add_parser("outbox", help="messages to the scheduling webhook").add_subparsers(
        dest="command", required=True
    )
    outbox.add_parser("retry", help="deliver every pending message now").set_defaults(run=_outbox_retry)

    patient = topics.add_parser("patient", help="patient data").add_subparsers(dest="command", required=True)
    purge = patient.add_parser("purge", help="remove everything stored about one phone number")
    purge.add_argument("--phone", required=True)
    purge.set_defaults(run=_patient_purge)

    old = topics.add_parser("purge-old", help="remove data older than the retention period")
    old.add_argument("--days", type=int, help="default: RETENTION_DAYS")
    old.set_defaults(run=_purge_old)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UnknownReference as error:
        print(f"No appointment with reference {error}.", file=sys.stderr)
    except (SchedulingError, LookupError, ValueError) as error:
        print(f"Error: {error}.", file=sys.stderr)
    return 1
