// Unbalanced triangles (structural balance).
// Answers: which three actors break "the friend of my friend is my friend": triangles whose
//   relations' polarities multiply to -1 (e.g. two allies where one is hostile to a third
//   the other supports). Polarity 0 relations are left out; either direction counts.
// Parameters: none.
MATCH (a:Actor)-[r1]-(b:Actor)-[r2]-(c:Actor)-[r3]-(a)
WHERE a.id < b.id AND b.id < c.id
  AND r1.polarity <> 0 AND r2.polarity <> 0 AND r3.polarity <> 0
  AND r1.polarity * r2.polarity * r3.polarity < 0
RETURN a.name AS first, toLower(type(r1)) AS first_second, b.name AS second,
       toLower(type(r2)) AS second_third, c.name AS third, toLower(type(r3)) AS third_first
ORDER BY first, second, third;
