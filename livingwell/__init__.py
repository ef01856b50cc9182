"""livingwell: the platform a mental health alliance runs to work as one system."""
