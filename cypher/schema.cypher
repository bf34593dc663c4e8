// sahelgraph schema: the constraints and indexes the Neo4j store creates before a load.
// Answers: nothing; run it once on a new database (e.g. after neo4j-admin import).
// Parameters: none.
// The store sends exactly these statements (a test keeps the two identical); they are
// idempotent (IF NOT EXISTS). Also: sahelgraph --neo4j URI neo4j schema --apply

CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT predicate_name IF NOT EXISTS FOR (p:Predicate) REQUIRE p.name IS UNIQUE;
CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name);
CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind);
CREATE INDEX source_published IF NOT EXISTS FOR (s:Source) ON (s.published);
CREATE FULLTEXT INDEX actor_text IF NOT EXISTS FOR (a:Actor) ON EACH [a.name, a.description];
