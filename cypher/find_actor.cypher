// Find an actor by name.
// Answers: which actor ids match a name or description, fuzzily (uses the actor_text
//   full-text index of schema.cypher; Lucene syntax: 'wagner~' for fuzzy, 'mal*' for prefix).
// Parameters: $text (what to look for, e.g. 'wagner~').
:param text => 'wagner~';

CALL db.index.fulltext.queryNodes('actor_text', $text) YIELD node, score
RETURN node.id AS id, node.name AS name, node.kind AS kind, node.aliases AS aliases, score
ORDER BY score DESC
LIMIT 10;
