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
import warnings
from urllib.parse import unquote

from sahelgraph.errors import StoreError

DEFAULT_USER = "neo4j"


# everything up to the last "@" after the scheme is userinfo: a password may hold "/", "?",
# "#" or "@", which end the authority for a URI parser but not for whoever typed it
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:/{0,2})?(.*)@", re.S)


def safe_uri(uri: str | None) -> str:
    """``uri`` without credentials, for messages: whatever lies between the scheme and the
    last ``@`` is dropped, so a password holding ``/``, ``?``, ``#`` or ``@`` goes too.

    >>> safe_uri("neo4j://neo4j:s3cret@localhost:7687")
    'neo4j://localhost:7687'
    >>> safe_uri("bolt://admin:12/SECRET?#@127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    >>> safe_uri("admin:SECRET@127.0.0.1:7687")
    'admin:127.0.0.1:7687'
    """
    return _USERINFO.sub(lambda m: m.group(1) or "", uri or "", count=1)


def _secrets(uri: str | None, password: str | None) -> list[str]:
    """The texts no message may show: the password, and the userinfo of the URI with every
    piece of it a driver might quote on its own (split at the characters that end URI parts)."""
    found = [password] if password else []
    match = _USERINFO.match(uri or "")
    if match:
        userinfo = match.group(2)
        user, colon, secret = userinfo.partition(":")
        secret = secret if colon else user  # no user name: the whole of it may be a token
        found += [userinfo, unquote(userinfo)]
        for text in {secret, unquote(secret)}:
            found += [text] + [piece for piece in re.split(r"[/?#@:&=;]", text) if len(piece) >= 3]
    return sorted({text for text in found if text}, key=len, reverse=True)


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


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
    secrets = _secrets(uri, password)
    auth = (user, password) if password is not None else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the driver's preview warning for http:// quotes our source line
            driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    except ImportError as exc:  # http:// and https:// need a package the driver does not require
        raise StoreError(f"--neo4j {where}: the driver cannot speak {where.split(':')[0]}:// here "
                         f"(no module {exc.name}): use neo4j://HOST:7687 or bolt://HOST:7687") from None
    except (errors.ConfigurationError, ValueError) as exc:
        reason = _scrub(str(exc).split(". ")[0].replace(uri, where), secrets)
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
        raise StoreError(_scrub(message.replace(uri, where), secrets)) from None
    return store
