// Communities with Neo4j Graph Data Science (Louvain).
// Answers: which actors form blocs: groups more densely related among themselves than to
//   the rest, from cooperative relations only (polarity +1), weighted by evidence.
// Parameters: $graph (a name for the in-memory projection, e.g. 'sahel-cooperation').
// Needs the GDS plugin. Run the statements in order.
:param graph => 'sahel-cooperation';

CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName;

MATCH (s:Actor)
OPTIONAL MATCH (s)-[r]->(o:Actor)
WHERE r.polarity = 1
WITH s, o, sum(coalesce(r.weight, 0)) AS weight
WITH gds.graph.project($graph, s, o,
       {relationshipProperties: CASE WHEN o IS NULL THEN null ELSE {weight: toFloat(weight)} END},
       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.graphName AS graph, g.nodeCount AS actors, g.relationshipCount AS relations;

CALL gds.louvain.stream($graph, {relationshipWeightProperty: 'weight'})
YIELD nodeId, communityId
WITH communityId, collect(gds.util.asNode(nodeId).name) AS members
WHERE size(members) > 1
RETURN communityId AS community, size(members) AS size, members
ORDER BY size DESC;

CALL gds.graph.drop($graph) YIELD graphName
RETURN graphName;
