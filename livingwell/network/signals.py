"""What the network tells the apps above it, which it cannot import: an introduction was accepted.

The front door (access) listens, to tell the referrer who introduced the person (the PRSB social
prescribing standard's feedback to the referrer). Sent after the transaction commits.
"""

from django.dispatch import Signal

# Sent with `item`, the ServiceIntroduction just accepted.
accepted = Signal()
