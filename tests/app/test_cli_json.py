"""Every `--json` the CLI prints is one of the application layer's models, field for field."""

import json
from pathlib import Path

import pytest
from cli_kit import run
from pydantic import BaseModel

from helpline.app import models
from helpline.store.db import Database

DEMO = "9876543210"


@pytest.fixture
def url(seeded: Database) -> str:
    return str(seeded.engine.url)


def _check(model: type[BaseModel], text: str) -> BaseModel:
    """The printed JSON validates as the model and carries every field the model has."""
    parsed = model.model_validate_json(text)
    printed = set(json.loads(text))
    declared = {name for name, f in model.model_fields.items() if not f.exclude}
    assert printed == declared
    return parsed


@pytest.mark.parametrize(
    ("args", "model"),
    [
        (["customer", DEMO, "--json"], models.CustomerView),
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
        (["seed", "--if-empty", "--json"], models.SeedReport),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_a_command_prints_its_model(url: str, args: list[str], model: type[BaseModel]) -> None:
    result = run(*args, url=url)
    assert result.returncode == 0, result.stderr
    _check(model, result.stdout)


def test_recharge_json_gives_the_transaction_id(url: str) -> None:
    result = run("recharge", DEMO, "--plan", "299", "--json", url=url)
    receipt = _check(models.RechargeReceipt, result.stdout)
    assert isinstance(receipt, models.RechargeReceipt) and receipt.txn_id > 0
    view = models.CustomerView.model_validate_json(run("customer", DEMO, "--json", url=url).stdout)
    assert view.transactions[0].txn_id == receipt.txn_id


def test_seed_json_reports_what_it_wrote(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    assert run("db", "upgrade", url=url).returncode == 0
    report = _check(models.SeedReport, run("seed", "--customers", "12", "--json", url=url).stdout)
    assert isinstance(report, models.SeedReport) and report.customers == 12 and report.seeded


def test_chat_and_nlu_print_one_model_per_line(url: str) -> None:
    chat = run("chat", "--json", url=url, stdin=f"{DEMO}\nbalance batao\n")
    assert chat.returncode == 0, chat.stderr
    for line in chat.stdout.splitlines():
        _check(models.TurnPublic, line)
    nlu = run("nlu", "mera balance kitna hai", "199 ka recharge")
    assert nlu.returncode == 0, nlu.stderr
    for line in nlu.stdout.splitlines():
        _check(models.Understanding, line)
