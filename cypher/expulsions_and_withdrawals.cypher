// Expulsions and demands to withdraw.
// Answers: who expelled whom, who demanded whose withdrawal and who withdrew from where,
//   in date order (EXPELS, DEMANDS_WITHDRAWAL_OF, WITHDRAWS_FROM).
// Parameters: none.
MATCH (s:Actor)-[r:EXPELS|DEMANDS_WITHDRAWAL_OF|WITHDRAWS_FROM]->(o:Actor)
RETURN r.first_date AS date, s.name AS subject, toLower(type(r)) AS predicate, o.name AS object,
       r.weight AS evidence
ORDER BY date, subject;
