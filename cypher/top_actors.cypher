// Top actors: who has the most relations?
// Answers: the actors with the most distinct counterparts and relations (degree), with how
//   many of those relations are cooperative (+1), hostile (-1) or structural (0).
// Parameters: $limit (how many actors, e.g. 20).
// For PageRank or betweenness see gds_pagerank.cypher and gds_betweenness.cypher.
:param limit => 20;

MATCH (a:Actor)
OPTIONAL MATCH (a)-[r]-(other:Actor)
WITH a, count(DISTINCT other) AS counterparts, count(r) AS relations,
     sum(CASE WHEN r.polarity = 1 THEN 1 ELSE 0 END) AS cooperative,
     sum(CASE WHEN r.polarity = -1 THEN 1 ELSE 0 END) AS hostile,
     sum(CASE WHEN r.polarity = 0 THEN 1 ELSE 0 END) AS structural
RETURN a.id AS id, a.name AS name, a.kind AS kind, counterparts, relations,
       cooperative, hostile, structural
ORDER BY relations DESC, counterparts DESC, id
LIMIT $limit;
