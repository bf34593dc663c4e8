// Timeline of an actor.
// Answers: what happened to or by an actor, in date order: one line per dated piece of
//   evidence (partial dates such as 2022-08 or 2022/2023 sort by their start).
// Parameters: $actor (an actor id, e.g. 'mali-junta').
:param actor => 'mali-junta';

MATCH (s:Actor)-[r]->(o:Actor)
WHERE s.id = $actor OR o.id = $actor
UNWIND range(0, size(r.dates) - 1) AS i
WITH s, r, o, i
WHERE r.dates[i] <> ''
RETURN r.dates[i] AS date, s.name AS subject, toLower(type(r)) AS predicate, o.name AS object,
       r.sources[i] AS source, r.quotes[i] AS quote
ORDER BY date, subject;
