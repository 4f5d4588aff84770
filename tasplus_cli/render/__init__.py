"""Rich renderables built from plain dicts and domain results; nothing here
prints or touches the database. Every function takes ``lang`` ("en"/"zh")."""
