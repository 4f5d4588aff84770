"""The command line: one Typer module per noun, composed in ``app``.

Nothing imports ``cli``. Command modules import ``store`` (and so SQLAlchemy)
only inside command functions, so ``--help`` and completion stay light.
"""
