"""Time as the database stores it: naive UTC, the one form every backend keeps unchanged."""

from datetime import UTC, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def utcnow() -> datetime:
    """Now, as naive UTC (what the database columns hold)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_ist(moment: datetime) -> datetime:
    """A stored naive-UTC time in Indian Standard Time, for what customers and staff read."""
    return moment.replace(tzinfo=UTC).astimezone(IST)
