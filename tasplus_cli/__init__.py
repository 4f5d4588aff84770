"""tasplus: the TAS+ sales-process method in the terminal.

Layout (dependencies point one way): ``cli`` → ``domain``, ``store``, ``csvio``,
``render``, ``config``; ``store``, ``csvio``, ``render`` → ``domain``;
``domain`` → nothing but the standard library.
"""

__version__ = "0.1.0"
