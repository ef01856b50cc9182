"""What support tells the apps above it, which it cannot import: an episode ended, with its outcome.

The front door (access) listens, to tell the referrer. Sent after the transaction commits.
"""

from django.dispatch import Signal

# Sent with `episode`, the Episode just ended.
ended = Signal()
