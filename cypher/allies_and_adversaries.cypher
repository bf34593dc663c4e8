// Allies and adversaries of an actor.
// Answers: who sides with an actor and who opposes it, by the polarity of the relations
//   between them (+1 cooperative, -1 hostile), either direction, with the evidence behind it.
// Parameters: $actor (an actor id, e.g. 'mali-junta').
:param actor => 'mali-junta';

MATCH (a:Actor {id: $actor})-[r]-(other:Actor)
WHERE r.polarity <> 0
WITH other, sum(r.polarity * r.weight) AS balance,
     collect(DISTINCT toLower(type(r))) AS predicates, sum(r.weight) AS evidence
RETURN other.id AS id, other.name AS name, other.kind AS kind,
       CASE WHEN balance > 0 THEN 'ally' WHEN balance < 0 THEN 'adversary' ELSE 'mixed' END AS side,
       balance, evidence, predicates
ORDER BY side, abs(balance) DESC, id;
