"""Opening the Neo4j store from the command line's configuration: the only place that reads
Neo4j credentials.

The URI, user, password and database come from the group's options, which click fills from
``--neo4j/--username/--password/--database`` or NEO4J_URI, NEO4J_USERNAME (default
``neo4j``), NEO4J_PASSWORD and NEO4J_DATABASE. The password goes to the driver and nowhere
else: it is not in any message, repr or log line, and a URI is shown without any
``user:password@`` part.
"""

from __future__ import annotations

import logging
import re

from sahelgraph.errors import StoreError

DEFAULT_USER = "neo4j"


def safe_uri(uri: str) -> str:
    """``uri`` without credentials, for messages.

    >>> safe_uri("neo4j://neo4j:s3cret@localhost:7687")
    'neo4j://localhost:7687'
    """
    return re.sub(r"(?<=://)[^/@]*@", "", uri or "")


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def open_neo4j_store(config):
    """A :class:`~sahelgraph.stores.neo4j.Neo4jStore` on the server the configuration names,
    checked to answer; raises StoreError with one line saying what is wrong and the fix."""
    import neo4j
    from neo4j import exceptions as errors

    from sahelgraph.stores.neo4j import Neo4jStore, describe_driver_error

    # the driver logs connection failures itself; without a handler Python would print them
    # next to our one-line error
    logger = logging.getLogger("neo4j")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    uri = config.neo4j_uri
    user = config.neo4j_user or DEFAULT_USER
    password = config.neo4j_password
    where = safe_uri(uri)
    auth = (user, password) if password is not None else None
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    except (errors.ConfigurationError, ValueError) as exc:
        reason = _scrub(str(exc).split(". ")[0], password).replace(uri, where)
        raise StoreError(f"--neo4j {where}: {reason} (use neo4j://HOST:7687, bolt://HOST:7687, "
                         "or neo4j+s:// for TLS)") from None
    try:
        driver.verify_connectivity()
        store = Neo4jStore(driver, database=config.neo4j_database, close_driver=True, address=where)
        store.verify()
    except (errors.Neo4jError, errors.DriverError, StoreError) as exc:
        driver.close()
        if isinstance(exc, StoreError):
            message = str(exc)
        elif isinstance(exc, errors.AuthError) or getattr(exc, "code", "") == "Neo.ClientError.Security.Unauthorized":
            message = (f"Neo4j at {where} refused user '{user}': "
                       + ("no password given: set NEO4J_PASSWORD or pass --password"
                          if password is None else
                          "wrong user name or password (NEO4J_USERNAME / NEO4J_PASSWORD, "
                          "or --username / --password)"))
        elif isinstance(exc, (errors.ServiceUnavailable, errors.SessionExpired)):
            message = (f"cannot reach Neo4j at {where}: start the server (docker compose -f "
                       "docker/compose.yaml up -d) or fix --neo4j / NEO4J_URI")
        else:
            message = describe_driver_error(exc, database=config.neo4j_database)
        raise StoreError(_scrub(message, password)) from None
    return store
