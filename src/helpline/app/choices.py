"""What a front end offers in its complaint filters: the names the database and lifecycle know."""

from helpline.app.core import Context
from helpline.app.models import FilterChoices
from helpline.app.scope import known_departments
from helpline.complaints.filters import PRIORITIES
from helpline.store.complaint_queries import circles
from helpline.store.complaints import STATUSES


def filter_choices(context: Context) -> FilterChoices:
    """Every department, status, priority and circle a complaint filter accepts."""
    database = context.ready_database()
    with database.sessions() as session:
        found = circles(session)
    return FilterChoices(
        departments=known_departments(context),
        statuses=list(STATUSES),
        priorities=list(PRIORITIES),
        circles=found,
    )
