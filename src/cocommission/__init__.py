"""CoCommission: run co-produced commissioning with the people a service is for.

The package is layered: ``model`` (Qt-free domain), ``db`` (storage), ``services``
(one function per user intent), and ``ui`` / ``export`` / ``cli`` on top.
"""

__version__ = "0.1.0"
