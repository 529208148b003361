"""Shared code of the martflow DAGs: operators, execute-time settings, the task graph builder.

Nothing in this package touches a database, a file or the network when it is imported: Airflow
imports it every time it parses the DAG files. Connections, Variables and the jar are resolved
inside ``execute``.
"""
