// Relations with their evidence.
// Answers: why does the graph say so: each relation of an actor with every piece of
//   evidence behind it (date, source, verbatim quote, confidence, note).
// Parameters: $actor (an actor id, e.g. 'minusma').
// The evidence is stored as parallel lists on the relation: item i of dates, sources,
// quotes, confidences and notes is evidence i ("" means not given, -1 no confidence).
:param actor => 'minusma';

MATCH (:Actor {id: $actor})-[r]-(:Actor)
WITH DISTINCT r
UNWIND range(0, size(r.dates) - 1) AS i
RETURN startNode(r).name AS subject, toLower(type(r)) AS predicate, endNode(r).name AS object,
       r.dates[i] AS date, r.sources[i] AS source, r.quotes[i] AS quote,
       r.confidences[i] AS confidence, r.notes[i] AS note
ORDER BY date, subject, predicate;
