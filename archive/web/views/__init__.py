"""Request handlers, one module per page family; ``archive.web.app`` lists every route."""
