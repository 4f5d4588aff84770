"""Pure TAS+ rules: standard library only, plain values in and out, "today" a parameter.

Nothing here touches the database, the terminal or the config file; callers pass
what a rule needs (thresholds, stage templates, dates) explicitly.
"""
