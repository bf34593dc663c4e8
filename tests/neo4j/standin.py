"""The one stand-in left in the Neo4j tests: a wrapper around a real driver that makes a
write transaction fail part-way, as a real server does under contention (a transient error,
which ``execute_write`` retries) or on a statement it refuses (no retry). Everything else
reaches the real server: the statements before the failure run in a real transaction, which
the server rolls back.
"""

from __future__ import annotations

from neo4j import exceptions as neo4j_errors


def neo4j_error(code: str, message: str) -> Exception:
    """An error as the driver raises it for a server failure with this GQL/Neo4j code."""
    hydrate = getattr(neo4j_errors.Neo4jError, "_hydrate_neo4j", None)
    if hydrate is not None:  # driver 5.26+ / 6.x
        return hydrate(code=code, message=message)
    return neo4j_errors.Neo4jError.hydrate(code=code, message=message)  # driver 5.x


class FailingDriver:
    """A real driver whose first ``transient`` write transactions fail with a transient
    error after ``after_statements`` statements (the driver retries them), or, with
    ``fatal``, every write transaction fails there with an error the driver does not retry."""

    def __init__(self, driver, *, transient: int = 0, fatal: bool = False, after_statements: int = 1):
        self.driver = driver
        self.transient = transient
        self.fatal = fatal
        self.after_statements = after_statements
        self.failures = 0

    def session(self, **config):
        return _Session(self, self.driver.session(**config))

    def verify_connectivity(self, **config):
        return self.driver.verify_connectivity(**config)

    def close(self):
        pass  # the real driver belongs to the test


class _Session:
    def __init__(self, owner: FailingDriver, session):
        self.owner = owner
        self.session = session

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.session.close()

    def close(self):
        self.session.close()

    def execute_read(self, work, *args, **kwargs):
        return self.session.execute_read(work, *args, **kwargs)

    def execute_write(self, work, *args, **kwargs):
        owner = self.owner

        def failing(tx, *a, **kw):
            fail = owner.fatal or owner.failures < owner.transient
            return work(_Transaction(tx, owner, fail), *a, **kw)

        return self.session.execute_write(failing, *args, **kwargs)


class _Transaction:
    def __init__(self, tx, owner: FailingDriver, fail: bool):
        self.tx = tx
        self.owner = owner
        self.fail = fail
        self.statements = 0

    def run(self, query, parameters=None, **kwparameters):
        if self.fail and self.statements >= self.owner.after_statements:
            self.owner.failures += 1
            if self.owner.fatal:
                raise neo4j_error("Neo.ClientError.Schema.ConstraintValidationFailed",
                                  "Node(12) already exists with label `Actor` and property `id` = 'mali'")
            raise neo4j_error("Neo.TransientError.Transaction.DeadlockDetected",
                              "ForsetiClient can't acquire ExclusiveLock: deadlock detected")
        self.statements += 1
        return self.tx.run(query, parameters, **kwparameters)
