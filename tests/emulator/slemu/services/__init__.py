"""Service modules.  Every module here that defines a module-level
``SERVICE = Service(...)`` is loaded at start-up (see routing.Registry.discover);
adding a service means adding a file, nothing else."""
