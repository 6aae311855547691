"""Task flows, one module per family. Each function is pure: it builds a :class:`TaskInputs`,
yields the requests (route lookup, input download, the call) and parses the result."""
