"""Who may do what at the desk, defined once.

The services check these before each state change; the admin, the exports and the
standards dashboard ask the same question to decide what to show.
"""

REVIEW_CODENAME = "review_suggestion"
REVIEW_PERMISSION = f"corrections.{REVIEW_CODENAME}"
PUBLISH_NOTE_PERMISSION = "corrections.add_changenote"


def can_review(user) -> bool:
    """Reviewers decide readers' suggestions about any article and see the readers'
    private data (emails, user agents, IP hashes). Authors see their own articles' reports,
    without it. Active superusers have every permission."""
    return user.has_perm(REVIEW_PERMISSION)
