// The ontology in force and how much of it the graph uses.
// Answers: which predicates exist (description, polarity, CAMEO/PLOVER codes) and how
//   many relations and pieces of evidence each has.
// Parameters: none.
MATCH (p:Predicate)
OPTIONAL MATCH (:Actor)-[r]->(:Actor)
WHERE type(r) = toUpper(p.name)
RETURN p.name AS predicate, p.polarity AS polarity, p.cameo AS cameo, p.plover AS plover,
       count(r) AS relations, coalesce(sum(r.weight), 0) AS evidence, p.description AS description
ORDER BY relations DESC, predicate;
