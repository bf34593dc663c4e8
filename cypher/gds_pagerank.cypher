// PageRank with Neo4j Graph Data Science.
// Answers: which actors are most influential, counting the evidence behind each relation
//   as its weight (PageRank over the directed graph, damping 0.85).
// Parameters: $graph (a name for the in-memory projection, e.g. 'sahel'), $limit (e.g. 20).
// Needs the GDS plugin (docker/compose.yaml installs it). Run the statements in order:
// drop any old projection, project, stream the scores, drop the projection.
:param graph => 'sahel';
:param limit => 20;

CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName;

MATCH (s:Actor)
OPTIONAL MATCH (s)-[r]->(o:Actor)
WITH s, o, sum(coalesce(r.weight, 0)) AS weight
WITH gds.graph.project($graph, s, o,
       {relationshipProperties: CASE WHEN o IS NULL THEN null ELSE {weight: toFloat(weight)} END}) AS g
RETURN g.graphName AS graph, g.nodeCount AS actors, g.relationshipCount AS relations;

CALL gds.pageRank.stream($graph, {relationshipWeightProperty: 'weight', dampingFactor: 0.85})
YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS actor, score
RETURN actor.id AS id, actor.name AS name, actor.kind AS kind, score
ORDER BY score DESC
LIMIT $limit;

CALL gds.graph.drop($graph) YIELD graphName
RETURN graphName;
