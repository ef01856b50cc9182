"""The statistics core: Making Data Count SPC charts and funnel plots, proven against the NHS-R packages.

Pure Python (NumPy and SciPy): nothing here imports Django or any app, so an analyst can use it from a
notebook or the command line (`livingwell spc`, `livingwell funnel`). The lint's import contracts
hold that rule.
"""
