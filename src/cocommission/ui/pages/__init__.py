"""One page per stage of a commission."""
