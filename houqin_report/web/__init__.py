"""`houqin serve`: the facts as a form in the browser, with the same checks, a preview and the
documents to download, every save kept as a version (issue 17).

Modules: core (the one door into the rest of the package), forms (the form from the model),
facts_yaml (form data → facts text), checks (check and preview of a text), outline_html
(preview HTML), newterm (新学期), store (SQLAlchemy), app (guards, pages), routes, serve.
"""
