"""Every `--json` the CLI prints is one of the application layer's models, checked against the
model's JSON schema (the voice commands' output is checked where they run, tests/voice)."""

from pathlib import Path

import pytest
from cli_kit import command_path, commands, run
from pydantic import BaseModel

from helpline.app import models
from helpline.app.people_models import ErasureReceipt, RetentionReceipt, StaffPublic
from helpline.store.db import Database
from schema_kit import check_printed

DEMO = "9876543210"

COMMANDS: list[tuple[list[str], type[BaseModel]]] = [
    (["customer", DEMO, "--json"], models.CustomerView),
    (["customer", "erase", DEMO, "--yes", "--json"], ErasureReceipt),
    (["plans", "--json"], models.PlanCatalogue),
    (["recharge", DEMO, "--plan", "199", "--json"], models.RechargeReceipt),
    (["kpis", "--department", "Network", "--json"], models.KpisPublic),
    (["summarize", "--json"], models.SummaryPublic),
    (["emerging", "--json"], models.EmergingList),
    (["complaints", "list", "--limit", "3", "--json"], models.ComplaintPage),
    (["complaints", "show", "1", "--json"], models.ComplaintDetail),
    (["complaints", "status", "1", "closed", "--json"], models.ComplaintDetail),
    (["handoffs", "--json"], models.HandoffPage),
    (["db", "current", "--json"], models.Revision),
    (["db", "upgrade", "--json"], models.Revision),
    (["db", "rebuild-kpis", "--json"], models.KpiRebuild),
    (["db", "retention", "--days", "30", "--json"], RetentionReceipt),
    (["seed", "--if-empty", "--json"], models.SeedReport),
]
# Checked by their own tests: below (chat, staff add, which read stdin) and in
# tests/voice/test_cli_voice.py (transcribe, talk, which run Whisper).
CHECKED_ELSEWHERE = {"chat", "staff add", "transcribe", "talk"}


@pytest.fixture
def url(seeded: Database) -> str:
    return str(seeded.engine.url)


@pytest.mark.parametrize(
    ("args", "model"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_a_command_prints_its_model(url: str, args: list[str], model: type[BaseModel]) -> None:
    result = run(*args, url=url)
    assert result.returncode == 0, result.stderr
    check_printed(model, result.stdout)


def test_every_json_option_is_checked() -> None:
    with_json = {
        path
        for path, command in commands()
        if any("--json" in getattr(p, "opts", ()) for p in command.params)
    }
    assert "db retention" in with_json and "talk" in with_json
    checked = {command_path(args)[0] for args, _ in COMMANDS} | CHECKED_ELSEWHERE
    assert with_json - checked == set()


def test_recharge_json_gives_the_transaction_id(url: str) -> None:
    result = run("recharge", DEMO, "--plan", "299", "--json", url=url)
    receipt = check_printed(models.RechargeReceipt, result.stdout)
    view = models.CustomerView.model_validate_json(run("customer", DEMO, "--json", url=url).stdout)
    assert receipt.txn_id > 0 and view.transactions[0].txn_id == receipt.txn_id


def test_seed_json_reports_what_it_wrote(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    assert run("db", "upgrade", url=url).returncode == 0
    result = run("seed", "--customers", "12", "--json", url=url)
    report = check_printed(models.SeedReport, result.stdout)
    assert report.customers == 12 and report.seeded


def test_staff_add_json_prints_the_account_without_its_password(url: str) -> None:
    result = run(
        "staff", "add", "asha", "--role", "manager", "--name", "Asha Rao", "--json",
        url=url, stdin="correct horse battery\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    account = check_printed(StaffPublic, result.stdout)
    assert (account.username, account.role, account.is_active) == ("asha", "manager", True)
    assert "correct horse" not in result.stdout


def test_chat_and_nlu_print_one_model_per_line(url: str) -> None:
    chat = run("chat", "--json", url=url, stdin=f"{DEMO}\nbalance batao\n")
    assert chat.returncode == 0, chat.stderr
    for line in chat.stdout.splitlines():
        check_printed(models.TurnPublic, line)
    nlu = run("nlu", "mera balance kitna hai", "199 ka recharge")
    assert nlu.returncode == 0, nlu.stderr
    for line in nlu.stdout.splitlines():
        check_printed(models.Understanding, line)
