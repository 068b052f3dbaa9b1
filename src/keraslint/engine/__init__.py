"""File discovery, one pass of all rules over one parse, suppression, failure isolation."""
