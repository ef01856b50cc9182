"""What people say: the Friends and Family Test, stories moderated and answered, redaction."""
