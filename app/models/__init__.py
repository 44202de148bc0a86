"""Qt item models: fed with plain records from outside, never querying the database."""
