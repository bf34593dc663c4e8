// An actor's neighbourhood, as a picture.
// Answers: who is within two relations of an actor; returns the paths so Browser draws the
//   ego network; edit *1..2 for another radius.
// Parameters: $actor (an actor id, e.g. 'wagner-group').
:param actor => 'wagner-group';

MATCH p = (a:Actor {id: $actor})-[*1..2]-(:Actor)
RETURN p
LIMIT 300;
