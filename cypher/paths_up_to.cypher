// All paths between two actors up to a number of hops.
// Answers: every way (not just the shortest) two actors are linked within 3 relations,
//   either direction, with the polarity of each hop; edit *1..3 for another bound.
// Parameters: $source and $target (actor ids, e.g. 'united-states' and 'mali-junta').
:param source => 'united-states';
:param target => 'mali-junta';

MATCH (a:Actor {id: $source})
MATCH (b:Actor {id: $target})
MATCH p = (a)-[*1..3]-(b)
WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN [n IN nodes(p) | n.id] AS actors,
       [r IN relationships(p) | toLower(type(r))] AS predicates,
       reduce(sign = 1, r IN relationships(p) | sign * coalesce(r.polarity, 0)) AS polarity_product,
       length(p) AS hops
ORDER BY hops, actors;
