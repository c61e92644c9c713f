"""Django settings: ``base`` for running, ``test`` for the suite."""
