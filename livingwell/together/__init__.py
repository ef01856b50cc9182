"""The alliance working with the people it serves: themes, decisions and actions, co-production, the breakfast pack."""
