// An actor's relations, both directions.
// Answers: what does the graph say about one actor: every relation from or to it, with the
//   predicate, the counterpart, how much evidence there is and when.
// Parameters: $actor (an actor id, e.g. 'minusma').
:param actor => 'minusma';

MATCH (a:Actor {id: $actor})-[r]-(other:Actor)
RETURN CASE WHEN startNode(r) = a THEN 'out' ELSE 'in' END AS direction,
       toLower(type(r)) AS predicate, other.id AS counterpart, other.name AS name,
       other.kind AS kind, r.polarity AS polarity, r.weight AS evidence,
       r.first_date AS first_date, r.last_date AS last_date
ORDER BY r.weight DESC, predicate, counterpart;
