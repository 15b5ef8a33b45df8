"""Importing this module registers every built-in format, most specific first."""
from . import canonical  # noqa: F401
from . import meta  # noqa: F401
from . import facebook_insights  # noqa: F401
from . import youtube  # noqa: F401
from . import x_twitter  # noqa: F401
from . import linkedin  # noqa: F401
from . import ga4  # noqa: F401
from . import meltwater  # noqa: F401
from . import conversation_formats  # noqa: F401
