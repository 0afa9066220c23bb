from django.dispatch import Signal

# Sent inside the transaction that creates a revision, with `article`, `revision` and
# `previous` (the revision before it, or None). Apps that keep positions in the text,
# such as reader suggestions, listen to move them along with the text.
revision_created = Signal()

# Sent by `manage.py seed_demo` inside its transaction, after the demo articles exist, with
# `stdout` (the command's output). Other apps add their own demo data here, so the demo
# shows the whole product while `newsroom` knows nothing about those apps.
demo_seeded = Signal()
