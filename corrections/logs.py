"""Keep readers' status tokens out of the logs.

A status page's address is its only key (/corrections/s/<token>/): anyone who reads a log
line with the whole token can read the reader's suggestion, email consent and the desk's
answer. Django logs the address of every 4xx answer ("Not Found: /corrections/s/…/"), so
a mistyped or guessed token, or a real one once the suggestion is gone, would be written
out in full. Only a short prefix is kept: enough to match a reader's complaint to a line,
far too little to open the page.
"""

import logging
import re

TOKEN_PREFIX_LENGTH = 4
STATUS_TOKEN = re.compile(r"(/corrections/s/)([^/\s?#\"']+)")


def redact_status_tokens(text: str) -> str:
    return STATUS_TOKEN.sub(lambda found: f"{found[1]}{found[2][:TOKEN_PREFIX_LENGTH]}…", text)


class StatusTokenFilter(logging.Filter):
    """A handler filter: every record it passes has status tokens cut to a prefix."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_status_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
