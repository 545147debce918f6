"""The POST forms of the review app, declared: every field text, every field bounded.

FastAPI validates a form against its model before the route runs, so a field sent as a file
upload, or longer than its bound, is refused with 400 and never reaches the database, an error
message or the cookie. The bounds follow the columns the values end up in.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from review.web.accounts import MAX_NAME, MAX_PASSWORD

TOKEN = 100
ROW_ID = 19  # digits of the largest 64-bit id
NOTE = 2000


class _Form(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    csrf_token: str = Field("", max_length=TOKEN)


class TokenForm(_Form):
    """A form with nothing but its CSRF token (log out)."""


class LoginForm(_Form):
    name: str = Field("", max_length=MAX_NAME)
    password: str = Field("", max_length=MAX_PASSWORD)
    next: str = Field("/", max_length=2000)


class DecideForm(_Form):
    """Accept, reject, note, or correct: every correctable field of a claim."""

    action: str = Field("", max_length=16)
    value: str = Field("", max_length=9)  # a count of people below a billion
    qualifier: str = Field("", max_length=16)
    subject: str = Field("", max_length=500)
    place: str = Field("", max_length=200)
    as_of: str = Field("", max_length=10)
    event_date: str = Field("", max_length=10)
    attributed_to: str = Field("", max_length=300)
    person_id: str = Field("", max_length=ROW_ID)
    note: str = Field("", max_length=NOTE)

    def changes(self, names: tuple[str, ...]) -> dict[str, str]:
        return {name: getattr(self, name) for name in names}


class MergeForm(_Form):
    source_id: str = Field("", max_length=ROW_ID)
    target_id: str = Field("", max_length=ROW_ID)
    note: str = Field("", max_length=NOTE)
