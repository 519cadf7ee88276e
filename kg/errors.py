"""One base error for the package; subclasses only at I/O boundaries."""


class KgError(Exception):
    """An error the user can act on. ``exit_code`` follows the CLI convention (2 = usage or input)."""

    exit_code = 2


class InputError(KgError):
    """A bad input file or value; the message names the file (and line) and the problem."""


class EndpointError(KgError):
    """A SPARQL endpoint failed; the message carries the endpoint's own words, credentials redacted."""

    exit_code = 3
