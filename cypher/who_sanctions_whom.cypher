// Who sanctions whom.
// Answers: every sanction in the graph: who imposed it on whom, since when, on what
//   evidence (the SANCTIONS relationship type, predicate 'sanctions').
// Parameters: none.
MATCH (s:Actor)-[r:SANCTIONS]->(o:Actor)
RETURN s.name AS sanctioning, s.kind AS sanctioning_kind, o.name AS sanctioned, o.kind AS sanctioned_kind,
       r.first_date AS since, r.last_date AS latest, r.weight AS evidence,
       [x IN r.sources WHERE x <> ''] AS sources
ORDER BY since, sanctioning;
