// What did a state do, through its government, ministries, forces and officials.
// Answers: every act of the actor and of those who act for it (GOVERNMENT_OF, PART_OF,
//   OFFICIAL_OF, LEADS, REPRESENTS, followed any number of levels down), each saying
//   through whom: "Mali (through Malian junta) -expels-> Olivier Salgado". Give $predicate
//   (e.g. 'EXPELS') for one kind of act, or null for all. Runs as written on Neo4j and on
//   the embedded store (sahelgraph query), where type(r) is defined as in Neo4j.
// Parameters: $actor (an actor id, e.g. 'mali'), $predicate (a relationship type or null).
:param actor => 'mali';
:param predicate => 'EXPELS';

MATCH (state:Actor {id: $actor})<-[:GOVERNMENT_OF|PART_OF|OFFICIAL_OF|LEADS|REPRESENTS*0..6]-(part:Actor)-[r]->(target:Actor)
WHERE NOT type(r) IN ['GOVERNMENT_OF', 'PART_OF', 'OFFICIAL_OF', 'LEADS', 'REPRESENTS']
  AND type(r) = coalesce($predicate, type(r))
RETURN DISTINCT state.name AS actor,
       CASE WHEN part.id = state.id THEN null ELSE part.name END AS through,
       toLower(type(r)) AS predicate, target.name AS target, r.first_date AS first_date,
       r.last_date AS last_date, r.weight AS evidence
ORDER BY first_date, predicate, target;
