// Betweenness with Neo4j Graph Data Science.
// Answers: which actors broker between others: how many shortest paths between other
//   actors run through each one (relations read in both directions, unweighted).
// Parameters: $graph (a name for the in-memory projection, e.g. 'sahel'), $limit (e.g. 20).
// Needs the GDS plugin. Run the statements in order.
:param graph => 'sahel';
:param limit => 20;

CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName;

// each pair of related actors once (relations both ways would be two parallel ties, and
// double the shortest paths through them)
MATCH (s:Actor)
OPTIONAL MATCH (s)-[]-(o:Actor)
WHERE o.id > s.id
WITH DISTINCT s, o
WITH gds.graph.project($graph, s, o, {}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.graphName AS graph, g.nodeCount AS actors, g.relationshipCount AS relations;

CALL gds.betweenness.stream($graph)
YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS actor, score
RETURN actor.id AS id, actor.name AS name, actor.kind AS kind, score
ORDER BY score DESC
LIMIT $limit;

CALL gds.graph.drop($graph) YIELD graphName
RETURN graphName;
