// Shortest paths between two actors.
// Answers: how are two actors connected: every shortest chain of relations between them, in
//   either direction, up to 6 hops, hop by hop with predicate and evidence count.
// Parameters: $source and $target (actor ids, e.g. 'wagner-group' and 'minusma').
// Browser draws the paths when you RETURN p instead of the table below.
:param source => 'wagner-group';
:param target => 'minusma';

MATCH (a:Actor {id: $source})
MATCH (b:Actor {id: $target})
MATCH p = allShortestPaths((a)-[*..6]-(b))
RETURN [n IN nodes(p) | n.name] AS actors,
       [r IN relationships(p) | startNode(r).id + ' -' + toLower(type(r)) + '-> ' + endNode(r).id
          + ' (' + toString(r.weight) + ')'] AS hops,
       length(p) AS length;
