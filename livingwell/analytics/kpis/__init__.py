"""The analytic layer: the pseudonymised extract's shape, the KPI catalogue and the engines that run it.

Pure: nothing here imports Django, so analysts can point it at a folder of extracts from a notebook.
"""
