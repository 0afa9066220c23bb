from django.dispatch import Signal

# Sent inside the transaction that creates a revision, with `article`, `revision` and
# `previous` (the revision before it, or None). Apps that keep positions in the text,
# such as reader suggestions, listen to move them along with the text.
revision_created = Signal()
